/**
 * The embedded database (no SDP_DB_HOST, a generated key in SDP_KEY_DIR), started twice on one data directory
 * ({@code @RunsOnEmbedded}, then {@code @RunsOnEmbeddedRestart}); {@code LogSecretsIT} runs last of all and reads
 * every server log of the build for secrets.
 */
package dev.sdpmcp.it.embedded;
