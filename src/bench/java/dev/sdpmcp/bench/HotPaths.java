package dev.sdpmcp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.tokens.SecretHash;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** JMH: in-process work this server does on every MCP request, before any I/O. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPaths {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String secret = "5d41402abc4b2a76b9719d911017c592a8f3e1c7d6b5";
    private final SecretHash stored = SecretHash.of(secret);
    private final String message = McpLoadClient.toolCall(42, "123456789012345");

    /** The client secret of each request, checked against the stored salted hash (GatewayFilter, TokenService). */
    @Benchmark
    public boolean secretCheck() {
        return stored.matches(secret);
    }

    /** The JSON-RPC body of a tools/call, read once to check it (GatewayFilter). */
    @Benchmark
    public JsonNode parseToolCall() throws Exception {
        return JSON.readTree(message);
    }
}
