/**
 * The apply baselines: a bare HTTP loop that sends the same PUTs as apply to the same
 * server, `CONCURRENCY` at a time, with nothing else (no files, no state, no retries).
 * Usage: `node bare-put-loop.js REQUESTS.json CONCURRENCY`; the base URL, user and
 * password come from THULIUM_URL, THULIUM_USER and THULIUM_PASSWORD.
 *
 * It sends with node:http and a keep-alive agent, the leanest client Node has. It used the
 * global `fetch` until that turned out to be the bottleneck of the figure: undici's fetch
 * took ~2.5 ms of CPU per PUT on this 2-core machine (a node:http request ~0.7 ms), so at
 * concurrency 64 the "baseline" was bound by its own CPU (13.4× the latency limit at load
 * 10–14) and said nothing about what the network allows.
 */
import { readFileSync } from "node:fs";
import http from "node:http";

const [file = "", concurrencyArg = "32"] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(file, "utf8")) as { path: string; body: unknown }[];
const base = process.env.THULIUM_URL ?? "";
const auth = `Basic ${Buffer.from(`${process.env.THULIUM_USER}:${process.env.THULIUM_PASSWORD}`).toString("base64")}`;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
let next = 0;
let failed = 0;

function put(path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, {
      method: "PUT",
      agent,
      headers: {
        authorization: auth,
        "content-type": "application/json; charset=utf-8",
        "content-length": String(Buffer.byteLength(body)),
      },
    });
    request.on("error", reject);
    request.on("response", (response) => {
      response.resume(); // read (and drop) the body, so the socket is reused
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    request.end(body);
  });
}

async function worker(): Promise<void> {
  while (next < requests.length) {
    const request = requests[next++];
    if (request === undefined) return;
    const status = await put(request.path, JSON.stringify(request.body));
    if (status < 200 || status >= 300) failed++;
  }
}

await Promise.all(Array.from({ length: Number(concurrencyArg) }, worker));
agent.destroy();
process.stdout.write(`${requests.length} requests, ${failed} failed\n`);
if (failed > 0) process.exitCode = 1;
