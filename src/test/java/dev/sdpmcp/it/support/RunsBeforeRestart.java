package dev.sdpmcp.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The server of failsafe run {@code it-postgresql-restart-before}: the same PostgreSQL database after the
 * {@code it-postgresql} run, read-only ({@code SDP_READ_ONLY}) with only the toolsets {@code requests,lookups}; it
 * authorizes users that {@link RunsAfterRestart} finds again.
 *
 * <p>That failsafe run selects the suites so marked (its {@code groups}: the tag {@value #TAG}); its settings are the
 * run's environment in pom.xml over the one all test servers share.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RunsBeforeRestart.TAG)
public @interface RunsBeforeRestart {

    String TAG = "restart-before";
}
