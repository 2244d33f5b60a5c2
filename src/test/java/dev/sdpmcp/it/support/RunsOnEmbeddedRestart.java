package dev.sdpmcp.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The server of failsafe run {@code it-embedded-restart}: {@link RunsOnEmbedded}'s server started again on the
 * same data and key directories. Its suites run in alphabetical order, {@code LogSecretsIT} last of the build.
 *
 * <p>That failsafe run selects the suites so marked (its {@code groups}: the tag {@value #TAG}); its settings are the
 * run's environment in pom.xml over the one all test servers share.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RunsOnEmbeddedRestart.TAG)
public @interface RunsOnEmbeddedRestart {

    String TAG = "embedded-restart";
}
