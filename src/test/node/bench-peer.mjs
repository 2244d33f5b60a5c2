// Benchmark-only peer (never shipped): the TypeScript MCP SDK server doing what sdp-mcp's get_request does —
// one GET to the ServiceDesk Plus simulator — on legacy SSE (/sse) and Streamable HTTP (/mcp) over node:http.
// It holds one access token given at start (no per-user credentials or token store): a lower bound on a peer's work.
// Usage: SDP_ACCESS_TOKEN=… node bench-peer.mjs PORT SDP_API_URL; prints "listening" when ready.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

const [port, api] = process.argv.slice(2);
const token = process.env.SDP_ACCESS_TOKEN;

function peer() {
  const server = new McpServer({ name: "ts-peer", version: "1" });
  server.registerTool("get_request", {
    description: "One ServiceDesk Plus request by id",
    inputSchema: { request_id: z.string() },
  }, async ({ request_id }) => {
    const answer = await fetch(`${api}/requests/${encodeURIComponent(request_id)}`, {
      headers: { Authorization: `Zoho-oauthtoken ${token}`, Accept: "application/vnd.manageengine.sdp.v3+json" },
    });
    const body = await answer.json();
    if (!answer.ok) {
      return { isError: true, content: [{ type: "text", text: JSON.stringify(body) }] };
    }
    return { content: [{ type: "text", text: JSON.stringify(body.request) }], structuredContent: { request: body.request } };
  });
  return server;
}

const sse = new Map();
const streamable = new Map();

http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, "http://127.0.0.1");
    if (req.method === "GET" && url.pathname === "/sse") {
      const transport = new SSEServerTransport("/messages", res);
      sse.set(transport.sessionId, transport);
      res.on("close", () => sse.delete(transport.sessionId));
      await peer().connect(transport);
    } else if (req.method === "POST" && url.pathname === "/messages") {
      const transport = sse.get(url.searchParams.get("sessionId"));
      if (!transport) {
        res.writeHead(404).end("no such session");
        return;
      }
      await transport.handlePostMessage(req, res);
    } else if (url.pathname === "/mcp") {
      const id = req.headers["mcp-session-id"];
      let transport = id ? streamable.get(id) : undefined;
      if (id && !transport) {
        res.writeHead(404).end("no such session");
        return;
      }
      if (!transport) {
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (sid) => streamable.set(sid, transport),
        });
        transport.onclose = () => streamable.delete(transport.sessionId);
        await peer().connect(transport);
      }
      await transport.handleRequest(req, res);
    } else {
      res.writeHead(404).end();
    }
  } catch (e) {
    if (!res.headersSent) {
      res.writeHead(500).end(String(e));
    }
  }
}).listen(Number(port), "127.0.0.1", () => console.log("listening"));
