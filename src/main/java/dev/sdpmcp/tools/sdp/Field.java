package dev.sdpmcp.tools.sdp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.sdp.Lookups;
import dev.sdpmcp.sdp.SdpClient;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One field a create or update tool accepts: its argument, the key ServiceDesk Plus expects, and how a user's value
 * becomes SDP's (a lookup name becomes the instance's id, a person becomes email_id/name/id, a time becomes
 * {"value": ms}). Only the fields a user gives are sent: nothing is invented.
 */
public record Field(String arg, String key, Kind kind, String description, String lookupPath, boolean mandatory) {

    public enum Kind {
        TEXT, LOOKUP, NAMED, USER, TIME, BOOLEAN, INTEGER, INTEGER_TEXT, EMAILS, GROUPED_TEXT
    }

    public static Field text(String arg, String description) {
        return new Field(arg, arg, Kind.TEXT, description, null, false);
    }

    public static Field text(String arg, String key, String description) {
        return new Field(arg, key, Kind.TEXT, description, null, false);
    }

    /**
     * A text in one of SDP's grouped sections: {@code {"<group>": {"<group>_description": text}}}, e.g. a change's
     * roll_out_plan (the inner key keeps its full name; docs/sdp-api-fidelity.md §5).
     */
    public static Field grouped(String group, String description) {
        return new Field(group, group, Kind.GROUPED_TEXT, description, null, false);
    }

    /** A lookup value by name or id; the path may name an earlier field, e.g. "categories/{category}/subcategories". */
    public static Field lookup(String arg, String lookupPath, String description) {
        return new Field(arg, arg, Kind.LOOKUP, description, lookupPath, false);
    }

    public static Field lookup(String arg, String key, String lookupPath, String description) {
        return new Field(arg, key, Kind.LOOKUP, description, lookupPath, false);
    }

    /**
     * A value SDP takes by name and offers no list of (a task's status): sent as {"name": …}, or as {"id": …} when the
     * user gives an id (a project task's milestone).
     */
    public static Field named(String arg, String description) {
        return new Field(arg, arg, Kind.NAMED, description, null, false);
    }

    public static Field user(String arg, String description) {
        return new Field(arg, arg, Kind.USER, description, null, false);
    }

    public static Field user(String arg, String key, String description) {
        return new Field(arg, key, Kind.USER, description, null, false);
    }

    public static Field time(String arg, String key, String description) {
        return new Field(arg, key, Kind.TIME, description, null, false);
    }

    public static Field bool(String arg, String description) {
        return new Field(arg, arg, Kind.BOOLEAN, description, null, false);
    }

    public static Field integer(String arg, String description) {
        return new Field(arg, arg, Kind.INTEGER, description, null, false);
    }

    /** A whole number that SDP takes as a string ("20"), as ME's samples send a task's effort (fidelity §8). */
    public static Field integerText(String arg, String description) {
        return new Field(arg, arg, Kind.INTEGER_TEXT, description, null, false);
    }

    public static Field emails(String arg, String description) {
        return new Field(arg, arg, Kind.EMAILS, description, null, false);
    }

    /** The field must be given when creating (SDP answers 4012 otherwise). */
    public Field asMandatory() {
        return new Field(arg, key, kind, description, lookupPath, true);
    }

    /** Adds these fields to a tool's input schema; {@code requireMandatory} false for updates. */
    public static JsonSchemas schema(JsonSchemas schema, List<Field> fields, boolean requireMandatory) {
        for (Field field : fields) {
            boolean required = requireMandatory && field.mandatory;
            switch (field.kind) {
                case BOOLEAN -> schema.bool(field.arg, field.description, required);
                case INTEGER, INTEGER_TEXT -> schema.integer(field.arg, field.description, required);
                case EMAILS -> schema.strings(field.arg, field.description, required);
                default -> schema.string(field.arg, field.description, required);
            }
        }
        return schema;
    }

    /** The entity to send, from the arguments that were given. */
    public static ObjectNode entity(ToolCall call, List<Field> fields, Lookups lookups) throws ToolException, SdpException {
        ObjectNode entity = SdpClient.JSON.createObjectNode();
        Map<String, String> resolvedIds = new HashMap<>();
        for (Field field : fields) {
            Optional<String> text = call.text(field.arg);
            if (text.isEmpty() && field.kind != Kind.BOOLEAN && field.kind != Kind.INTEGER && field.kind != Kind.INTEGER_TEXT
                    && field.kind != Kind.EMAILS) {
                continue;
            }
            switch (field.kind) {
                case TEXT -> entity.put(field.key, text.get());
                case GROUPED_TEXT -> entity.putObject(field.key).put(field.key + "_description", text.get());
                case NAMED -> entity.putObject(field.key).put(text.get().matches("[0-9]{6,20}") ? "id" : "name", text.get());
                case USER -> entity.set(field.key, person(text.get()));
                case TIME -> entity.putObject(field.key).put("value", String.valueOf(ToolArgs.time(call, field.arg).orElseThrow()));
                case BOOLEAN -> ToolArgs.bool(call, field.arg).ifPresent(value -> entity.put(field.key, value));
                case INTEGER -> ToolArgs.integer(call, field.arg).ifPresent(value -> entity.put(field.key, value));
                case INTEGER_TEXT -> ToolArgs.integer(call, field.arg).ifPresent(value -> entity.put(field.key, String.valueOf(value)));
                case EMAILS -> {
                    List<String> emails = ToolArgs.list(call, field.arg);
                    if (!emails.isEmpty()) {
                        entity.set(field.key, SdpClient.JSON.valueToTree(emails));
                    }
                }
                case LOOKUP -> {
                    ObjectNode reference = lookups.reference(ToolArgs.caller(call), path(field, resolvedIds), text.get(), field.arg.replace('_', ' '));
                    resolvedIds.put(field.arg, reference.path("id").asText());
                    entity.set(field.key, reference);
                }
            }
        }
        return entity;
    }

    /** A user by e-mail, id or name, as SDP accepts them (docs/sdp-api-fidelity.md §1). */
    public static ObjectNode person(String value) {
        ObjectNode person = SdpClient.JSON.createObjectNode();
        String trimmed = value.trim();
        if (trimmed.contains("@")) {
            person.put("email_id", trimmed);
        } else if (trimmed.matches("[0-9]{6,20}")) {
            person.put("id", trimmed);
        } else {
            person.put("name", trimmed);
        }
        return person;
    }

    private static String path(Field field, Map<String, String> resolvedIds) throws ToolException, SdpException {
        String path = field.lookupPath;
        int open = path.indexOf('{');
        if (open < 0) {
            return path;
        }
        String parent = path.substring(open + 1, path.indexOf('}'));
        String id = resolvedIds.get(parent);
        if (id == null) {
            throw new ToolException("To set " + field.arg + ", give " + parent + " too: " + field.arg + " values belong to a " + parent + ".");
        }
        return path.substring(0, open) + id + path.substring(path.indexOf('}') + 1);
    }
}
