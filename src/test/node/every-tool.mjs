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

// The records the answers have shown, in the order they came: the argument that takes each id ("task_id"), and the ids
// of the call that showed it (the request the task is under).
const seen = [];
function remember(content, args) {
  const under = Object.fromEntries(Object.entries(args).filter(([key]) => key.endsWith("_id")));
  for (const [key, value] of Object.entries(content ?? {})) {
    const arg = key.replace(/ies$/, "y").replace(/s$/, "") + "_id";
    for (const record of Array.isArray(value) ? value : [value]) {
      if (record?.id !== undefined && !(arg in under)) {
        seen.push({ arg, id: record.id, under });
      }
    }
  }
}

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
    remember(answer.structuredContent, args);
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
const requestId = (await call("create_request", { subject: "Checked by the TypeScript SDK", priority: "High", category: "Network", udf_fields: { "Business Unit": "Sales" } })).request?.id;
await call("update_request", { request_id: requestId, description: "updated" });
await call("add_note_to_request", { request_id: requestId, description: "a note" });
const technician = firstId(await call("get_technicians", {}), "technicians");
await call("add_request_worklog", { request_id: requestId, owner: technician, hours: 1, description: "work" });
const taskId = (await call("add_request_task", { request_id: requestId, title: "a task" })).task?.id;
// approvals: this user sends the request to themselves (their technician is "Technician <client id>"), then decides
const sentForApproval = await call("send_for_approval", { request_id: requestId, approvers: ["Technician " + clientId], comment: "please" });
await call("list_my_approvals", {});
await call("decide_approval", { request_id: requestId, approval_id: sentForApproval.approvals?.[0]?.id, decision: "approve", comments: "fine" });
await call("update_request_task", { request_id: requestId, task_id: taskId, description: "changed" });
await call("pickup_request", { request_id: requestId });
await call("assign_request", { request_id: requestId, group: firstId(await call("get_support_groups", {}), "support_groups") });
await call("set_resolution", { request_id: requestId, content: "restarted the service" });
await call("get_resolution", { request_id: requestId });
await call("reply_to_request", { request_id: requestId, description: "Restarted it: please try again" });
await call("forward_request", { request_id: requestId, to: ["vendor@partner.example"], description: "For your records" });
await call("close_request", { request_id: requestId, closure_code: "Success", closure_comments: "done" });
await call("delete_request", { request_id: requestId });
await call("restore_request", { request_id: requestId });
const linkedId = (await call("create_request", { subject: "Linked by the TypeScript SDK" })).request?.id;
const mergedId = (await call("create_request", { subject: "Merged by the TypeScript SDK" })).request?.id;
await call("link_requests", { request_id: linkedId, request_ids: [requestId], comments: "same issue" });
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
  await call(`list_${module}s`, {});
  const id = (await call(`create_${module}`, { title: `A ${module} from the TypeScript SDK` }))[module]?.id;
  await call(`update_${module}`, { [key]: id, description: "changed" });
  await call(`add_note_to_${module}`, { [key]: id, description: "a note" });
  const taskId = (await call(`add_${module}_task`, { [key]: id, title: "a task" })).task?.id;
  await call(`update_${module}_task`, { [key]: id, task_id: taskId, status: "Closed" });
  await call(`add_${module}_worklog`, { [key]: id, owner: technician, hours: 1, description: "work" });
  await attachments(module, key, id);
}

const problemId = firstId(await call("list_problems", {}), "problems");
await call("associate_requests", { request_ids: [linkedId], problem_id: problemId });
await call("dissociate_requests", { request_ids: [linkedId], problem_id: problemId });

await call("list_projects", {});
const projectId = (await call("create_project", { title: "Project from the TypeScript SDK" })).project?.id;
await call("update_project", { project_id: projectId, description: "changed" });
await call("create_milestone", { project_id: projectId, title: "M1" });
const projectTaskId = (await call("create_task", { project_id: projectId, milestone: "M1", title: "a task" })).task?.id;
await call("update_task", { project_id: projectId, task_id: projectTaskId, description: "changed" });
await call("add_worklog", { project_id: projectId, task_id: projectTaskId, owner: technician, hours: 2, description: "work" });
await call("complete_task", { project_id: projectId, task_id: projectTaskId });

const assets = await call("list_assets", {});
await call("search_assets", { query: "a" });
const product = assets.assets?.[0]?.product?.name;
const assetId = (await call("create_asset", { name: "TS-" + randomBytes(4).toString("hex"), product, state: "In Store" })).asset?.id;
await call("update_asset", { asset_id: assetId, description: "changed" });
await call("search_solutions", { query: "a" });
await call("search_users", { query: "a" });

const categories = await call("get_categories", {});
await call("get_subcategories", { category: firstId(categories, "categories") });

// Every other tool the server lists, called with what its input schema requires: the id of a record seen above (a
// task together with the request it is under), an enum's first value, a sample of the type. So a new tool is called
// here without a line of its own; only what needs a flow (records made first, a decision, a confirmation) is above.
function sample(schema) {
  const type = [].concat(schema?.type ?? "string");
  return schema?.enum ? schema.enum[0] : type.includes("integer") || type.includes("number") ? 1
    : type.includes("boolean") ? true : type.includes("array") ? [sample(schema.items)]
      : type.includes("object") ? {} : "Checked by the TypeScript SDK";
}
function derived(tool) {
  const required = tool.inputSchema?.required ?? [];
  const properties = tool.inputSchema?.properties ?? {};
  let ids = required.filter(arg => arg.endsWith("_id"));
  if (!ids.length) {
    // a record named by one of several ids (get_user: user_id or email): the first this run has seen
    const either = Object.keys(properties).find(arg => arg.endsWith("_id")
      && seen.some(entry => entry.arg === arg && !Object.keys(entry.under).length));
    ids = either ? [either] : [];
  }
  const record = seen.find(entry => ids.includes(entry.arg) && Object.keys(entry.under).length === ids.length - 1
    && Object.keys(entry.under).every(arg => ids.includes(arg)));
  if (ids.length && !record) {
    return null;
  }
  const args = record ? { ...record.under, [record.arg]: record.id } : {};
  required.filter(arg => !(arg in args)).forEach(arg => { args[arg] = sample(properties[arg]); });
  return args;
}
for (const tool of tools.filter(tool => !(tool.name in results) && tool.name !== "revoke_authorization")) {
  const args = derived(tool);
  if (args) {
    await call(tool.name, args);
  } else {
    results[tool.name] = "not called: no record seen for " + tool.inputSchema.required.join(", ");
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
