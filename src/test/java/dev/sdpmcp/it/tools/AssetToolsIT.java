package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.ToolHints;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every asset tool through MCP against the sandbox's ServiceDesk Plus, success and failure. */
@RunsOnPostgresql
class AssetToolsIT extends SdpToolTestBase {

    /** A name no other test uses, so that tests never see each other's assets. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    String newAsset(String name) {
        return id(entity(ok("create_asset", Map.of("name", name, "product", "HP EliteDesk 800 G9", "state", "In Store")), "asset"));
    }

    @Test
    void userDefinedFieldsGoByLabel() throws Exception {
        long before = sdp().log(user).stream().filter(e -> e.path("method").asText().equals("POST")).count();
        String wrong = error("create_asset", Map.of("name", unique("UDF"), "product", "HP EliteDesk 800 G9", "state", "In Store",
                "udf_fields", Map.of("Warranty Type", "Lifetime")));
        assertTrue(wrong.contains("Warranty Type must be one of Standard, Extended, None"), wrong);
        assertEquals(before, sdp().log(user).stream().filter(e -> e.path("method").asText().equals("POST")).count(),
                "refused before anything is sent");
        String id = id(entity(ok("create_asset", Map.of("name", unique("UDF"), "product", "HP EliteDesk 800 G9", "state", "In Store",
                "udf_fields", Map.of("warranty type", "extended", "udf_sline_2001", "PO-7"))), "asset"));
        JsonNode sentUdfs = sent("POST", "/assets").path("asset").path("udf_fields");
        assertEquals("Extended", sentUdfs.path("udf_pick_2002").asText());
        assertEquals("PO-7", sentUdfs.path("udf_sline_2001").asText());
        ok("update_asset", Map.of("asset_id", id, "udf_fields", Map.of("Purchase Order", "PO-8")));
        assertEquals("PO-8", sent("PUT", "/assets/" + id).path("asset").path("udf_fields").path("udf_sline_2001").asText());
        String shown = text(call("get_asset", Map.of("asset_id", id)));
        assertTrue(shown.contains("Warranty Type: Extended") && shown.contains("Purchase Order: PO-8"), shown);
        assertTrue(error("update_asset", Map.of("asset_id", id, "udf_fields", Map.of("Colour", "red"))).contains("Purchase Order"));
    }

    @Test
    void aUdfAddedAfterTheFieldsWereReadShowsByItsLabel() throws Exception {
        String id = newAsset(unique("RACK"));
        assertTrue(text(call("get_asset", Map.of("asset_id", id))).contains("HP EliteDesk"), "the fields are read and cached");
        String portal = System.getenv("SDP_INSTANCE_NAME");
        JsonNode seeded = sdp().fields(portal, "{\"module\":\"assets\"}").path("udfs"); // read, not changed
        try {
            sdp().fields(portal, "{\"module\":\"assets\",\"udfs\":" + seeded.toString().replaceFirst("]$",
                    ",{\"key\":\"udf_sline_2003\",\"label\":\"Rack\"}]") + "}");
            // someone else fills it in ServiceDesk Plus itself
            List<String> tokens = zoho().tokens(user);
            var written = dev.sdpmcp.it.support.Http.send("PUT", uri("/sandbox/sdp/app/" + portal + "/api/v3/assets/" + id), Map.of(
                    "Authorization", "Zoho-oauthtoken " + tokens.get(tokens.size() - 1), "Accept", "application/vnd.manageengine.sdp.v3+json",
                    "Content-Type", "application/x-www-form-urlencoded"), "input_data=" + java.net.URLEncoder.encode(
                    "{\"asset\":{\"udf_fields\":{\"udf_sline_2003\":\"R12\"}}}", java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(200, written.statusCode(), written.body());
            long reads = metainfoReads();
            assertTrue(text(call("get_asset", Map.of("asset_id", id))).contains("Rack: R12"), "by its label, not udf_sline_2003");
            assertEquals(reads + 1, metainfoReads(), "the fields read again once");
            text(call("get_asset", Map.of("asset_id", id)));
            assertEquals(reads + 1, metainfoReads(), "and then known");
        } finally {
            sdp().fields(portal, "{\"module\":\"assets\",\"udfs\":" + seeded + "}");
        }
    }

    long metainfoReads() {
        return sdp().log(user).stream().filter(e -> e.path("path").asText().endsWith("/assets/_metainfo")).count();
    }

    @Test
    void listAssetsAppliesEveryFilterAndSortOnTheServer() throws Exception {
        Map<String, Object> page = ok("list_assets", Map.of("state", "In Use", "product_type", "Workstation", "site", "Base Site",
                "sort_by", "name", "sort_order", "desc"));
        List<Map<String, Object>> rows = rows(page, "assets");
        assertFalse(rows.isEmpty(), "the sample data has workstations in use at Base Site");
        for (Map<String, Object> row : rows) {
            assertEquals("In Use", name(row, "state"));
            assertEquals("Workstation", name(row, "product_type"));
            assertEquals("Base Site", name(row, "site"));
        }
        JsonNode listInfo = sent("GET", "/assets").path("list_info");
        assertEquals("name", listInfo.path("sort_field").asText());
        assertEquals("desc", listInfo.path("sort_order").asText());
        String criteria = listInfo.path("search_criteria").toString();
        assertTrue(criteria.contains("state.name") && criteria.contains("product_type.name") && criteria.contains("site.name"), criteria);

        assertEquals(List.of("LT-0001"), column(ok("list_assets", Map.of("user", "lincoln@zylker.example")), "assets", "name"));
        assertTrue(sent("GET", "/assets").path("list_info").path("search_criteria").toString().contains("user.email_id"));
        List<Map<String, Object>> macs = rows(ok("list_assets", Map.of("product", "Apple MacBook Pro 14,Apple iPhone 15",
                "department", "Sales")), "assets");
        assertFalse(macs.isEmpty());
        macs.forEach(row -> assertTrue(name(row, "product").startsWith("Apple") && name(row, "department").equals("Sales"), row.toString()));

        Map<String, Object> first = ok("list_assets", Map.of("page_size", 3));
        assertEquals(true, first.get("has_more_rows"));
        assertEquals(2, first.get("next_page"));
        Map<String, Object> second = ok("list_assets", Map.of("page_size", 3, "page", 2, "with_total", true));
        assertEquals(4, sent("GET", "/assets").path("list_info").path("start_index").asInt(), "1-based: page 2 of 3 starts at 4");
        assertTrue(((Number) second.get("total_count")).intValue() >= 10, "the ten sample assets, and any a test added");
        Set<Object> ids = new HashSet<>();
        rows(first, "assets").forEach(row -> ids.add(row.get("id")));
        rows(second, "assets").forEach(row -> assertFalse(ids.contains(row.get("id")), "page 2 repeats page 1"));

        assertTrue(error("list_assets", Map.of("page_size", 101)).contains("100"));
        assertTrue(error("list_assets", Map.of("page", 0)).contains("page"));
        assertReadOnly("list_assets");
    }

    @Test
    void searchAssetsSearchesOnTheServerNeverFetchAndFilter() throws Exception {
        assertEquals(List.of("LT-0002"), column(ok("search_assets", Map.of("query", "c02fx")), "assets", "name"));
        String criteria = searchedFor("/assets");
        for (String field : List.of("name", "asset_tag", "serial_number", "barcode")) {
            assertTrue(criteria.contains("\"" + field + "\""), field + " is searched: " + criteria);
        }
        assertTrue(criteria.contains("contains") && criteria.contains("OR"), criteria);

        assertEquals(List.of("LT-0000"), column(ok("search_assets", Map.of("query", "ZYL-LT", "state", "Disposed")), "assets", "name"));
        String both = sent("GET", "/assets").path("list_info").path("search_criteria").toString();
        assertTrue(both.contains("state.name") && both.contains("asset_tag"), "the query and the filter together: " + both);

        assertTrue(text(call("search_assets", Map.of("query", "no-such-asset-anywhere"))).startsWith("No assets found"));
        assertTrue(error("search_assets", Map.of()).contains("Give something to search for"));
        assertReadOnly("search_assets");
    }

    @Test
    void getAsset() {
        String id = id(rows(ok("search_assets", Map.of("query", "SRV-DB-01")), "assets").get(0));
        Map<String, Object> asset = entity(ok("get_asset", Map.of("asset_id", id)), "asset");
        assertEquals("SRV-DB-01", asset.get("name"));
        assertEquals("Dell PowerEdge R760", name(asset, "product"));
        assertTrue(text(call("get_asset", Map.of("asset_id", id))).contains("Primary database server"));
        assertTrue(error("get_asset", Map.of("asset_id", UNKNOWN_ID)).contains("Not found"));
        assertTrue(error("get_asset", Map.of("asset_id", "12; DROP TABLE")).contains("asset_id"));
        assertEquals(0, sdp().log(user).stream().filter(e -> e.path("path").asText().contains("DROP")).count(),
                "a bad id never reaches ServiceDesk Plus");
        assertReadOnly("get_asset");
    }

    @Test
    void createAssetSendsOnlyWhatWasGivenWithThisInstancesIds() throws Exception {
        String name = unique("LT");
        Map<String, Object> created = entity(ok("create_asset", Map.of("name", name, "product", "dell latitude 7440",
                "state", "In Use", "user", "lincoln@zylker.example", "site", "London", "asset_tag", name,
                "acquisition_date", "2026-01-15")), "asset");
        assertEquals(name, created.get("name"));
        assertEquals("Dell Latitude 7440", name(created, "product"));
        assertEquals("Workstation", name(created, "product_type"), "the product type follows the product");
        assertEquals("In Use", name(created, "state"));
        assertEquals("London", name(created, "site"));
        assertTrue(name(created, "user").startsWith("Lincoln"));

        JsonNode asset = sent("POST", "/assets").path("asset");
        assertEquals(Set.of("name", "product", "state", "user", "site", "asset_tag", "acquisition_date"), keys(asset),
                "nothing invented: " + asset);
        assertFalse(asset.path("product").path("id").asText().isEmpty(), "the product's id, from this instance's products");
        assertFalse(asset.path("site").path("id").asText().isEmpty());
        assertEquals("In Use", asset.path("state").path("name").asText());
        assertEquals("lincoln@zylker.example", asset.path("user").path("email_id").asText());
        assertEquals("1768435200000", asset.path("acquisition_date").path("value").asText());

        String productId = asset.path("product").path("id").asText();
        Map<String, Object> byId = entity(ok("create_asset", Map.of("name", unique("LT"), "product", productId,
                "state", "In Store")), "asset");
        assertEquals("Dell Latitude 7440", name(byId, "product"), "a product by id");
        assertEquals(Set.of("name", "product", "state"), keys(sent("POST", "/assets").path("asset")));

        assertTrue(error("create_asset", Map.of("name", unique("X"), "product", "Commodore 64", "state", "In Use"))
                .contains("Known product values"));
        String noProduct = error("create_asset", Map.of("name", unique("X"), "state", "In Use"));
        assertTrue(noProduct.contains("required") && noProduct.contains("product"), noProduct);
        String noState = error("create_asset", Map.of("name", unique("X"), "product", "HP EliteDesk 800 G9"));
        assertTrue(noState.contains("required") && noState.contains("state"), "Cloud needs a state: " + noState);
        assertTrue(error("create_asset", Map.of("product", "HP EliteDesk 800 G9", "state", "In Use")).contains("name"));
        assertTrue(error("create_asset", Map.of("name", unique("X"), "product", "HP EliteDesk 800 G9", "state", "Floating"))
                .contains("state"));
        assertTrue(error("create_asset", Map.of("name", unique("X"), "product", "HP EliteDesk 800 G9", "state", "In Use",
                "site", "Atlantis"))
                .contains("Known site values"));

        Tool tool = tool("create_asset");
        assertEquals(new ToolHints(false, false, false, true), ToolHints.of(tool));
        assertEquals(List.of("name", "product", "state"), ((List<?>) tool.inputSchema().get("required")).stream().map(String::valueOf).toList());
        assertShortAndDescribed(tool);
    }

    @Test
    void updateAssetChangesOnlyTheGivenFields() throws Exception {
        String id = newAsset(unique("WS"));
        Map<String, Object> updated = entity(ok("update_asset", Map.of("asset_id", id, "state", "In Repair",
                "department", "finance", "location", "Repair bench")), "asset");
        assertEquals("In Repair", name(updated, "state"));
        assertEquals("Finance", name(updated, "department"));
        assertEquals("Repair bench", updated.get("location"));
        assertEquals("HP EliteDesk 800 G9", name(updated, "product"), "what was not given stays");
        JsonNode sent = sent("PUT", "/assets/" + id).path("asset");
        assertEquals(Set.of("state", "department", "location"), keys(sent), "only the changed fields: " + sent);

        assertTrue(error("update_asset", Map.of("asset_id", id)).contains("Nothing to change"));
        assertTrue(error("update_asset", Map.of("asset_id", UNKNOWN_ID, "state", "In Use")).contains("Not found"));
        assertTrue(error("update_asset", Map.of("asset_id", id, "product", "Typewriter")).contains("Known product values"));
        assertTrue(error("update_asset", Map.of("asset_id", "abc", "state", "In Use")).contains("asset_id"));

        Tool tool = tool("update_asset");
        assertFalse(ToolHints.of(tool).readOnly());
        assertTrue(ToolHints.of(tool).idempotent());
        assertTrue(tool.inputSchema().get("required").toString().equals("[asset_id]"), "only the id is required to update");
        assertShortAndDescribed(tool);
    }
}
