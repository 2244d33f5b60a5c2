package dev.sdpmcp.config;

/** Settings' package-private decisions, for tests in other packages. */
public final class SettingsAccess {

    private SettingsAccess() {
    }

    public static boolean sandbox(boolean baseUrlSet, boolean postgres, boolean sandboxAsked) {
        return Settings.sandbox(baseUrlSet, postgres, sandboxAsked);
    }
}
