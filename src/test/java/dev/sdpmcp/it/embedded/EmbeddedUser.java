package dev.sdpmcp.it.embedded;

import dev.sdpmcp.it.support.TestUsers;

/** One user shared by the two embedded-database runs, so the second run can find what the first one wrote. */
final class EmbeddedUser {

    static final TestUsers USER = new TestUsers("1000.EMBEDDEDRESTARTCHECK00000000", "0123456789abcdef0123456789abcdef");

    private EmbeddedUser() {
    }
}
