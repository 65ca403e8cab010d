/**
 * The apply figure's second baseline: the same PUTs as apply, to the same server,
 * `CONCURRENCY` at a time, sent through the tool's own Thulium client (ky making every
 * try over the node:http adapter, as in apply) and nothing else: no files, no state, no
 * plan, no output. Where the bare loop (bare-put-loop.ts) says what the network and
 * node:http allow, this says what the client itself allows, so apply's ratio can be read
 * as start-up + client + the rest.
 * Usage: `node client-put-loop.js REQUESTS.json CONCURRENCY`; the base URL, user and
 * password come from THULIUM_URL, THULIUM_USER and THULIUM_PASSWORD. Prints one JSON line:
 * `requestsMs`, from the first request started to the last answer, measured in the process.
 */
import { readFileSync } from "node:fs";
import type { CampaignFields } from "../core/campaign.js";
import { createThuliumClient } from "../io/thulium/index.js";

const [file = "", concurrencyArg = "32"] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(file, "utf8")) as { path: string; body: unknown }[];
const client = createThuliumClient({
  baseUrl: process.env.THULIUM_URL ?? "",
  user: process.env.THULIUM_USER ?? "",
  password: process.env.THULIUM_PASSWORD ?? "",
});
let next = 0;
let failed = 0;

async function worker(): Promise<void> {
  while (next < requests.length) {
    const request = requests[next++];
    if (request === undefined) return;
    const id = decodeURIComponent(request.path.slice(request.path.lastIndexOf("/") + 1));
    try {
      await client.updateCampaign(id, request.body as CampaignFields);
    } catch {
      failed++;
    }
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: Number(concurrencyArg) }, worker));
const requestsMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ requests: requests.length, failed, requestsMs })}\n`);
if (failed > 0) process.exitCode = 1;
// Idle keep-alive connections would hold the process until the server closes them.
process.exit();
