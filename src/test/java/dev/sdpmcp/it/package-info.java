/**
 * Integration tests, each against a server started for its failsafe run. Every suite names its server beside it with
 * one of the annotations of {@code support} ({@code @RunsOnPostgresql} for most, {@code @RunsBeforeRestart},
 * {@code @RunsAfterRestart}, {@code @RunsOnEmbedded}, {@code @RunsOnEmbeddedRestart}), whose documentation says how
 * that server is set up; {@code ServerRunsTest} fails on a suite that names none. Shared helpers are in
 * {@code support}.
 */
package dev.sdpmcp.it;
