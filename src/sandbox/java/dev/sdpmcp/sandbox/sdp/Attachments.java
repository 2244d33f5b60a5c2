package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Files attached to requests, problems and changes (docs/sdp-api-fidelity.md §18): PUT {module}/{id}/upload takes one
 * file as multipart/form-data in the part input_file; GET {module}/{id}/attachments lists them;
 * GET …/attachments/{attachment_id}/download answers the bytes; DELETE …/attachments/{attachment_id} removes one.
 */
final class Attachments {

    /** What the simulator stores of one upload; the real instance's default limit (fidelity §18, unconfirmed). */
    static final int MAX_BYTES = 10 * 1024 * 1024;
    static final Set<String> MODULES = Set.of("requests", "problems", "changes");

    /** One part of a multipart/form-data body, as the HTTP layer read it. */
    record Part(String name, String fileName, String contentType, byte[] content) {
    }

    /** What an attachment path names; {@code attachmentId} null for the upload and the list. */
    record Route(String method, String module, String recordId, String attachmentId, boolean upload, boolean download) {

        String operation() {
            return switch (method) {
                case "GET" -> "READ";
                case "PUT" -> "UPDATE";
                case "DELETE" -> "DELETE";
                default -> "CREATE";
            };
        }
    }

    private Attachments() {
    }

    /** The route when {@code segments} name an attachment URL of a module that has them, else null. */
    static Route route(String method, List<String> segments) {
        if (segments.size() < 3 || !MODULES.contains(segments.get(0))) {
            return null;
        }
        String module = segments.get(0);
        String id = segments.get(1);
        String what = segments.get(2);
        if (segments.size() == 3 && what.equals("upload")) {
            if (!method.equals("PUT")) {
                throw ApiException.invalidUrl();
            }
            return new Route(method, module, id, null, true, false);
        }
        if (!what.equals("attachments")) {
            return null;
        }
        if (segments.size() == 3 && method.equals("GET")) {
            return new Route(method, module, id, null, false, false);
        }
        if (segments.size() == 4 && method.equals("DELETE")) {
            return new Route(method, module, id, segments.get(3), false, false);
        }
        if (segments.size() == 5 && segments.get(4).equals("download") && method.equals("GET")) {
            return new Route(method, module, id, segments.get(3), false, true);
        }
        throw ApiException.invalidUrl();
    }

    /** Runs a route on a portal (whose monitor the caller holds): JSON, or the file's bytes for a download. */
    static SdpSimulator.Reply run(Route route, Writer.Ctx ctx, String contentType, List<Part> parts) {
        Portal portal = ctx.portal();
        if (portal.row(Catalog.top(route.module()), route.recordId()) == null) {
            throw ApiException.notFound();
        }
        String key = route.module() + "/" + route.recordId();
        List<ObjectNode> attached = portal.attachments.computeIfAbsent(key, k -> new ArrayList<>());
        if (route.upload()) {
            Part file = checked(contentType, parts);
            ObjectNode attachment = Json.object();
            String id = portal.nextId();
            attachment.put("id", id);
            attachment.put("name", file.fileName());
            attachment.put("content_type", file.contentType() == null ? "application/octet-stream" : file.contentType());
            attachment.putObject("size").put("display_value", display(file.content().length)).put("value", file.content().length);
            attachment.put("content_url", "/api/v3/" + key + "/attachments/" + id + "/download");
            attachment.set("attached_by", ctx.caller());
            attachment.set("attached_on", Json.datetime(ctx.now()));
            attached.add(attachment);
            portal.files.put(id, file.content());
            return json(Json.entity("attachment", attachment));
        }
        if (route.attachmentId() == null) {
            ObjectNode body = Json.object();
            ArrayNode list = body.putArray("attachments");
            attached.forEach(list::add);
            body.set("response_status", Json.success());
            return json(body);
        }
        ObjectNode attachment = attached.stream().filter(a -> a.path("id").asText().equals(route.attachmentId()))
                .findFirst().orElseThrow(ApiException::notFound);
        if (route.download()) {
            return new SdpSimulator.Reply(200, attachment.path("content_type").asText(), null, Map.of("Content-Disposition",
                    "attachment; filename=\"" + attachment.path("name").asText().replace("\"", "") + "\""), false,
                    portal.files.get(route.attachmentId()));
        }
        attached.remove(attachment);
        portal.files.remove(route.attachmentId());
        return json(Json.action("Attachment(s) deleted successfully."));
    }

    /**
     * The one file of an upload: multipart/form-data with exactly one part, named input_file, with a file name, not
     * empty and within {@link #MAX_BYTES}. The messages are this simulator's (no source shows the real ones).
     */
    static Part checked(String contentType, List<Part> parts) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") || parts == null) {
            throw ApiException.badRequest("input_file", "The file must be sent as multipart/form-data, in the field input_file");
        }
        if (parts.size() != 1 || !parts.get(0).name().equals("input_file")) {
            throw ApiException.badRequest("input_file", "Exactly one file is uploaded per call, in the field input_file");
        }
        Part file = parts.get(0);
        if (file.fileName() == null || file.fileName().isBlank()) {
            throw ApiException.badRequest("input_file", "The field input_file must be a file, with a file name");
        }
        if (file.content().length == 0) {
            throw ApiException.badRequest("input_file", "The file is empty");
        }
        if (file.content().length > MAX_BYTES) {
            throw ApiException.badRequest("input_file", "The file size exceeds the limit of 10 MB");
        }
        return file;
    }

    /** What the request log keeps of a multipart body: each part's name, file name, type, size and SHA-256. */
    static ObjectNode describe(List<Part> parts) {
        ObjectNode logged = Json.object();
        ArrayNode list = logged.putArray("multipart");
        for (Part part : parts) {
            ObjectNode node = list.addObject();
            node.put("name", part.name());
            node.put("filename", part.fileName());
            node.put("content_type", part.contentType());
            node.put("size", part.content().length);
            node.put("sha256", sha256(part.content()));
        }
        return logged;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String display(long bytes) {
        return bytes < 1024 ? bytes + " bytes" : String.format(Locale.ROOT, "%.2f KB", bytes / 1024.0);
    }

    private static SdpSimulator.Reply json(ObjectNode body) {
        return new SdpSimulator.Reply(200, SdpSimulator.JSON, Json.write(body), Map.of());
    }
}
