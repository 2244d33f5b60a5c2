package dev.sdpmcp.tools.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.tools.ToolException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The checks of add_*_attachment before anything is sent, and how a file is judged for showing inline. */
class AttachmentToolsTest {

    @Test
    void base64IsDecodedWithinTheLimitAndRefusedOtherwiseNamingTheField() throws Exception {
        byte[] bytes = new byte[1000];
        bytes[7] = 42;
        String encoded = Base64.getEncoder().encodeToString(bytes);
        assertArrayEquals(bytes, AttachmentTools.decode(encoded, 1000));
        assertArrayEquals(bytes, AttachmentTools.decode(encoded.substring(0, 40) + "\n " + encoded.substring(40), 1000));
        assertArrayEquals(bytes, AttachmentTools.decode("data:application/octet-stream;base64," + encoded, 1000));

        String tooBig = assertThrows(ToolException.class, () -> AttachmentTools.decode(encoded, 999)).getMessage();
        assertTrue(tooBig.contains("content_base64") && tooBig.contains("999") && tooBig.contains("SDP_MAX_ATTACHMENT_BYTES")
                && tooBig.contains("Nothing was sent"), tooBig);
        String huge = "A".repeat(4_000_000);
        assertTrue(assertThrows(ToolException.class, () -> AttachmentTools.decode(huge, 1000)).getMessage().contains("1000"),
                "refused by its length, before decoding");
        String invalid = assertThrows(ToolException.class, () -> AttachmentTools.decode("not*base64!", 1000)).getMessage();
        assertTrue(invalid.contains("content_base64 is not valid base64") && invalid.contains("Nothing was sent"), invalid);
        assertTrue(assertThrows(ToolException.class, () -> AttachmentTools.decode("", 1000)).getMessage().contains("empty"));
    }

    @Test
    void onlyUtf8TextIsShownInline() throws Exception {
        assertTrue(AttachmentTools.textual("text/plain") && AttachmentTools.textual("application/json")
                && AttachmentTools.textual("application/xml; charset=UTF-8"));
        assertTrue(!AttachmentTools.textual("image/png") && !AttachmentTools.textual("application/octet-stream"));
        assertEquals("héllo", AttachmentTools.utf8("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertNull(AttachmentTools.utf8(new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff}));
        assertEquals("image/png", AttachmentTools.mediaType("Screen.PNG"));
        assertEquals("application/octet-stream", AttachmentTools.mediaType("dump.xyz123"));
        assertEquals("text/plain", AttachmentTools.mediaType("crash.LOG"));
        ObjectMapper json = new ObjectMapper();
        assertEquals(2048, AttachmentTools.size(json.readTree("{\"size\":{\"display_value\":\"2 KB\",\"value\":\"2048\"}}")));
        assertEquals(12, AttachmentTools.size(json.readTree("{\"size\":12}")));
        assertEquals(-1, AttachmentTools.size(json.readTree("{}")));
    }
}
