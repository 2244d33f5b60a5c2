package dev.sdpmcp.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The server of failsafe run {@code it-embedded}: nothing but a port and its data and key directories, so the embedded
 * database and a generated encryption key (in {@code SDP_KEY_DIR}), as a newcomer's first start.
 *
 * <p>That failsafe run selects the suites so marked (its {@code groups}: the tag {@value #TAG}); its settings are the
 * run's environment in pom.xml over the one all test servers share.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RunsOnEmbedded.TAG)
public @interface RunsOnEmbedded {

    String TAG = "embedded";
}
