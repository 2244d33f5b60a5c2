// Every tool of the sandbox through the TypeScript MCP SDK client, which also checks each answer's
// structuredContent against the tool's outputSchema. Usage: node every-tool.mjs BASE_URL sse|streamable
// Prints one JSON line {transport, tools, results: {tool: "ok" | "error: …" | "throws: …"}}; exits 1 unless every
// tool was called and answered as expected.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { randomBytes } from "node:crypto";

const [base, mode] = process.argv.slice(2);
const clientId = "1000." + randomBytes(14).toString("hex").toUpperCase();
const clientSecret = randomBytes(21).toString("hex");
const headers = { "X-SDP-Client-Id": clientId, "X-SDP-Client-Secret": clientSecret };

async function grantCode() {
  const answer = await fetch(base + "/sandbox/zoho/_sim/grant-codes", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret }),
  });
  return (await answer.json()).code;
}

const transport = mode === "sse"
  ? new SSEClientTransport(new URL(base + "/sse"), {
    requestInit: { headers },
    eventSourceInit: { fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers ?? {}), ...headers } }) },
  })
  : new StreamableHTTPClientTransport(new URL(base + "/mcp"), { requestInit: { headers } });
const client = new Client({ name: "every-tool", version: "1" });
await client.connect(transport);
const { tools } = await client.listTools();
const results = {};

// This client cannot ask its user (no elicitation): what cannot be undone first answers with a preview and a
// single-use confirmation, and runs when called again with it.
const confirmable = new Set(tools.filter(tool => tool.inputSchema?.properties?.confirmation).map(tool => tool.name));

async function call(name, args, expectError = false) {
  try {
    let answer = await client.callTool({ name, arguments: args });
    if (confirmable.has(name) && !expectError) {
      const preview = answer.content?.[0]?.text ?? "";
      const confirmation = /"confirmation": "([^"]+)"/.exec(preview)?.[1];
      if (!answer.isError || !confirmation) {
        results[name] = "no preview before a change that cannot be undone: " + preview.slice(0, 200);
        return {};
      }
      answer = await client.callTool({ name, arguments: { ...args, confirmation } });
    }
    const text = answer.content?.[0]?.text ?? "";
    results[name] = Boolean(answer.isError) === expectError ? "ok" : (answer.isError ? "error: " : "unexpected success: ") + text.slice(0, 200);
    return answer.structuredContent ?? {};
  } catch (e) {
    results[name] = "throws: " + String(e.message).slice(0, 300);
    return {};
  }
}
const firstId = (page, root) => page?.[root]?.[0]?.id;
async function check(name, run, expect) {
  try {
    const value = await run();
    results[name] = expect(value) ? "ok" : "unexpected: " + JSON.stringify(value).slice(0, 300);
  } catch (e) {
    results[name] = "throws: " + String(e.message).slice(0, 300);
  }
}

// Before authorizing: the answer is the steps to authorize; then the tool itself authorizes.
await call("check_auth_status", {});
await call("list_requests", { page_size: 1 }, true);
await call("authorize", { code: await grantCode() });

const requests = await call("list_requests", { page_size: 3, status: "Open" });
await call("search_requests", { query: "VPN" });
await call("get_request", { request_id: firstId(requests, "requests") });
const requestId = (await call("create_request", { subject: "Checked by the TypeScript SDK", priority: "High", category: "Network", udf_fields: { "Business Unit": "Sales" } })).request?.id;
await call("update_request", { request_id: requestId, description: "updated" });
await call("add_note_to_request", { request_id: requestId, description: "a note" });
await call("list_request_notes", { request_id: requestId });
const technician = firstId(await call("get_technicians", {}), "technicians");
await call("add_request_worklog", { request_id: requestId, owner: technician, hours: 1, description: "work" });
await call("list_request_worklogs", { request_id: requestId });
const taskId = (await call("add_request_task", { request_id: requestId, title: "a task" })).task?.id;
await call("list_request_tasks", { request_id: requestId });
// approvals: this user sends the request to themselves (their technician is "Technician <client id>"), then decides
const sentForApproval = await call("send_for_approval", { request_id: requestId, approvers: ["Technician " + clientId], comment: "please" });
await call("list_approvals", { request_id: requestId });
await call("list_my_approvals", {});
await call("decide_approval", { request_id: requestId, approval_id: sentForApproval.approvals?.[0]?.id, decision: "approve", comments: "fine" });
await call("update_request_task", { request_id: requestId, task_id: taskId, description: "changed" });
await call("pickup_request", { request_id: requestId });
await call("assign_request", { request_id: requestId, group: firstId(await call("get_support_groups", {}), "support_groups") });
await call("set_resolution", { request_id: requestId, content: "restarted the service" });
await call("get_resolution", { request_id: requestId });
await call("reply_to_request", { request_id: requestId, description: "Restarted it: please try again" });
await call("forward_request", { request_id: requestId, to: ["vendor@partner.example"], description: "For your records" });
await call("get_request_conversation", { request_id: requestId });
await call("close_request", { request_id: requestId, closure_code: "Success", closure_comments: "done" });
await call("delete_request", { request_id: requestId });
await call("restore_request", { request_id: requestId });
await call("get_request_history", { request_id: requestId });
const linkedId = (await call("create_request", { subject: "Linked by the TypeScript SDK" })).request?.id;
const mergedId = (await call("create_request", { subject: "Merged by the TypeScript SDK" })).request?.id;
await call("link_requests", { request_id: linkedId, request_ids: [requestId], comments: "same issue" });
await call("list_linked_requests", { request_id: linkedId });
await call("unlink_requests", { request_id: linkedId, request_ids: [requestId] });
await call("merge_requests", { request_id: linkedId, request_ids: [mergedId] });

// A text file (shown inline) and PNG bytes (a resource link whose resources/read gives the same bytes back).
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe]);
async function attachments(module, key, id) {
  await call(`add_${module}_attachment`, { [key]: id, file_name: "notes.txt", content_base64: Buffer.from("first line\n").toString("base64") });
  const image = (await call(`add_${module}_attachment`, { [key]: id, file_name: "screen.png", content_base64: png.toString("base64") })).attachment?.id;
  const listed = await call(`list_${module}_attachments`, { [key]: id });
  const text = (await call(`get_${module}_attachment`, { [key]: id, attachment_id: firstId(listed, "attachments") })).content;
  await check(`${module} attachment: text inline, bytes as a resource`, async () => {
    const answer = await client.callTool({ name: `get_${module}_attachment`, arguments: { [key]: id, attachment_id: image } });
    const link = answer.content.find(c => c.type === "resource_link");
    return [text, link.uri, (await client.readResource({ uri: link.uri })).contents[0]];
  }, ([inline, uri, blob]) => inline === "first line\n" && uri === `sdp://${module}s/${id}/attachments/${image}`
    && blob.blob === png.toString("base64") && blob.mimeType === "image/png");
  await call(`delete_${module}_attachment`, { [key]: id, attachment_id: image });
}
await attachments("request", "request_id", requestId);

for (const [module, key] of [["problem", "problem_id"], ["change", "change_id"]]) {
  const page = await call(`list_${module}s`, {});
  await call(`get_${module}`, { [key]: firstId(page, `${module}s`) });
  const id = (await call(`create_${module}`, { title: `A ${module} from the TypeScript SDK` }))[module]?.id;
  await call(`update_${module}`, { [key]: id, description: "changed" });
  await call(`add_note_to_${module}`, { [key]: id, description: "a note" });
  await call(`list_${module}_notes`, { [key]: id });
  const taskId = (await call(`add_${module}_task`, { [key]: id, title: "a task" })).task?.id;
  await call(`list_${module}_tasks`, { [key]: id });
  await call(`update_${module}_task`, { [key]: id, task_id: taskId, status: "Closed" });
  await call(`add_${module}_worklog`, { [key]: id, owner: technician, hours: 1, description: "work" });
  await call(`list_${module}_worklogs`, { [key]: id });
  await attachments(module, key, id);
}

const problemId = firstId(await call("list_problems", {}), "problems");
await call("associate_requests", { request_ids: [linkedId], problem_id: problemId });
await call("get_request_associations", { request_id: linkedId });
await call("dissociate_requests", { request_ids: [linkedId], problem_id: problemId });

await call("list_projects", {});
const projectId = (await call("create_project", { title: "Project from the TypeScript SDK" })).project?.id;
await call("get_project", { project_id: projectId });
await call("update_project", { project_id: projectId, description: "changed" });
await call("create_milestone", { project_id: projectId, title: "M1" });
const projectTaskId = (await call("create_task", { project_id: projectId, milestone: "M1", title: "a task" })).task?.id;
await call("list_project_tasks", { project_id: projectId });
await call("update_task", { project_id: projectId, task_id: projectTaskId, description: "changed" });
await call("add_worklog", { project_id: projectId, task_id: projectTaskId, owner: technician, hours: 2, description: "work" });
await call("complete_task", { project_id: projectId, task_id: projectTaskId });
await call("get_project_summary", { project_id: projectId });

const assets = await call("list_assets", {});
await call("search_assets", { query: "a" });
await call("get_asset", { asset_id: firstId(assets, "assets") });
const product = assets.assets?.[0]?.product?.name;
const assetId = (await call("create_asset", { name: "TS-" + randomBytes(4).toString("hex"), product, state: "In Store" })).asset?.id;
await call("update_asset", { asset_id: assetId, description: "changed" });
const solutions = await call("search_solutions", { query: "a" });
await call("get_solution", { solution_id: firstId(solutions, "solutions") });
const users = await call("search_users", { query: "a" });
await call("get_user", { user_id: firstId(users, "users") });

await call("describe_fields", { module: "requests" });
const categories = await call("get_categories", {});
await call("get_subcategories", { category: firstId(categories, "categories") });
for (const tool of tools) {
  if (tool.name.startsWith("get_") && !(tool.name in results) && !(tool.inputSchema.required ?? []).length) {
    await call(tool.name, {});
  }
}
// Beyond tools: a record and a lookup list as resources, a prompt with its record embedded, completions.
await check("resources/list", async () => (await client.listResources()).resources.map(r => r.uri),
  uris => uris.includes("sdp://lookups/priorities") && uris.includes("sdp://fields/requests"));
await check("resources/templates/list", async () => (await client.listResourceTemplates()).resourceTemplates.map(t => t.uriTemplate),
  templates => templates.includes("sdp://requests/{id}"));
const someRequest = firstId(requests, "requests");
await check("resources/read", async () => (await client.readResource({ uri: "sdp://requests/" + someRequest })).contents[0].text,
  text => text.includes("[id " + someRequest + "]"));
await check("resources/read lookups", async () => (await client.readResource({ uri: "sdp://lookups/priorities" })).contents[0].text,
  text => text.includes("High"));
await check("prompts/get", async () => (await client.getPrompt({ name: "draft_reply", arguments: { request_id: String(someRequest) } })).messages,
  messages => messages[0].content.type === "resource" && messages[1].content.text.includes("search_solutions"));
await check("completion/complete", async () => (await client.complete({ ref: { type: "ref/prompt", name: "triage_requests" },
  argument: { name: "status", value: "Op" } })).completion.values, values => values.includes("Open"));

await call("revoke_authorization", {});
await client.close();

for (const tool of tools) {
  results[tool.name] ??= "not called";
}
console.log(JSON.stringify({ transport: mode, tools: tools.length, results }));
process.exit(Object.values(results).every(result => result === "ok") ? 0 : 1);
