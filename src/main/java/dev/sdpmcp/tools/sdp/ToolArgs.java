package dev.sdpmcp.tools.sdp;

import dev.sdpmcp.sdp.ListInfo;
import dev.sdpmcp.sdp.SdpCaller;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.sdp.Values;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Arguments of ServiceDesk Plus tools, checked before any call is made. */
public final class ToolArgs {

    public static final int DEFAULT_PAGE_SIZE = 20;
    private static final Pattern ID = Pattern.compile("[0-9]{1,20}");

    private ToolArgs() {
    }

    /** The caller of a tool as the ServiceDesk Plus client knows them. */
    public static SdpCaller caller(ToolCall call) {
        return new SdpCaller(call.caller(), call.baseUrl());
    }

    /** A required numeric id. */
    public static String id(ToolCall call, String name) throws ToolException, SdpException {
        String value = call.text(name).orElseThrow(() -> new ToolException(name + " is required."));
        return checkedId(name, value);
    }

    public static Optional<String> optionalId(ToolCall call, String name) throws ToolException, SdpException {
        Optional<String> value = call.text(name);
        return value.isPresent() ? Optional.of(checkedId(name, value.get())) : Optional.empty();
    }

    static String checkedId(String name, String value) throws ToolException, SdpException {
        if (!ID.matcher(value).matches()) {
            throw new ToolException(name + " must be a ServiceDesk Plus id: digits only, such as 123640000000240013, not \""
                    + Values.shorten(value) + "\".");
        }
        return value;
    }

    public static int page(ToolCall call) throws ToolException, SdpException {
        int page = integer(call, "page").orElse(1);
        if (page < 1) {
            throw new ToolException("page starts at 1.");
        }
        return page;
    }

    public static int pageSize(ToolCall call) throws ToolException, SdpException {
        int size = integer(call, "page_size").orElse(DEFAULT_PAGE_SIZE);
        if (size < 1 || size > ListInfo.MAX_PAGE_SIZE) {
            throw new ToolException("page_size must be between 1 and " + ListInfo.MAX_PAGE_SIZE + " (ServiceDesk Plus returns at most 100 rows).");
        }
        return size;
    }

    public static Optional<Integer> integer(ToolCall call, String name) throws ToolException, SdpException {
        Object value = call.arguments().get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number number) {
            double whole = number.doubleValue();
            if (whole != Math.rint(whole) || whole > Integer.MAX_VALUE || whole < Integer.MIN_VALUE) {
                throw new ToolException(name + " must be a whole number up to " + Integer.MAX_VALUE + ", not " + Values.shorten(value.toString()) + ".");
            }
            return Optional.of(number.intValue());
        }
        try {
            return Optional.of(Integer.parseInt(value.toString().trim()));
        } catch (NumberFormatException e) {
            throw new ToolException(name + " must be a whole number, not \"" + Values.shorten(value.toString()) + "\".");
        }
    }

    public static Optional<Boolean> bool(ToolCall call, String name) throws ToolException, SdpException {
        Object value = call.arguments().get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        return switch (value.toString().trim().toLowerCase()) {
            case "true", "yes" -> Optional.of(true);
            case "false", "no" -> Optional.of(false);
            default -> throw new ToolException(name + " must be true or false.");
        };
    }

    /** A date ("2026-03-01", read as midnight UTC), a date-time (ISO-8601, UTC unless an offset is given) or epoch ms. */
    public static Optional<Long> time(ToolCall call, String name) throws ToolException, SdpException {
        Optional<String> value = call.text(name);
        return value.isPresent() ? Optional.of(time(name, value.get())) : Optional.empty();
    }

    /** {@link #time(ToolCall, String)} of a text; {@code name} says what it is in the error. */
    public static long time(String name, String text) throws ToolException, SdpException {
        try {
            return Values.epochMillis(name, text);
        } catch (SdpException e) {
            throw new ToolException(e.getMessage());
        }
    }

    /** Required ids, as a JSON array or comma-separated text, each checked, without repeats. */
    public static List<String> ids(ToolCall call, String name) throws ToolException, SdpException {
        List<String> ids = new ArrayList<>();
        for (String value : list(call, name)) {
            String id = checkedId(name, value);
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            throw new ToolException(name + " is required: one or more request ids.");
        }
        return ids;
    }

    /** A list given as a JSON array or as comma-separated text. */
    public static List<String> list(ToolCall call, String name) {
        Object value = call.arguments().get(name);
        List<String> values = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            items.forEach(item -> values.add(String.valueOf(item).trim()));
        } else if (value != null) {
            for (String part : value.toString().split(",")) {
                values.add(part.trim());
            }
        }
        values.removeIf(String::isEmpty);
        return values;
    }
}
