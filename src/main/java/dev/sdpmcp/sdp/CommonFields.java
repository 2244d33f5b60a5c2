package dev.sdpmcp.sdp;

import java.util.ArrayList;
import java.util.List;

/** Fields and filters that several modules share, declared once. */
public final class CommonFields {

    /** How requests, problems and changes are classified (the same lookups everywhere; subcategory after category). */
    public static final List<Field> CLASSIFICATION = List.of(
            Field.lookup("priority", "priorities", "Priority name, e.g. High"),
            Field.lookup("urgency", "urgencies", "Urgency name"),
            Field.lookup("impact", "impacts", "Impact name"),
            Field.lookup("site", "sites", "Site name"),
            Field.lookup("group", "support_groups", "Support group name"),
            Field.lookup("category", "categories", "Category name"),
            Field.lookup("subcategory", "categories/{category}/subcategories", "Subcategory name (give the category too)"),
            Field.lookup("item", "subcategories/{subcategory}/items", "Item name (give the subcategory too)"));

    /** A task's fields, whatever it belongs to (a request, a project). */
    public static final List<Field> TASK = List.of(
            Field.text("title", "Task title").asMandatory(),
            Field.text("description", "Task description"),
            Field.user("owner", "Owner: e-mail or name"),
            Field.lookup("group", "support_groups", "Support group name"),
            Field.named("status", "Status name (this instance's task statuses), e.g. Open, In Progress"),
            Field.lookup("priority", "priorities", "Priority name"),
            Field.time("scheduled_start", "scheduled_start_time", "Planned start"),
            Field.time("scheduled_end", "scheduled_end_time", "Planned end"));

    /** A note on a problem or a change: its text. */
    public static final List<Field> NOTE = List.of(Field.text("description", "The note (plain text or HTML)").asMandatory());

    /** The list filters most modules offer: priority, group, site and the creation time. */
    public static final List<Filter> FILTERS = List.of(
            Filter.names("priority", "priority.name", "Priority name(s)"),
            Filter.names("group", "group.name", "Support group name(s)"),
            Filter.names("site", "site.name", "Site name(s)"),
            Filter.from("created_from", "created_time", "Created at or after (date or date-time)"),
            Filter.to("created_to", "created_time", "Created at or before"));

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
