package dev.sdpmcp.tools.sdp;

import java.util.ArrayList;
import java.util.List;

/** Fields and filters that several modules share, declared once. */
public final class CommonFields {

    /** How requests, problems and changes are classified (the same lookups everywhere; subcategory after category). */
    public static final List<Field> CLASSIFICATION = List.of(
            Field.lookup("priority", "priorities", "e.g. High"),
            Field.lookup("urgency", "urgencies", null),
            Field.lookup("impact", "impacts", null),
            Field.lookup("site", "sites", null),
            Field.lookup("group", "support_groups", null),
            Field.lookup("category", "categories", null),
            Field.lookup("subcategory", "categories/{category}/subcategories", "Give the category too"),
            Field.lookup("item", "subcategories/{subcategory}/items", "Give the subcategory too"));

    /** A task's fields, whatever it belongs to (a request, a project). */
    public static final List<Field> TASK = List.of(
            Field.text("title", null).asMandatory(),
            Field.text("description", null),
            Field.user("owner", null),
            Field.lookup("group", "support_groups", null),
            Field.named("status", "e.g. Open, In Progress"),
            Field.lookup("priority", "priorities", null),
            Field.time("scheduled_start", "scheduled_start_time", null),
            Field.time("scheduled_end", "scheduled_end_time", null));

    /** A note on a problem or a change: its text. */
    public static final List<Field> NOTE = List.of(Field.text("description", null).asMandatory());

    /** The list filters most modules offer: priority, group, site and the creation time. */
    public static final List<Filter> FILTERS = List.of(
            Filter.names("priority", "priority.name", null),
            Filter.names("group", "group.name", null),
            Filter.names("site", "site.name", null),
            Filter.from("created_from", "created_time", null),
            Filter.to("created_to", "created_time", null));

    private CommonFields() {
    }

    /** The lists one after the other. */
    @SafeVarargs
    public static <T> List<T> concat(List<? extends T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<? extends T> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}
