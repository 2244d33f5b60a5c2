/**
 * One PostgreSQL server started twice (failsafe runs {@code it-postgresql-restart-before} and {@code -after}): the
 * first run is read-only with the toolsets {@code requests,lookups} (so {@code tools.ServerScopeIT} runs there too) and
 * authorizes users; the second finds them authorized under a new encryption key, with the first as the previous key.
 */
package dev.sdpmcp.it.restart;
