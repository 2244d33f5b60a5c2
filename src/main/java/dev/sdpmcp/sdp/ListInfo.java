package dev.sdpmcp.sdp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One page of a list (list_info, docs/sdp-api-fidelity.md §12): 1-based start_index, at most 100 rows, optional sort and
 * search_criteria, and the total only when asked for.
 */
public record ListInfo(int page, int pageSize, String sortField, String sortOrder, SearchCriteria criteria,
        List<String> fieldsRequired, boolean totalCount) {

    public static final int MAX_PAGE_SIZE = 100;

    public ObjectNode toInputData() {
        return toInputData((page - 1) * pageSize + 1, pageSize, totalCount);
    }

    /** The same query for other rows: from the 1-based {@code startIndex}, {@code rowCount} of them. */
    public ObjectNode toInputData(int startIndex, int rowCount, boolean totalCount) {
        ObjectNode input = SdpClient.JSON.createObjectNode();
        ObjectNode listInfo = input.putObject("list_info");
        listInfo.put("row_count", rowCount);
        listInfo.put("start_index", startIndex);
        if (sortField != null) {
            listInfo.put("sort_field", sortField);
            listInfo.put("sort_order", sortOrder == null ? "asc" : sortOrder);
        }
        if (totalCount) {
            listInfo.put("get_total_count", true);
        }
        if (criteria != null) {
            listInfo.set("search_criteria", criteria.toJson());
        }
        if (fieldsRequired != null && !fieldsRequired.isEmpty()) {
            input.set("fields_required", SdpClient.JSON.valueToTree(fieldsRequired));
        }
        return input;
    }
}
