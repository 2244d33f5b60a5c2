package dev.sdpmcp.sdp;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Values as people give them, in the form ServiceDesk Plus takes them; and values quoted back in messages. */
public final class Values {

    private Values() {
    }

    /**
     * Epoch milliseconds of a date ("2026-03-01", read as midnight UTC), a date-time (ISO-8601, UTC unless an offset
     * is given) or epoch seconds or milliseconds; {@code label} says what it is in the error.
     */
    public static long epochMillis(String label, String text) throws SdpException {
        try {
            if (text.matches("[0-9]{10,13}")) {
                long number = Long.parseLong(text);
                return text.length() == 10 ? number * 1000 : number;
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException noOffset) {
                try {
                    return Instant.parse(text).toEpochMilli();
                } catch (DateTimeParseException notInstant) {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
                }
            }
        } catch (DateTimeParseException e) {
            throw new SdpException(label + " must be a date (2026-03-01) or date-time (2026-03-01T14:30:00Z), not \""
                    + shorten(text) + "\".");
        }
    }

    /** A value quoted in a message, cut to 40 characters. */
    public static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
