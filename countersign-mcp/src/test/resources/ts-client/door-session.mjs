// One agent session through the official TypeScript MCP SDK: connect with a bearer token, list the
// tools, file a scale request, wait for its decision (with progress notifications), read it back.
// Prints one JSON line for TypeScriptClientIT. The SDK validates every structured result against
// the tool's output schema, so a schema that does not describe the door's answers fails here.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, token, namespace, target] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});
const client = new Client({ name: "countersign-ts-it", version: "1.0.0" });
await client.connect(transport);

const tools = await client.listTools();
const filed = await client.callTool({
  name: "request_scale",
  arguments: {
    namespace,
    name: target,
    replicas: 6,
    reasoning: { summary: "queue depth doubled in the last hour", confidence: 0.7 },
    idempotencyKey: "ts-it-1",
  },
});
if (filed.isError) {
  throw new Error("request_scale failed: " + JSON.stringify(filed.content));
}
const progress = [];
const decided = await client.callTool(
  {
    name: "wait_for_request",
    arguments: { namespace, name: filed.structuredContent.name, until: "decided", timeoutSeconds: 30 },
  },
  undefined,
  { onprogress: (p) => progress.push(p), timeout: 60000 },
);
const got = await client.callTool({
  name: "get_request",
  arguments: { namespace, name: filed.structuredContent.name },
});
console.log(
  JSON.stringify({
    tools: tools.tools.map((t) => t.name).sort(),
    protocolVersion: transport.protocolVersion,
    filed: filed.structuredContent,
    decided: decided.structuredContent,
    got: got.structuredContent,
    text: got.content[0].text,
    progress: progress.length,
  }),
);
await client.close();
