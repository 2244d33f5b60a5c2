package dev.sdpmcp.tools.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.sdp.ListInfo;
import dev.sdpmcp.sdp.SdpCaller;
import dev.sdpmcp.sdp.SdpClient;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.sdp.SdpRefused;
import dev.sdpmcp.sdp.SearchCriteria;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolDefinition.Hints;
import dev.sdpmcp.tools.ToolException;
import dev.sdpmcp.tools.ToolResult;
import dev.sdpmcp.tools.UntrustedText;
import dev.sdpmcp.tools.sdp.Field;
import dev.sdpmcp.tools.sdp.Render;
import dev.sdpmcp.tools.sdp.ToolArgs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Approvals of requests and changes (docs/sdp-api-fidelity.md §14): a request's or change's approval levels and
 * approvals, sending one for approval, the approver's decision, and what waits for the caller's. In the requests
 * group: approvals are mostly of requests, and the change calls need only the changes scope every grant code carries.
 */
@ApplicationScoped
public class ApprovalTools {

    static final String PENDING = "Pending Approval";
    /** ME's approval pages: comments are at most 250 characters. */
    static final int MAX_COMMENTS = 250;
    /** ME's request approval level page: "Level value should be between 1 to 5". */
    static final int MAX_LEVEL = 5;

    @Inject
    SdpClient sdp;

    /** The request or change an approval tool is about: exactly one of request_id and change_id. */
    record Owner(String path, String singular, String noteRoot, String id) {

        String base() {
            return path + "/" + id;
        }

        String name() {
            return singular + " " + id;
        }

        static Owner of(ToolCall call) throws ToolException, SdpException {
            Optional<String> request = ToolArgs.optionalId(call, "request_id");
            Optional<String> change = ToolArgs.optionalId(call, "change_id");
            if (request.isPresent() == change.isPresent()) {
                throw new ToolException("Give request_id or change_id (one of them).");
            }
            return request.isPresent() ? new Owner("requests", "request", "request_note", request.get())
                    : new Owner("changes", "change", "note", change.get());
        }
    }

    private static JsonSchemas owner() {
        return JsonSchemas.object().id("request_id", null, false).id("change_id", "Or request_id", false);
    }

    /** A level and its approvals, as read. */
    record Level(JsonNode level, List<JsonNode> approvals) {

        int number() {
            return level.path("level").asInt();
        }

        String status() {
            return level.path("status").path("name").asText("");
        }
    }

    private List<Level> levels(SdpCaller caller, Owner owner) throws SdpException {
        List<Level> levels = new ArrayList<>();
        for (JsonNode level : sdp.rows(caller, owner.base() + "/approval_levels", "approval_levels", 1).items()) {
            String path = owner.base() + "/approval_levels/" + level.path("id").asText() + "/approvals";
            levels.add(new Level(level, sdp.rows(caller, path, "approvals", 1).items()));
        }
        levels.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return levels;
    }

    @Produces
    ToolDefinition listApprovals() {
        return new ToolDefinition("list_approvals", "List approvals",
                "Lists a request's or change's approval levels and approvals.", Toolset.REQUESTS,
                owner().build(), JsonSchemas.object().objects("approval_levels", null, false).buildResult(), Hints.reads(), call -> {
                    Owner owner = Owner.of(call);
                    List<Level> levels = levels(ToolArgs.caller(call), owner);
                    List<Map<String, Object>> out = new ArrayList<>();
                    StringBuilder text = new StringBuilder();
                    if (levels.isEmpty()) {
                        text.append("No approvals on ").append(owner.name()).append(": send_for_approval sends it.");
                    }
                    for (Level level : levels) {
                        text.append("Level ").append(level.number()).append(" [id ").append(level.level().path("id").asText())
                                .append("]: ").append(level.status()).append('\n');
                        level.approvals().forEach(approval -> text.append("- ").append(line(approval)).append('\n'));
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("approval_level", level.level());
                        entry.put("approvals", level.approvals());
                        out.add(entry);
                    }
                    return ToolResult.of(text.toString().trim(), Map.of("approval_levels", out));
                });
    }

    /** "[id 456] Ann <ann@…> — Pending Approval; sent on …; comments: «…»". */
    static String line(JsonNode approval) {
        StringBuilder line = new StringBuilder("[id ").append(approval.path("id").asText()).append("] ")
                .append(Render.value(approval.path("approver"))).append(" — ").append(approval.path("status").path("name").asText(""));
        for (String field : List.of("sent_on", "action_taken_on")) {
            String value = Render.value(approval.path(field));
            if (!value.isEmpty()) {
                line.append("; ").append(field.replace('_', ' ')).append(' ').append(value);
            }
        }
        String comments = Render.value(approval.path("comments"));
        if (!comments.isEmpty()) {
            line.append("; comments: ").append(UntrustedText.mark(comments));
        }
        return line.toString();
    }

    @Produces
    ToolDefinition sendForApproval() {
        return new ToolDefinition("send_for_approval", "Send for approval",
                "Asks approvers to approve a request or change, at the first undecided level unless level is given.",
                Toolset.REQUESTS, owner()
                        .strings("approvers", null, true)
                        .integer("level", "1-5", false)
                        .string("comment", "Added as a note", false).build(),
                JsonSchemas.object().objects("approvals", null, false).buildResult(), Hints.writes(), this::send);
    }

    private ToolResult send(ToolCall call) throws ToolException, SdpException {
        Owner owner = Owner.of(call);
        Set<String> approvers = new LinkedHashSet<>(ToolArgs.list(call, "approvers"));
        if (approvers.isEmpty()) {
            throw new ToolException("approvers is empty: give the names or e-mail addresses of the people who should approve.");
        }
        Optional<Integer> wanted = ToolArgs.integer(call, "level");
        if (wanted.isPresent() && (wanted.get() < 1 || wanted.get() > MAX_LEVEL)) {
            throw new ToolException("level must be 1 to " + MAX_LEVEL + " (ServiceDesk Plus has at most five approval levels).");
        }
        Optional<String> comment = call.text("comment").filter(text -> !text.isBlank());
        SdpCaller caller = ToolArgs.caller(call);
        List<Level> levels = levels(caller, owner);
        int number = levelToSend(owner, levels, wanted);
        Optional<Level> existing = levels.stream().filter(level -> level.number() == number).findFirst();
        if (existing.isPresent() && decided(existing.get().status())) {
            throw new ToolException("Level " + number + " of " + owner.name() + " is already " + existing.get().status()
                    + "; send to another level (or leave level out). Nothing was sent.");
        }
        String levelId = existing.isPresent() ? existing.get().level().path("id").asText() : newLevel(caller, owner, number);
        List<JsonNode> approvals = sendTo(caller, owner, levelId, existing.isEmpty(), approvers);
        String note = "";
        if (comment.isPresent()) {
            noteComment(caller, owner, number, approvers, comment.get());
            note = " The comment is a note on it.";
        }
        StringBuilder text = new StringBuilder("Sent " + owner.name() + " for approval at level " + number + "." + note);
        approvals.forEach(approval -> text.append("\n- ").append(line(approval)));
        return ToolResult.of(text.toString(), Map.of("approval_level_id", levelId, "approvals", approvals));
    }

    /** The level to send to: the one asked for, else the first undecided (a new one after the last); refused once rejected. */
    private static int levelToSend(Owner owner, List<Level> levels, Optional<Integer> wanted) throws ToolException {
        Optional<Level> rejected = levels.stream().filter(level -> level.status().equalsIgnoreCase("Rejected")).findFirst();
        if (rejected.isPresent()) {
            // "If an approver rejects …, the approval process is finished" (ME's approval level pages)
            throw new ToolException(owner.name() + " was rejected at approval level " + rejected.get().number()
                    + ", which ends its approval process. Nothing was sent.");
        }
        int number = wanted.orElseGet(() -> levels.stream().filter(level -> !decided(level.status())).mapToInt(Level::number)
                .findFirst().orElse(levels.stream().mapToInt(Level::number).max().orElse(0) + 1));
        if (number > MAX_LEVEL) {
            throw new ToolException("Every approval level of " + owner.name() + " is decided and ServiceDesk Plus allows at most "
                    + MAX_LEVEL + ". Nothing was sent.");
        }
        return number;
    }

    private String newLevel(SdpCaller caller, Owner owner, int number) throws SdpException {
        ObjectNode level = SdpClient.JSON.createObjectNode().put("level", number);
        return sdp.post(caller, owner.base() + "/approval_levels", SdpClient.input("approval_level", level))
                .path("approval_level").path("id").asText();
    }

    /** One approval per approver; on a refusal, says who got one, and takes back a level made for this call alone. */
    private List<JsonNode> sendTo(SdpCaller caller, Owner owner, String levelId, boolean newLevel, Set<String> approvers)
            throws ToolException, SdpException {
        String approvalsPath = owner.base() + "/approval_levels/" + levelId + "/approvals";
        List<String> sent = new ArrayList<>();
        List<JsonNode> approvals = new ArrayList<>();
        for (String approver : approvers) {
            ObjectNode approval = SdpClient.JSON.createObjectNode();
            approval.set("approver", Field.person(approver));
            try {
                approvals.add(sdp.post(caller, approvalsPath, SdpClient.input("approval", approval)).path("approval"));
                sent.add(approver);
            } catch (SdpException refused) {
                if (sent.isEmpty() && newLevel) {
                    sdp.delete(caller, owner.base() + "/approval_levels/" + levelId);
                }
                throw new ToolException((sent.isEmpty() ? "Nothing was sent. " : "Sent to " + String.join(", ", sent)
                        + " only. ") + "Approver " + approver + ": " + refused.getMessage());
            }
        }
        return approvals;
    }

    private void noteComment(SdpCaller caller, Owner owner, int number, Set<String> approvers, String comment)
            throws ToolException {
        ObjectNode body = SdpClient.JSON.createObjectNode().put("description",
                "Sent for approval (level " + number + ") to " + String.join(", ", approvers) + ": " + comment);
        try {
            sdp.post(caller, owner.base() + "/notes", SdpClient.input(owner.noteRoot(), body));
        } catch (SdpException refused) {
            throw new ToolException("Sent " + owner.name() + " for approval at level " + number + " to "
                    + String.join(", ", approvers) + ", but the comment could not be added as a note: " + refused.getMessage());
        }
    }

    private static boolean decided(String status) {
        return status.equalsIgnoreCase("Approved") || status.equalsIgnoreCase("Rejected");
    }

    @Produces
    ToolDefinition decideApproval() {
        return new ToolDefinition("decide_approval", "Approve or reject",
                "Approves or rejects an approval you are the approver of. Final.", Toolset.REQUESTS, owner()
                        .id("approval_id", null, true)
                        .oneOf("decision", null, List.of("approve", "reject"), true)
                        .string("comments", null, false).build(),
                JsonSchemas.object().property("approval", JsonSchemas.typed("object", null), false).buildResult(),
                Hints.writes().destructive().idempotent(), this::decide);
    }

    private ToolResult decide(ToolCall call) throws ToolException, SdpException {
        String approvalId = ToolArgs.id(call, "approval_id");
        Owner owner = Owner.of(call);
        String decision = call.requiredText("decision").trim().toLowerCase(Locale.ROOT);
        if (!decision.equals("approve") && !decision.equals("reject")) {
            throw new ToolException("decision must be approve or reject.");
        }
        Optional<String> comments = call.text("comments");
        if (comments.isPresent() && comments.get().length() > MAX_COMMENTS) {
            throw new ToolException("comments has " + comments.get().length() + " characters; ServiceDesk Plus takes at most "
                    + MAX_COMMENTS + ". Nothing was decided.");
        }
        SdpCaller caller = ToolArgs.caller(call);
        Level level = null;
        JsonNode approval = null;
        List<Level> levels = levels(caller, owner);
        for (Level candidate : levels) {
            for (JsonNode row : candidate.approvals()) {
                if (row.path("id").asText().equals(approvalId)) {
                    level = candidate;
                    approval = row;
                }
            }
        }
        if (approval == null) {
            throw new ToolException(owner.name() + " has no approval " + approvalId + ": list_approvals shows its approvals, "
                    + "list_my_approvals the ones waiting for you.");
        }
        String approver = Render.value(approval.path("approver"));
        String status = approval.path("status").path("name").asText("");
        if (!status.equalsIgnoreCase(PENDING)) {
            throw new ToolException("Approval " + approvalId + " (" + approver + ") is already " + status
                    + "; a decision cannot be changed. Nothing was done.");
        }
        int number = level.number();
        Optional<Level> open = levels.stream().filter(lower -> lower.number() < number && !lower.status().equalsIgnoreCase("Approved"))
                .findFirst();
        if (open.isPresent()) {
            throw new ToolException("Level " + open.get().number() + " of " + owner.name() + " is " + open.get().status()
                    + ": levels are decided in order, so approval " + approvalId + " (level " + number + ") cannot be decided yet. "
                    + "Nothing was done.");
        }
        ObjectNode body = SdpClient.JSON.createObjectNode();
        comments.ifPresent(text -> body.put("comments", text));
        String path = owner.base() + "/approval_levels/" + level.level().path("id").asText() + "/approvals/" + approvalId
                + (decision.equals("approve") ? "/_approve" : "/_reject");
        JsonNode answer;
        try {
            answer = sdp.put(caller, path, body.isEmpty() ? null : SdpClient.input("approval", body));
        } catch (SdpRefused refused) {
            throw new ToolException("ServiceDesk Plus did not let you " + decision + " approval " + approvalId + " of "
                    + owner.name() + ": only its approver, " + approver + ", can decide it. Nothing was done. ("
                    + refused.getMessage() + ")");
        }
        JsonNode decided = answer.has("approval") ? answer.get("approval") : approval;
        String now = decided.path("status").path("name").asText(decision.equals("approve") ? "Approved" : "Rejected");
        return ToolResult.of((decision.equals("approve") ? "Approved" : "Rejected") + " approval " + approvalId + " of "
                + owner.name() + " (level " + level.number() + "): " + now + ".", Map.of("approval", decided));
    }

    @Produces
    ToolDefinition listMyApprovals() {
        return new ToolDefinition("list_my_approvals", "List my pending approvals",
                "Lists the approvals of requests and changes waiting for your decision.", Toolset.REQUESTS,
                JsonSchemas.object().integer("page", null, false).integer("page_size", null, false).build(),
                JsonSchemas.object().objects("approvals", null, false)
                        .property("next_page", JsonSchemas.typed(List.of("integer", "null"), null), false).buildResult(),
                Hints.reads(), this::mine);
    }

    private ToolResult mine(ToolCall call) throws ToolException, SdpException {
        int page = ToolArgs.page(call);
        int size = ToolArgs.pageSize(call);
        ListInfo query = new ListInfo(page, size, null, null, SearchCriteria.all(List.of(SearchCriteria.of("status.name", "is", PENDING))),
                null, false);
        JsonNode body = sdp.get(ToolArgs.caller(call), "approvals", query.toInputData());
        List<JsonNode> pending = new ArrayList<>();
        // the instance may not filter by status (the list is undocumented on Cloud): what is decided is left out here
        SdpClient.rowsOf(body, "approvals").forEach(row -> {
            if (row.path("status").path("name").asText(PENDING).equalsIgnoreCase(PENDING)) {
                pending.add(row);
            }
        });
        boolean more = body.path("list_info").path("has_more_rows").asBoolean(false);
        StringBuilder text = new StringBuilder();
        if (pending.isEmpty()) {
            text.append("No approvals wait for you").append(page > 1 ? " on page " + page : "").append('.');
        }
        for (JsonNode approval : pending) {
            String entity = approval.has("change") && approval.path("change").isObject() ? "change" : "request";
            JsonNode of = approval.path(entity);
            text.append("- ").append(entity).append(' ').append(of.path("id").asText()).append(' ')
                    .append(UntrustedText.mark(Render.value(of.path(entity.equals("change") ? "title" : "subject"))))
                    .append(", level ").append(approval.path("approval_level").path("level").asText("?"))
                    .append(": approval [id ").append(approval.path("id").asText()).append("] sent by ")
                    .append(Render.value(approval.path("sent_by"))).append(" on ").append(Render.value(approval.path("sent_on")))
                    .append('\n');
        }
        if (more) {
            text.append("More: call again with page=").append(page + 1).append('.');
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("approvals", pending);
        out.put("next_page", more ? page + 1 : null);
        return ToolResult.of(text.toString().trim(), out);
    }
}
