package dev.sdpmcp.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sdpmcp.config.Settings;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * deploy/kubernetes names what server-config/server.xml and {@code Settings} define: the same HTTP port everywhere, the
 * health paths of mpHealth, only settings that exist, the secrets from Secrets and never as plain values, and the same
 * pod under the Open Liberty Operator and as a plain Deployment.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("deploy/kubernetes");
    private static final Set<String> SECRET_SETTINGS = Set.of("SDP_DB_PASSWORD", "SDP_ENCRYPTION_KEY",
            "SDP_ENCRYPTION_KEY_PREVIOUS", "SDP_KEYSTORE_PASSWORD");
    private static final Map<String, String> PROBES = Map.of("startup", "/health/started", "liveness", "/health/live",
            "readiness", "/health/ready");

    private static final List<JsonNode> DOCUMENTS = new ArrayList<>();
    private static Document serverXml;

    @BeforeAll
    static void read() throws Exception {
        ObjectMapper yaml = new YAMLMapper();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = new YAMLFactory().createParser(file.toFile())) {
                    yaml.readValues(parser, JsonNode.class).readAll().forEach(DOCUMENTS::add);
                }
            }
        }
        serverXml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("server-config/server.xml").toFile());
    }

    private static JsonNode only(String kind) {
        List<JsonNode> found = DOCUMENTS.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertEquals(1, found.size(), "one " + kind + " in deploy/kubernetes");
        return found.get(0);
    }

    /** The two ways to run the pod: the operator's spec and the Deployment's container have the same fields. */
    private static Map<String, JsonNode> pods() {
        JsonNode operator = only("OpenLibertyApplication").path("spec");
        JsonNode deployment = only("Deployment").path("spec").path("template").path("spec");
        return Map.of("OpenLibertyApplication", operator, "Deployment", deployment.path("containers").get(0));
    }

    private static String serverXmlDefault(String variable) {
        NodeList variables = serverXml.getElementsByTagName("variable");
        for (int i = 0; i < variables.getLength(); i++) {
            Element element = (Element) variables.item(i);
            if (variable.equals(element.getAttribute("name"))) {
                return element.getAttribute("defaultValue");
            }
        }
        throw new AssertionError(variable + " is not a variable of server.xml");
    }

    /** Every setting the server reads: Settings' config properties and the variables server.xml uses. */
    private static Set<String> knownSettings() throws IOException {
        Set<String> names = new HashSet<>();
        for (Field field : Settings.class.getDeclaredFields()) {
            ConfigProperty property = field.getAnnotation(ConfigProperty.class);
            if (property != null) {
                names.add(property.name());
            }
        }
        Matcher used = Pattern.compile("\\$\\{(SDP_[A-Z_]+)}")
                .matcher(Files.readString(Path.of("server-config/server.xml")));
        while (used.find()) {
            names.add(used.group(1));
        }
        return names;
    }

    @Test
    void everyDocumentIsAKubernetesObject() {
        assertTrue(DOCUMENTS.size() >= 5, "the ConfigMap, the operator's application, Deployment, Service, Ingress");
        for (JsonNode document : DOCUMENTS) {
            assertFalse(document.path("apiVersion").asText().isEmpty(), document.toString());
            assertFalse(document.path("kind").asText().isEmpty(), document.toString());
            assertEquals("sdp-mcp", document.path("metadata").path("labels").path("app.kubernetes.io/name").asText(),
                    document.path("metadata").path("name").asText() + " carries the application's label");
        }
    }

    @Test
    void everyPortIsTheHttpPortOfServerXml() {
        int port = Integer.parseInt(serverXmlDefault("SDP_HTTP_PORT"));
        assertEquals(String.valueOf(port), only("ConfigMap").path("data").path("SDP_HTTP_PORT").asText());
        List<Integer> ports = new ArrayList<>();
        JsonNode service = only("OpenLibertyApplication").path("spec").path("service");
        ports.add(service.path("port").asInt());
        ports.add(service.path("targetPort").asInt());
        only("Deployment").findValues("containerPort").forEach(p -> ports.add(p.asInt()));
        only("Service").path("spec").path("ports").forEach(p -> {
            ports.add(p.path("port").asInt());
            ports.add(p.path("targetPort").asInt());
        });
        DOCUMENTS.forEach(d -> d.findValues("httpGet").forEach(probe -> ports.add(probe.path("port").asInt())));
        ports.add(only("Ingress").findValue("backend").path("service").path("port").path("number").asInt());
        assertTrue(ports.size() >= 12, ports.toString());
        ports.forEach(p -> assertEquals(port, p, "a port other than server.xml's SDP_HTTP_PORT: " + ports));
    }

    @Test
    void probesUseTheHealthPathsOfMpHealth() {
        assertTrue(Files.exists(Path.of("server-config/server.xml")));
        NodeList features = serverXml.getElementsByTagName("feature");
        boolean health = false;
        for (int i = 0; i < features.getLength(); i++) {
            health |= features.item(i).getTextContent().trim().startsWith("mpHealth-");
        }
        assertTrue(health, "server.xml enables mpHealth, which serves /health/*");
        pods().forEach((kind, pod) -> PROBES.forEach((probe, path) -> {
            JsonNode spec = kind.equals("Deployment") ? pod.path(probe + "Probe") : pod.path("probes").path(probe);
            assertEquals(path, spec.path("httpGet").path("path").asText(), kind + " " + probe + " probe");
        }));
    }

    @Test
    void onlySettingsTheServerReadsAndSecretsOnlyFromSecrets() throws IOException {
        Set<String> known = knownSettings();
        Map<String, String> settings = new TreeMap<>();
        only("ConfigMap").path("data").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        settings.keySet().forEach(name -> assertTrue(known.contains(name), name + " is not a setting of the server"));
        SECRET_SETTINGS.forEach(name -> assertFalse(settings.containsKey(name), name + " in the ConfigMap"));
        assertFalse(settings.get("SDP_DB_HOST").isBlank(), "the cluster's PostgreSQL");
        assertFalse(settings.get("SDP_BASE_URL").isBlank(), "a real ServiceDesk Plus, not the sandbox");

        pods().forEach((kind, pod) -> {
            assertEquals("sdp-mcp-settings", pod.path("envFrom").get(0).path("configMapRef").path("name").asText());
            for (JsonNode variable : pod.path("env")) {
                String name = variable.path("name").asText();
                assertTrue(known.contains(name), kind + ": " + name + " is not a setting of the server");
                assertFalse(variable.has("value") && SECRET_SETTINGS.contains(name), kind + ": " + name + " in plain");
            }
            List<String> fromSecrets = new ArrayList<>();
            pod.path("env").forEach(variable -> {
                if ("sdp-mcp-secrets".equals(variable.path("valueFrom").path("secretKeyRef").path("name").asText())) {
                    fromSecrets.add(variable.path("name").asText());
                }
            });
            assertEquals(List.of("SDP_DB_PASSWORD"), fromSecrets, kind);
        });
    }

    @Test
    void theEncryptionKeyFileLiesInTheMountedSecret() {
        String keyFile = only("ConfigMap").path("data").path("SDP_ENCRYPTION_KEY_FILE").asText();
        pods().forEach((kind, pod) -> {
            JsonNode volumes = kind.equals("Deployment")
                    ? only("Deployment").path("spec").path("template").path("spec").path("volumes")
                    : pod.path("volumes");
            JsonNode mount = pod.path("volumeMounts").get(0);
            JsonNode volume = volumes.get(0);
            assertEquals(volume.path("name").asText(), mount.path("name").asText(), kind);
            assertEquals("sdp-mcp-secrets", volume.path("secret").path("secretName").asText(), kind);
            String path = volume.path("secret").path("items").get(0).path("path").asText();
            assertEquals(keyFile, mount.path("mountPath").asText() + "/" + path, kind + ": SDP_ENCRYPTION_KEY_FILE");
            assertTrue(mount.path("readOnly").asBoolean(), kind);
        });
    }

    @Test
    void bothWaysRunTheSamePodOnSeveralReplicas() {
        JsonNode operator = only("OpenLibertyApplication").path("spec");
        JsonNode deployment = only("Deployment").path("spec");
        assertTrue(operator.path("replicas").asInt() >= 2, "several servers on one database");
        assertEquals(operator.path("replicas"), deployment.path("replicas"));
        JsonNode container = deployment.path("template").path("spec").path("containers").get(0);
        assertEquals(operator.path("applicationImage").asText(), container.path("image").asText());
        for (String field : List.of("env", "envFrom", "volumeMounts", "resources")) {
            assertEquals(operator.path(field), container.path(field), field);
        }
        assertEquals(operator.path("volumes"), deployment.path("template").path("spec").path("volumes"));
        PROBES.keySet().forEach(probe -> assertEquals(operator.path("probes").path(probe),
                container.path(probe + "Probe"), probe));
        assertEquals("sdp-mcp", only("Ingress").findValue("backend").path("service").path("name").asText());
        assertEquals("sdp-mcp", only("Service").path("metadata").path("name").asText());
        assertEquals("sdp-mcp", only("OpenLibertyApplication").path("metadata").path("name").asText());
    }
}
