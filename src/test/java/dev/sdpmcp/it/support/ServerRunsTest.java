package dev.sdpmcp.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every integration suite names the server it runs against, and each such server is one failsafe run: a suite that
 * named none would run nowhere, silently.
 */
class ServerRunsTest {

    static final Map<String, String> TAGS = Map.of("RunsOnPostgresql", RunsOnPostgresql.TAG, "RunsBeforeRestart",
            RunsBeforeRestart.TAG, "RunsAfterRestart", RunsAfterRestart.TAG, "RunsOnEmbedded", RunsOnEmbedded.TAG,
            "RunsOnEmbeddedRestart", RunsOnEmbeddedRestart.TAG);
    static final Pattern MARK = Pattern.compile("(?m)^@(Runs\\w+)$");

    @Test
    void everySuiteNamesOneServer() throws IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "test", "java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith("IT.java")).toList()) {
                List<String> marks = new ArrayList<>();
                Matcher mark = MARK.matcher(Files.readString(file));
                while (mark.find()) {
                    marks.add(mark.group(1));
                }
                if (marks.size() != 1 || !TAGS.containsKey(marks.get(0))) {
                    wrong.add(file + " " + marks);
                }
            }
        }
        assertEquals(List.of(), wrong, "suites that do not name exactly one of " + TAGS.keySet());
    }

    @Test
    void eachServerIsOneFailsafeRun() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        for (String tag : TAGS.values()) {
            assertEquals(1, pom.split("<groups>" + tag + "</groups>", -1).length - 1, "failsafe runs selecting " + tag);
        }
    }
}
