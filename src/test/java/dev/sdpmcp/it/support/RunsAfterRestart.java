package dev.sdpmcp.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The server of failsafe run {@code it-postgresql-restart-after}: a restart on the same PostgreSQL database with a
 * rotated encryption key (the first one as {@code SDP_ENCRYPTION_KEY_PREVIOUS}).
 *
 * <p>That failsafe run selects the suites so marked (its {@code groups}: the tag {@value #TAG}); its settings are the
 * run's environment in pom.xml over the one all test servers share.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RunsAfterRestart.TAG)
public @interface RunsAfterRestart {

    String TAG = "restart-after";
}
