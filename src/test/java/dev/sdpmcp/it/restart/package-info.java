/**
 * One PostgreSQL database used by two server starts ({@code @RunsBeforeRestart}, then {@code @RunsAfterRestart}): the
 * first, read-only with the toolsets {@code requests,lookups}, authorizes users; the second finds them authorized under
 * a new encryption key, with the first as the previous key.
 */
package dev.sdpmcp.it.restart;
