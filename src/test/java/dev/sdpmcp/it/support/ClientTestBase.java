package dev.sdpmcp.it.support;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test that plays the user from outside: the built WAR is deployed as is, and the test reaches it over HTTP. */
@ExtendWith(ArquillianExtension.class)
public abstract class ClientTestBase {

    @Deployment(testable = false)
    public static WebArchive app() {
        return Deployments.server();
    }

    @ArquillianResource
    protected URL base;

    protected URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }
}
