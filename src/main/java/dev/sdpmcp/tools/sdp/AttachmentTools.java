package dev.sdpmcp.tools.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.config.Settings;
import dev.sdpmcp.sdp.SdpClient;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.Preview;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolDefinition.Hints;
import dev.sdpmcp.tools.ToolException;
import dev.sdpmcp.tools.ToolGroup;
import dev.sdpmcp.tools.ToolResult;
import dev.sdpmcp.tools.UntrustedText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files attached to a record (a request, problem or change; docs/sdp-api-fidelity.md §18): list, add (base64 in,
 * multipart/form-data out), read and delete, named list_{noun}_attachments, add_{noun}_attachment,
 * get_{noun}_attachment and delete_{noun}_attachment. A small text file is answered inline; any other file is a
 * resource link (sdp://{module}/{id}/attachments/{attachment_id}) whose bytes only a resources/read carries, so that
 * a file never lands in the conversation.
 */
@ApplicationScoped
public class AttachmentTools {

    /** Text files up to this size (UTF-8) are shown in the answer; larger ones are linked like any other file. */
    public static final int INLINE_BYTES = 16 * 1024;
    /** Names of text files the JDK's table of types does not know. */
    private static final Set<String> PLAIN_TEXT = Set.of("log", "txt", "csv", "md", "ini", "conf", "cfg", "yaml", "yml",
            "sh", "ps1", "bat", "sql", "properties");
    private static final Pattern FILE_NAME = Pattern.compile("[^/\\\\\\p{Cntrl}]{1,255}");

    @Inject
    SdpClient sdp;

    @Inject
    Settings settings;

    public ToolGroup attachments(SdpModule parent, String idArg) {
        String noun = parent.noun();
        SdpModule files = parent.under("attachment", AttachmentTools::line);
        JsonSchemas ids = JsonSchemas.object().id(idArg, null, true);
        return new ToolGroup(List.of(
                new ToolDefinition("list_" + noun + "_attachments", "List a " + noun + "'s attachments",
                        "Lists the files attached to a " + noun + ".", parent.toolset(),
                        JsonSchemas.object().id(idArg, null, true).build(), ModuleTools.listSchema(files), Hints.reads(),
                        call -> list(call, files, path(parent, call, idArg))),
                new ToolDefinition("add_" + noun + "_attachment", "Attach a file to a " + noun,
                        "Attaches a file, given in base64, to a " + noun + ".", parent.toolset(),
                        ids.string("file_name", "e.g. error.log", true)
                                .string("content_base64", "The file's bytes, base64", true).build(),
                        ModuleTools.entitySchema(files), Hints.writes(), call -> add(call, files, path(parent, call, idArg))),
                new ToolDefinition("get_" + noun + "_attachment", "Read a " + noun + "'s attachment",
                        "A small text file's content; any other file as a resource link to read.", parent.toolset(),
                        JsonSchemas.object().id(idArg, null, true).id("attachment_id", null, true).build(), getSchema(),
                        Hints.reads(), call -> get(call, parent, files, idArg)),
                new ToolDefinition("delete_" + noun + "_attachment", "Delete a " + noun + "'s attachment",
                        "Deletes a file attached to a " + noun + ".", parent.toolset(),
                        JsonSchemas.object().id(idArg, null, true).id("attachment_id", null, true).build(), null,
                        Hints.writes().destructive(), call -> {
                            String path = path(parent, call, idArg);
                            String attachment = ToolArgs.id(call, "attachment_id");
                            sdp.delete(ToolArgs.caller(call), path + "/attachments/" + attachment);
                            return ToolResult.of("Deleted attachment " + attachment + " from " + noun + " "
                                    + ToolArgs.id(call, idArg) + ".", null);
                        }).confirmedBy(call -> Preview.of("Delete a file attached to " + noun + " " + ToolArgs.id(call, idArg)
                                + " (cannot be undone)").change(line(attachment(call, parent, files, idArg)), "attached", "deleted"))));
    }

    /** The resource a record's attachment is read at, e.g. sdp://requests/12/attachments/34. */
    public static String uri(String module, String id, String attachmentId) {
        return "sdp://" + module + "/" + id + "/attachments/" + attachmentId;
    }

    private static String path(SdpModule parent, ToolCall call, String idArg) throws ToolException, SdpException {
        return parent.path() + "/" + ToolArgs.id(call, idArg);
    }

    /** "[id 34] «error.log» — content type: text/plain; size: 2 KB; …": the name is the requester's words. */
    static String line(JsonNode attachment) {
        String reference = Render.reference(attachment);
        String rest = Render.line(attachment, "", "content_type", "size", "attached_by", "attached_on");
        return reference + " " + UntrustedText.mark(Render.value(attachment.path("name"))) + rest.substring(reference.length());
    }

    private ToolResult list(ToolCall call, SdpModule files, String path) throws SdpException {
        List<JsonNode> rows = new ArrayList<>();
        SdpClient.rowsOf(sdp.get(ToolArgs.caller(call), path + "/attachments", null), files.plural()).forEach(rows::add);
        ToolResult whole = listed(files, rows, rows.size());
        return ToolResult.list(whole, rows.size(), first -> listed(files, rows.subList(0, first), rows.size()));
    }

    private static ToolResult listed(SdpModule files, List<JsonNode> rows, int all) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(files.plural(), rows);
        out.put("next_page", null);
        StringBuilder text = new StringBuilder(rows.isEmpty() ? "No attachments."
                : all + " attachment" + (all == 1 ? "" : "s") + (rows.size() < all ? ", the first " + rows.size() + " shown" : "") + ":");
        rows.forEach(row -> text.append("\n- ").append(line(row)));
        return ToolResult.of(text.toString(), out);
    }

    private ToolResult add(ToolCall call, SdpModule files, String path) throws ToolException, SdpException {
        String name = call.requiredText("file_name");
        if (!FILE_NAME.matcher(name).matches()) {
            throw new ToolException("file_name must be a file's name (at most 255 characters, no / or \\ or control "
                    + "characters), e.g. error.log.");
        }
        byte[] content = decode(call.requiredText("content_base64"), settings.maxAttachmentBytes());
        String type = mediaType(name);
        JsonNode body = sdp.upload(ToolArgs.caller(call), path + "/upload", name, type, content);
        JsonNode attachment = body.has(files.singular()) ? body.path(files.singular()) : SdpClient.rowsOf(body, files.plural()).path(0);
        return ModuleTools.entity(files, attachment, "Attached " + UntrustedText.mark(name) + " (" + content.length + " bytes)");
    }

    /**
     * The bytes of content_base64, refused when it is not base64, empty or larger than {@code maxBytes} (counted before
     * decoding, so that an oversized argument costs no more memory than it already has).
     */
    public static byte[] decode(String base64, int maxBytes) throws ToolException {
        String compact = base64.replaceAll("\\s+", "");
        if (compact.startsWith("data:") && compact.contains(";base64,")) {
            compact = compact.substring(compact.indexOf(";base64,") + ";base64,".length());
        }
        if ((long) compact.length() / 4 * 3 > maxBytes + 2L) {
            throw tooLarge(maxBytes);
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new ToolException("content_base64 is not valid base64 (" + e.getMessage() + "): give the file's bytes "
                    + "in standard base64 (A-Z, a-z, 0-9, + and /, padded with =). Nothing was sent.");
        }
        if (content.length == 0) {
            throw new ToolException("content_base64 is empty: ServiceDesk Plus takes no empty files. Nothing was sent.");
        }
        if (content.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return content;
    }

    private static ToolException tooLarge(int maxBytes) {
        return new ToolException("content_base64 holds more than this server sends as one attachment (" + maxBytes
                + " bytes, SDP_MAX_ATTACHMENT_BYTES). Nothing was sent: attach a smaller file, or add it in ServiceDesk Plus.");
    }

    /** The content type a file's name suggests (logs and the like as text/plain), octet-stream when it suggests none. */
    static String mediaType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String guessed = URLConnection.guessContentTypeFromName(lower);
        if (guessed != null) {
            return guessed;
        }
        String extension = lower.substring(lower.lastIndexOf('.') + 1);
        return PLAIN_TEXT.contains(extension) ? "text/plain" : "application/octet-stream";
    }

    /** One attachment as the record's list shows it (no URL serves one alone); one it lacks is said so. */
    private JsonNode attachment(ToolCall call, SdpModule parent, SdpModule files, String idArg) throws ToolException, SdpException {
        String id = ToolArgs.id(call, idArg);
        String attachmentId = ToolArgs.id(call, "attachment_id");
        for (JsonNode row : SdpClient.rowsOf(sdp.get(ToolArgs.caller(call), parent.path() + "/" + id + "/attachments", null),
                files.plural())) {
            if (row.path("id").asText().equals(attachmentId)) {
                return row;
            }
        }
        throw new ToolException(parent.noun() + " " + id + " has no attachment " + attachmentId + ": list_" + parent.noun()
                + "_attachments lists its files.");
    }

    private ToolResult get(ToolCall call, SdpModule parent, SdpModule files, String idArg) throws ToolException, SdpException {
        String id = ToolArgs.id(call, idArg);
        String attachmentId = ToolArgs.id(call, "attachment_id");
        String path = parent.path() + "/" + id + "/attachments";
        JsonNode attachment = attachment(call, parent, files, idArg);
        String name = UntrustedText.clean(Render.value(attachment.path("name")));
        String type = attachment.path("content_type").asText("");
        if (type.isBlank() || type.equalsIgnoreCase("application/octet-stream")) {
            type = mediaType(name);
        }
        long size = size(attachment);
        String uri = uri(parent.path(), id, attachmentId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(files.singular(), attachment);
        String headline = line(attachment);
        String download = path + "/" + attachmentId + "/download";
        int limit = settings.maxAttachmentBytes();
        if (call.resourceRead()) {
            if (size > limit) {
                throw new ToolException("The file has " + size + " bytes, more than this server passes on (" + limit
                        + " bytes, SDP_MAX_ATTACHMENT_BYTES): open it in ServiceDesk Plus instead.");
            }
            SdpClient.File file = sdp.download(ToolArgs.caller(call), download, limit);
            return ToolResult.of(headline, out).with(new ToolResult.File(uri, name, type, file.bytes().length, file.bytes()));
        }
        if (textual(type) && size >= 0 && size <= INLINE_BYTES) {
            String text;
            try {
                text = utf8(sdp.download(ToolArgs.caller(call), download, INLINE_BYTES).bytes());
            } catch (SdpException notShown) {
                text = null; // larger than its metadata said, or not readable now: the link still leads to it
            }
            if (text != null) {
                String content = UntrustedText.clean(text);
                out.put("content", content);
                return ToolResult.of(headline + "\nContent:\n" + UntrustedText.mark(content), out);
            }
        }
        out.put("resource_uri", uri);
        return ToolResult.of(headline + "\nNot shown here (" + (textual(type) && size > INLINE_BYTES ? "longer than "
                + INLINE_BYTES + " bytes" : "not text") + "): its content is the resource " + uri + ".", out)
                .with(new ToolResult.File(uri, name, type, size, null));
    }

    /** The size in bytes ServiceDesk Plus gives ({"size": {"value": …}} or a plain number), -1 when it gives none. */
    static long size(JsonNode attachment) {
        JsonNode size = attachment.path("size");
        JsonNode value = size.isObject() ? size.path("value") : size;
        try {
            return value.isNumber() ? value.asLong() : Long.parseLong(value.asText("-1").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean textual(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || t.contains("json") || t.contains("xml");
    }

    /** The bytes as UTF-8 text, or null when they are not. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Map<String, Object> getSchema() {
        return JsonSchemas.object().property("attachment", JsonSchemas.typed("object", null), false)
                .string("content", "Text files up to " + INLINE_BYTES + " bytes", false)
                .string("resource_uri", "Any other file: read this resource", false).buildResult();
    }
}
