/**
 * Integration tests against the test server of failsafe run {@code it-postgresql} (pom.xml): PostgreSQL, the sandbox
 * simulators, HTTPS and the admin center on, tiny keep-alive, idle and circuit delays so that expiry and recovery can be
 * watched within a test. Everything in this package and in {@code tools}, {@code ops}, {@code faults} and
 * {@code hostile} runs there, except {@code tools.ServerScopeIT}; shared helpers are in {@code support}.
 */
package dev.sdpmcp.it;
