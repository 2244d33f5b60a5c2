package dev.sdpmcp.tools.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.sdp.ListInfo;
import dev.sdpmcp.sdp.SdpCaller;
import dev.sdpmcp.sdp.SdpClient;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.sdp.Values;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolDefinition.Hints;
import dev.sdpmcp.tools.ToolException;
import dev.sdpmcp.tools.ToolResult;
import dev.sdpmcp.tools.sdp.ModuleTools;
import dev.sdpmcp.tools.sdp.Render;
import dev.sdpmcp.tools.sdp.SdpModule;
import dev.sdpmcp.tools.sdp.ToolArgs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Talking to the requester: a request's conversation (its replies, forwards and notes, oldest first) and e-mails sent
 * on it, replies and forwards (docs/sdp-api-fidelity.md §15).
 */
@ApplicationScoped
public class ConversationTools {

    static final SdpModule CONVERSATION = RequestTools.REQUESTS.under("conversation", ConversationTools::line);
    /** The e-mail as ServiceDesk Plus stored it, the answer of a reply or a forward. */
    static final SdpModule NOTIFICATION = RequestTools.REQUESTS.under("notification", n -> Render.line(n, "subject"));

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_SUBJECT = 250;
    /** Each entry costs a call of its own: a page is kept small enough to be answered within seconds. */
    static final int MAX_PAGE_SIZE = 25;

    @Inject
    SdpClient sdp;

    @Produces
    ToolDefinition getRequestConversation() {
        JsonSchemas schema = JsonSchemas.object().id("request_id", null, true).integer("page", null, false)
                .integer("page_size", "1-" + MAX_PAGE_SIZE, false);
        return new ToolDefinition("get_request_conversation", "Read a request's conversation",
                "A request's replies, forwards and notes, oldest first, with what each says.", Toolset.REQUESTS, schema.build(),
                ModuleTools.listSchema(CONVERSATION), Hints.reads(), this::conversation);
    }

    /**
     * The conversations list names each entry (type NOTES or the e-mail's type) without its text, so each is read
     * where it lives, as the one client seen reading conversations does (sdp-api-fidelity.md §15).
     */
    private ToolResult conversation(ToolCall call) throws ToolException, SdpException {
        String request = "requests/" + ToolArgs.id(call, "request_id");
        ListInfo query = ModuleTools.query(call, CONVERSATION, List.of(), List.of(), null);
        if (query.pageSize() > MAX_PAGE_SIZE) {
            throw new ToolException("A conversation is read " + MAX_PAGE_SIZE + " entries at a time at most (each is read on its own): "
                    + "use page_size up to " + MAX_PAGE_SIZE + " and page for the rest.");
        }
        SdpCaller caller = ToolArgs.caller(call);
        JsonNode body = sdp.get(caller, request + "/conversations", query.toInputData());
        ArrayNode entries = SdpClient.JSON.createArrayNode();
        for (JsonNode row : SdpClient.rowsOf(body, CONVERSATION.plural())) {
            entries.add(whole(caller, request, row));
        }
        ObjectNode page = body.deepCopy();
        page.set(CONVERSATION.plural(), entries);
        return ModuleTools.page(CONVERSATION, page, query);
    }

    /** One entry with its text: a note from notes/{id}, an e-mail from notifications/{id}; who and when named alike. */
    private JsonNode whole(SdpCaller caller, String request, JsonNode row) throws SdpException {
        String id = row.path("id").asText("");
        if (!id.matches("[0-9]{1,20}")) {
            return row;
        }
        boolean note = row.path("type").asText("").equalsIgnoreCase("NOTES");
        JsonNode body = sdp.get(caller, request + (note ? "/notes/" : "/notifications/") + id, null);
        JsonNode detail = note ? (body.has("request_note") ? body.path("request_note") : body.path("note")) : body.path("notification");
        ObjectNode entry = row.deepCopy();
        detail.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("type")) {
                entry.set(field.getKey(), field.getValue());
            }
        });
        if (note) {
            fillIn(entry, "sender", detail.get("added_by"));
            fillIn(entry, "time", detail.get("added_time"));
        }
        return entry;
    }

    private static void fillIn(ObjectNode entry, String field, JsonNode value) {
        if (!entry.hasNonNull(field) && value != null) {
            entry.set(field, value);
        }
    }

    /** "[id 123] REPLY — subject: Re: …; sender: …; time: …; description: «…»; to: a@b.example". */
    static String line(JsonNode entry) {
        List<String> to = new ArrayList<>();
        entry.path("to").forEach(recipient -> to.add(recipient.isObject() ? recipient.path("email_id").asText("") : recipient.asText("")));
        to.removeIf(String::isBlank);
        return Render.line(entry, "type", "subject", "sender", "time", "description") + (to.isEmpty() ? "" : "; to: " + String.join(", ", to));
    }

    @Produces
    ToolDefinition replyToRequest() {
        return new ToolDefinition("reply_to_request", "Reply to the requester",
                "E-mails a reply on a request, to its requester unless to is given.", Toolset.REQUESTS,
                JsonSchemas.object().id("request_id", null, true).string("description", "The reply", true)
                        .strings("to", null, false).strings("cc", null, false).string("subject", "Default Re: and the request's", false)
                        .build(),
                ModuleTools.entitySchema(NOTIFICATION), Hints.writes(), call -> send(call, "reply"));
    }

    @Produces
    ToolDefinition forwardRequest() {
        return new ToolDefinition("forward_request", "Forward a request",
                "E-mails a request to others.", Toolset.REQUESTS,
                JsonSchemas.object().id("request_id", null, true).strings("to", null, true).strings("cc", null, false)
                        .string("description", "Default the request's", false).string("subject", "Default Fwd: and the request's", false)
                        .build(),
                ModuleTools.entitySchema(NOTIFICATION), Hints.writes(), call -> send(call, "forward"));
    }

    /**
     * POST requests/{id}/notifications {"notification":{subject, description, type, to, cc}}, recipients as
     * [{"email_id"}] (sdp-api-fidelity.md §15). Everything is checked before anything is sent.
     */
    private ToolResult send(ToolCall call, String type) throws ToolException, SdpException {
        boolean reply = type.equals("reply");
        String id = ToolArgs.id(call, "request_id");
        List<String> to = addresses(call, "to");
        List<String> cc = addresses(call, "cc");
        Optional<String> subject = call.text("subject");
        if (subject.isPresent() && subject.get().length() > MAX_SUBJECT) {
            throw new ToolException("subject is longer than " + MAX_SUBJECT + " characters; nothing was sent.");
        }
        if (!reply && to.isEmpty()) {
            throw new ToolException("Give to: the e-mail addresses to forward request " + id + " to. Nothing was sent.");
        }
        SdpCaller caller = ToolArgs.caller(call);
        JsonNode request = sdp.get(caller, "requests/" + id, null).path("request");
        if (to.isEmpty()) {
            String requester = request.path("requester").path("email_id").asText("");
            if (!ADDRESS.matcher(requester).matches()) {
                throw new ToolException("The requester of request " + id + " has no e-mail address in ServiceDesk Plus; "
                        + "give to. Nothing was sent.");
            }
            to = List.of(requester);
        }
        String text = call.text("description").orElse(reply ? "" : request.path("description").asText(""));
        if (text.isBlank()) {
            throw new ToolException("Give description: what the e-mail says. Nothing was sent.");
        }
        String fallback = (reply ? "Re: " : "Fwd: ") + request.path("subject").asText("");
        ObjectNode notification = SdpClient.JSON.createObjectNode()
                .put("subject", subject.orElse(fallback.length() > MAX_SUBJECT ? fallback.substring(0, MAX_SUBJECT) : fallback))
                .put("description", text).put("type", type);
        to.forEach(address -> notification.withArray("to").addObject().put("email_id", address));
        cc.forEach(address -> notification.withArray("cc").addObject().put("email_id", address));
        JsonNode sent = sdp.post(caller, "requests/" + id + "/notifications", SdpClient.input("notification", notification))
                .path("notification");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(NOTIFICATION.singular(), sent);
        return ToolResult.of((reply ? "Sent a reply on request " : "Forwarded request ") + id + " to " + String.join(", ", to)
                + (cc.isEmpty() ? "" : ", cc " + String.join(", ", cc)) + ".\n" + Render.details(sent), out);
    }

    /** The addresses of a to or cc argument, each checked. */
    private static List<String> addresses(ToolCall call, String name) throws ToolException {
        List<String> addresses = ToolArgs.list(call, name);
        for (String address : addresses) {
            if (!ADDRESS.matcher(address).matches()) {
                throw new ToolException("\"" + Values.shorten(address) + "\" in " + name + " is not an e-mail address; "
                        + "nothing was sent.");
            }
        }
        return addresses;
    }
}
