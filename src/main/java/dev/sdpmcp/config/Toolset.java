package dev.sdpmcp.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A group of tools that an operator (SDP_TOOLSETS) or a user (X-SDP-Toolsets) can enable, with the Zoho scopes its
 * tools need. {@link #AUTH} is always on. The scopes a user grants are the union of all groups' ({@link #allScopes}).
 */
public enum Toolset {
    AUTH("authorization: check, authorize, revoke (always on)"),
    REQUESTS("requests with their notes, worklogs, tasks, attachments, resolution, e-mails, links, merges, associations and history; approvals of requests and changes", "SDPOnDemand.requests.ALL"),
    PROBLEMS("problems with their notes, tasks, worklogs and attachments", "SDPOnDemand.problems.ALL"),
    CHANGES("changes with their notes, tasks, worklogs and attachments", "SDPOnDemand.changes.ALL"),
    PROJECTS("projects, milestones, project tasks and their worklogs", "SDPOnDemand.projects.ALL"),
    ASSETS("assets", "SDPOnDemand.assets.ALL"),
    SOLUTIONS("the knowledge base's solutions", "SDPOnDemand.solutions.ALL"),
    USERS("requesters and technicians", "SDPOnDemand.users.ALL"),
    LOOKUPS("the instance's lists (priorities, categories, statuses…) and fields", "SDPOnDemand.setup.ALL",
            "SDPOnDemand.general.ALL");

    private final String description;
    private final List<String> scopes;

    Toolset(String description, String... scopes) {
        this.description = description;
        this.scopes = List.of(scopes);
    }

    /** The name operators and users write ("requests"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    public List<String> scopes() {
        return scopes;
    }

    /** Every scope this server's tools need, comma-separated, as a grant code is generated with them. */
    public static String allScopes() {
        return Arrays.stream(values()).flatMap(t -> t.scopes.stream()).collect(Collectors.joining(","));
    }

    /** The groups that can be chosen (all but {@link #AUTH}), by id. */
    public static List<String> choosable() {
        return Arrays.stream(values()).filter(t -> t != AUTH).map(Toolset::id).toList();
    }

    /** The group with this id (any case), or an exception naming the choices. */
    public static Toolset of(String id, String where) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t != AUTH && t.id().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalStateException(where + " names \"" + id.trim() + "\", which is not a tool "
                        + "group; use " + String.join(", ", choosable()) + "."));
    }
}
