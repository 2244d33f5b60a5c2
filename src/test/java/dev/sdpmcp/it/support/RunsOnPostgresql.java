package dev.sdpmcp.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The test server of failsafe run {@code it-postgresql}: PostgreSQL (a fresh database per build), the sandbox's
 * simulators, HTTPS and the admin center on, origins restricted, TLS required of remote callers, and tiny keep-alive,
 * idle, token-window and circuit delays so that expiry and recovery can be watched within a test. Most suites run
 * here.
 *
 * <p>That failsafe run selects the suites so marked (its {@code groups}: the tag {@value #TAG}); its settings are the
 * run's environment in pom.xml over the one all test servers share.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RunsOnPostgresql.TAG)
public @interface RunsOnPostgresql {

    String TAG = "postgresql";
}
