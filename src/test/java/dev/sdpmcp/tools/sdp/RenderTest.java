package dev.sdpmcp.tools.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RenderTest {

    @Test
    void htmlDescriptionsBecomePlainText() {
        assertEquals("First line\nSecond & <third>", Render.text("<div>First  line</div>\n\n<p>Second &amp; &lt;third&gt;</p>"));
        assertEquals("a\nb", Render.text("a<br/>b"));
        assertEquals("tabs and spaces", Render.text("tabs\t and  spaces"));
    }

    @Test
    void plainValuesAreOnlyTrimmed() {
        assertEquals("Open", Render.text(" Open "));
        assertEquals("Printer on floor 2 is jammed", Render.text("Printer on floor 2 is jammed"));
        assertEquals("", Render.text(""));
    }
}
