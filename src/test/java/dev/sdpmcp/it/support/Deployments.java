package dev.sdpmcp.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that Maven built, exactly as users deploy it (tests running inside the server add their classes). */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive server() {
        File war = new File(System.getProperty("it.war", "target/sdp-mcp.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("Build the WAR first (mvn package): " + war);
        }
        return ShrinkWrap.create(ZipImporter.class, "sdp-mcp.war").importFrom(war).as(WebArchive.class);
    }

    /**
     * The WAR plus test classes, for tests that run inside the server. The WAR's web.xml excludes library
     * web-fragments, so Arquillian's test runner servlet is declared in it here.
     */
    public static WebArchive serverWith(Class<?>... testClasses) {
        WebArchive war = server();
        String webXml;
        try (var in = war.get("WEB-INF/web.xml").getAsset().openStream()) {
            webXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        war.delete("WEB-INF/web.xml");
        war.setWebXML(new StringAsset(webXml.replace("</web-app>", ARQUILLIAN_RUNNER + "</web-app>")));
        return war.addClasses(testClasses).addClasses(TestUsers.class, Http.class, RawSse.class, RawMcp.class, Secrets.class);
    }

    private static final String ARQUILLIAN_RUNNER = """
              <servlet>
                <servlet-name>ArquillianServletRunnerEE9</servlet-name>
                <servlet-class>org.jboss.arquillian.protocol.servlet5.runner.ServletTestRunner</servlet-class>
              </servlet>
              <servlet-mapping>
                <servlet-name>ArquillianServletRunnerEE9</servlet-name>
                <url-pattern>/ArquillianServletRunnerEE9</url-pattern>
              </servlet-mapping>
            """;
}
