package dev.sdpmcp.tools.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.sdp.SdpCaller;
import dev.sdpmcp.sdp.SdpClient;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.sdp.SdpRefused;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.Preview;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolDefinition.Hints;
import dev.sdpmcp.tools.ToolException;
import dev.sdpmcp.tools.ToolResult;
import dev.sdpmcp.tools.sdp.ModuleTools;
import dev.sdpmcp.tools.sdp.Render;
import dev.sdpmcp.tools.sdp.ToolArgs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How requests relate: links between requests, merges, a request's problem and changes, its history, and restoring it
 * from the trash (docs/sdp-api-fidelity.md §17). They sit with requests, not problems or changes: every call is on
 * {@code requests/{id}/…} under the requests scope, so a user with requests alone can use them all.
 */
@ApplicationScoped
public class RequestRelationTools {

    /** Where an association lives under requests/{id}, its body root and what it holds. */
    record Association(String path, String root, String key, String label) {
    }

    static final Association PROBLEM = new Association("problem", "request_problem_association", "problem", "problem");
    static final Association INITIATED = new Association("request_initiated_change", "request_initiated_change", "change",
            "change it initiated");
    static final Association CAUSED_BY = new Association("request_caused_by_change", "request_caused_by_change", "change",
            "change that caused it");

    @Inject
    SdpClient sdp;

    @Inject
    ModuleTools tools;

    private static JsonSchemas ids() {
        return JsonSchemas.object().id("request_id", null, true).strings("request_ids", null, true);
    }

    private static Map<String, Object> listed(String root) {
        return JsonSchemas.object().objects(root, null, false).buildResult();
    }

    @Produces
    ToolDefinition linkRequests() {
        return new ToolDefinition("link_requests", "Link requests",
                "Links requests to a request, both ways (e.g. reports of one outage).", Toolset.REQUESTS,
                ids().string("comments", null, false).build(), null, Hints.writes(), call -> {
                    String id = ToolArgs.id(call, "request_id");
                    List<String> others = others(call, id, "link");
                    ArrayNode links = SdpClient.JSON.createArrayNode();
                    for (String other : others) {
                        ObjectNode link = links.addObject();
                        link.putObject("linked_request").put("id", other);
                        call.text("comments").ifPresent(comments -> link.put("comments", comments));
                    }
                    refusedSays("Nothing was linked", () -> sdp.post(ToolArgs.caller(call), "requests/" + id + "/link_requests",
                            SdpClient.input("link_requests", links)));
                    return ToolResult.of("Linked request " + id + " with " + String.join(", ", others) + ".", null);
                });
    }

    @Produces
    ToolDefinition unlinkRequests() {
        return new ToolDefinition("unlink_requests", "Unlink requests", "Removes links between a request and others.",
                Toolset.REQUESTS, ids().build(), null, Hints.writes().destructive(), call -> {
                    String id = ToolArgs.id(call, "request_id");
                    List<String> others = others(call, id, "unlink");
                    ArrayNode links = SdpClient.JSON.createArrayNode();
                    others.forEach(other -> links.addObject().putObject("linked_request").put("id", other));
                    refusedSays("Nothing was unlinked (list_linked_requests shows the links)", () -> sdp.delete(ToolArgs.caller(call),
                            "requests/" + id + "/link_requests", SdpClient.input("link_requests", links)));
                    return ToolResult.of("Unlinked request " + id + " from " + String.join(", ", others) + ".", null);
                }).confirmedBy(call -> {
                    String id = ToolArgs.id(call, "request_id");
                    List<String> others = others(call, id, "unlink");
                    Map<String, JsonNode> links = new java.util.HashMap<>();
                    SdpClient.rowsOf(sdp.get(ToolArgs.caller(call), "requests/" + id + "/link_requests", null), "link_requests")
                            .forEach(link -> links.put(link.path("linked_request").path("id").asText(), link));
                    Preview preview = Preview.of("Unlink request " + Render.line(tools.live(call, RequestTools.REQUESTS, id), "subject")
                            + " from " + String.join(", ", others));
                    for (String other : others) {
                        JsonNode link = links.get(other);
                        preview.change("Link with " + other, link == null ? "not linked" : "linked"
                                + (Render.value(link.path("comments")).isBlank() ? "" : " («" + Render.value(link.path("comments")) + "»)"),
                                link == null ? "not linked" : "removed");
                    }
                    return preview;
                });
    }

    @Produces
    ToolDefinition listLinkedRequests() {
        return new ToolDefinition("list_linked_requests", "List linked requests", "Lists the requests linked to a request.",
                Toolset.REQUESTS, JsonSchemas.object().id("request_id", null, true).build(), listed("link_requests"),
                Hints.reads(), call -> {
                    String id = ToolArgs.id(call, "request_id");
                    JsonNode links = SdpClient.rowsOf(sdp.get(ToolArgs.caller(call), "requests/" + id + "/link_requests", null),
                            "link_requests");
                    StringBuilder text = new StringBuilder(links.isEmpty() ? "Request " + id + " has no linked requests."
                            : "Requests linked to " + id + ":");
                    links.forEach(link -> text.append("\n- ").append(Render.line(link.path("linked_request"), "subject"))
                            .append(link.path("comments").asText("").isBlank() ? "" : " — comments: " + Render.value(link.path("comments"))));
                    ObjectNode out = SdpClient.JSON.createObjectNode();
                    out.set("link_requests", links.isArray() ? links : SdpClient.JSON.createArrayNode());
                    return ToolResult.of(text.toString(), out);
                });
    }

    @Produces
    ToolDefinition mergeRequests() {
        return new ToolDefinition("merge_requests", "Merge requests",
                "Merges requests into request_id, which is kept; the others are deleted, their notes, worklogs and tasks moved to it. Cannot be undone.",
                Toolset.REQUESTS, ids().build(), null, Hints.writes().destructive(), call -> {
                    String id = ToolArgs.id(call, "request_id");
                    List<String> others = others(call, id, "merge");
                    ArrayNode merged = SdpClient.JSON.createArrayNode();
                    others.forEach(other -> merged.addObject().put("id", other));
                    refusedSays("Nothing was merged", () -> sdp.put(ToolArgs.caller(call), "requests/" + id + "/merge_requests",
                            SdpClient.input("merge_requests", merged)));
                    return ToolResult.of("Merged " + String.join(", ", others) + " into request " + id + "; they no longer exist.", null);
                }).confirmedBy(call -> {
                    String id = ToolArgs.id(call, "request_id");
                    Preview preview = Preview.of("Merge into request " + Render.line(tools.live(call, RequestTools.REQUESTS, id),
                            "subject", "status") + " (cannot be undone)");
                    for (String other : others(call, id, "merge")) {
                        preview.change("Request " + Render.line(tools.live(call, RequestTools.REQUESTS, other), "subject", "status"),
                                "a request of its own", "deleted, its notes, worklogs and tasks moved to " + id);
                    }
                    return preview;
                });
    }

    @Produces
    ToolDefinition restoreRequest() {
        return new ToolDefinition("restore_request", "Restore a request", "Restores a request that delete_request moved to the trash.",
                Toolset.REQUESTS, JsonSchemas.object().id("request_id", null, true).build(), null, Hints.writes(), call -> {
                    String id = ToolArgs.id(call, "request_id");
                    refusedSays("Request " + id + " was not restored (only a request in the trash can be)",
                            () -> sdp.put(ToolArgs.caller(call), "requests/" + id + "/restore_from_trash", null));
                    return ToolResult.of("Restored request " + id + " from the trash.", null);
                });
    }

    @Produces
    ToolDefinition getRequestHistory() {
        return new ToolDefinition("get_request_history", "Get a request's history", "Who changed what in a request, and when, oldest first.",
                Toolset.REQUESTS, JsonSchemas.object().id("request_id", null, true).build(), listed("history"), Hints.reads(), call -> {
                    String id = ToolArgs.id(call, "request_id");
                    JsonNode entries = SdpClient.rowsOf(sdp.get(ToolArgs.caller(call), "requests/" + id + "/history", null), "history");
                    StringBuilder text = new StringBuilder(entries.isEmpty() ? "No history recorded for request " + id + "."
                            : "History of request " + id + ":");
                    for (JsonNode entry : entries) {
                        text.append("\n- ").append(Render.value(entry.path("time"))).append(' ').append(Render.value(entry.path("by")))
                                .append(": ").append(Render.value(entry.path("operation")));
                        List<String> changes = new ArrayList<>();
                        entry.path("changes").forEach(change -> changes.add(change.path("field").asText() + " "
                                + Optional.ofNullable(Render.value(change.path("old"))).filter(s -> !s.isEmpty()).orElse("—") + " → "
                                + Optional.ofNullable(Render.value(change.path("new"))).filter(s -> !s.isEmpty()).orElse("—")));
                        if (!changes.isEmpty()) {
                            text.append(" (").append(String.join("; ", changes)).append(')');
                        }
                    }
                    ObjectNode out = SdpClient.JSON.createObjectNode();
                    out.set("history", entries.isArray() ? entries : SdpClient.JSON.createArrayNode());
                    return ToolResult.of(text.toString(), out);
                });
    }

    // --- problems and changes

    private static JsonSchemas target() {
        return JsonSchemas.object().strings("request_ids", null, true).id("problem_id", "Or change_id", false).id("change_id", null, false)
                .bool("caused", "The change caused them (default: they initiated it)", false);
    }

    @Produces
    ToolDefinition associateRequests() {
        return new ToolDefinition("associate_requests", "Associate requests",
                "Associates requests with a problem, or with a change they initiated or that caused them.", Toolset.REQUESTS,
                target().build(), null, Hints.writes(), call -> associate(call, true));
    }

    @Produces
    ToolDefinition dissociateRequests() {
        return new ToolDefinition("dissociate_requests", "Dissociate requests",
                "Removes what associate_requests made.", Toolset.REQUESTS, target().build(), null, Hints.writes().destructive(),
                call -> associate(call, false)).confirmedBy(call -> {
                    Plan plan = plan(call, false);
                    Preview preview = Preview.of("Dissociate request" + (plan.requests().size() == 1 ? " " : "s ")
                            + String.join(", ", plan.requests()) + " from " + plan.what());
                    plan.requests().forEach(request -> preview.change("Request " + request + "'s " + plan.association().label(),
                            plan.what(), "none"));
                    return preview;
                });
    }

    @Produces
    ToolDefinition getRequestAssociations() {
        return new ToolDefinition("get_request_associations", "Get a request's problem and changes",
                "Shows a request's problem, the change it initiated and the change that caused it.", Toolset.REQUESTS,
                JsonSchemas.object().id("request_id", null, true).build(), JsonSchemas.object().property("problem", Map.of(), false)
                        .property("initiated_change", Map.of(), false).property("caused_by_change", Map.of(), false).buildResult(),
                Hints.reads(), call -> {
                    String id = ToolArgs.id(call, "request_id");
                    SdpCaller caller = ToolArgs.caller(call);
                    ObjectNode out = SdpClient.JSON.createObjectNode();
                    List<String> lines = new ArrayList<>();
                    for (Association association : List.of(PROBLEM, INITIATED, CAUSED_BY)) {
                        JsonNode target = current(caller, id, association);
                        String name = association == PROBLEM ? "problem" : association == INITIATED ? "initiated_change" : "caused_by_change";
                        out.set(name, target);
                        lines.add(association.label() + ": " + (target.isNull() ? "none" : Render.line(target, "title")));
                    }
                    return ToolResult.of("Request " + id + "\n" + String.join("\n", lines), out);
                });
    }

    /**
     * Associates (or dissociates) each request in turn, after checking every one: the problem or change exists, and
     * no request is associated with another one (or, to dissociate, each is associated with this one) — so that bad
     * input changes nothing.
     */
    /** An association or dissociation, checked: every record exists and is in the state the change needs. */
    private record Plan(Association association, String targetId, List<String> requests, String what) {
    }

    private Plan plan(ToolCall call, boolean associating) throws ToolException, SdpException {
        Optional<String> problem = ToolArgs.optionalId(call, "problem_id");
        Optional<String> change = ToolArgs.optionalId(call, "change_id");
        List<String> requests = ToolArgs.ids(call, "request_ids");
        if (problem.isPresent() == change.isPresent()) {
            throw new ToolException("Give either problem_id or change_id (one per call).");
        }
        boolean caused = ToolArgs.bool(call, "caused").orElse(false);
        if (problem.isPresent() && call.arguments().containsKey("caused")) {
            throw new ToolException("caused is for a change: leave it out with problem_id.");
        }
        Association association = problem.isPresent() ? PROBLEM : caused ? CAUSED_BY : INITIATED;
        String targetId = problem.orElseGet(change::get);
        String what = association.key() + " " + targetId;
        SdpCaller caller = ToolArgs.caller(call);
        if (sdp.find(caller, (problem.isPresent() ? "problems/" : "changes/") + targetId).isEmpty()) {
            throw new ToolException("There is no " + what + " (or you cannot see it); nothing was changed.");
        }
        for (String request : requests) {
            if (sdp.find(caller, "requests/" + request).isEmpty()) {
                throw new ToolException("There is no request " + request + " (or you cannot see it); nothing was changed.");
            }
            JsonNode current = current(caller, request, association);
            String currentId = current.path("id").asText("");
            if (associating && !currentId.isEmpty() && !currentId.equals(targetId)) {
                throw new ToolException("Request " + request + " is already associated with " + association.key() + " " + currentId
                        + " as its " + association.label() + "; nothing was changed. Dissociate it first (dissociate_requests).");
            }
            if (!associating && !currentId.equals(targetId)) {
                throw new ToolException("Request " + request + " is not associated with " + what + " as its " + association.label()
                        + "; nothing was changed (get_request_associations shows what it has).");
            }
        }
        return new Plan(association, targetId, requests, what);
    }

    private ToolResult associate(ToolCall call, boolean associating) throws ToolException, SdpException {
        Plan plan = plan(call, associating);
        Association association = plan.association();
        String targetId = plan.targetId();
        List<String> requests = plan.requests();
        String what = plan.what();
        SdpCaller caller = ToolArgs.caller(call);
        ObjectNode body = SdpClient.JSON.createObjectNode();
        body.putObject(association.key()).put("id", targetId);
        for (String request : requests) {
            String path = "requests/" + request + "/" + association.path();
            if (associating) {
                sdp.post(caller, path, SdpClient.input(association.root(), body));
            } else {
                sdp.delete(caller, path, SdpClient.input(association.root(), body));
            }
        }
        return ToolResult.of((associating ? "Associated " : "Dissociated ") + "request" + (requests.size() == 1 ? " " : "s ")
                + String.join(", ", requests) + (associating ? " with " : " from ") + what
                + (association == PROBLEM ? "" : association == INITIATED ? " (a change they initiated)" : " (a change that caused them)")
                + ".", null);
    }

    /** The problem or change a request has in this association, or null: an instance may answer none with 404 or null. */
    private JsonNode current(SdpCaller caller, String request, Association association) throws SdpException {
        JsonNode target = sdp.find(caller, "requests/" + request + "/" + association.path())
                .map(body -> body.path(association.root()).path(association.key())).orElse(null);
        return target == null || target.isMissingNode() || target.isNull() ? SdpClient.JSON.nullNode() : target;
    }

    /** The other requests of a link, unlink or merge: never the request itself. */
    private static List<String> others(ToolCall call, String id, String verb) throws ToolException, SdpException {
        List<String> others = ToolArgs.ids(call, "request_ids");
        if (others.contains(id)) {
            throw new ToolException("A request cannot " + verb + " with itself: leave " + id + " out of request_ids. Nothing was changed.");
        }
        return others;
    }

    private interface Call {
        JsonNode run() throws SdpException;
    }

    /** ServiceDesk Plus's refusal, prefixed with what it means here (it changes nothing: each of these calls is one write). */
    private static void refusedSays(String outcome, Call write) throws ToolException, SdpException {
        try {
            write.run();
        } catch (SdpRefused refused) {
            throw new ToolException(outcome + ": " + refused.getMessage());
        }
    }
}
