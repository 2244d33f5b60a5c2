package dev.sdpmcp.tools.sdp;

import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.sdp.SearchCriteria;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolException;
import java.util.List;
import java.util.Optional;

/** One filter argument of a list tool, and the search_criteria condition it becomes (evaluated by ServiceDesk Plus). */
public record Filter(String arg, String field, Kind kind, String description) {

    public enum Kind {
        /** Lookup values by name, one or several: "Open" or "Open,On Hold". */
        NAMES,
        /** A person by e-mail (contains @) or name. */
        PERSON,
        /** A time at or after. */
        FROM,
        /** A time at or before. */
        TO,
        /** Free text the field contains. */
        CONTAINS,
        /** An exact value. */
        IS
    }

    public static Filter names(String arg, String field, String description) {
        return new Filter(arg, field, Kind.NAMES, description);
    }

    public static Filter person(String arg, String field, String description) {
        return new Filter(arg, field, Kind.PERSON, description);
    }

    public static Filter from(String arg, String field, String description) {
        return new Filter(arg, field, Kind.FROM, description);
    }

    public static Filter to(String arg, String field, String description) {
        return new Filter(arg, field, Kind.TO, description);
    }

    public static Filter contains(String arg, String field, String description) {
        return new Filter(arg, field, Kind.CONTAINS, description);
    }

    public static Filter is(String arg, String field, String description) {
        return new Filter(arg, field, Kind.IS, description);
    }

    void schema(JsonSchemas schema) {
        schema.string(arg, description, false);
    }

    Optional<SearchCriteria> criteria(ToolCall call) throws ToolException, SdpException {
        Optional<String> text = call.text(arg);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String value = text.get();
        return Optional.of(switch (kind) {
            case NAMES -> {
                List<String> names = ToolArgs.list(call, arg);
                yield SearchCriteria.of(field, "is", names.toArray());
            }
            case PERSON -> value.contains("@") ? SearchCriteria.of(field + ".email_id", "is", value)
                    : SearchCriteria.of(field + ".name", "is", value);
            case FROM -> SearchCriteria.of(field, "greater or equal", String.valueOf(ToolArgs.time(call, arg).orElseThrow()));
            case TO -> SearchCriteria.of(field, "lesser or equal", String.valueOf(ToolArgs.time(call, arg).orElseThrow()));
            case CONTAINS -> SearchCriteria.of(field, "contains", value);
            case IS -> SearchCriteria.of(field, "is", value);
        });
    }
}
