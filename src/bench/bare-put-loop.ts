/**
 * The first-apply baseline: a bare HTTP loop that sends the same PUTs as apply to the same
 * server, `CONCURRENCY` at a time, with nothing else (no files, no state, no retries).
 * Usage: `node bare-put-loop.js REQUESTS.json CONCURRENCY`; the base URL, user and
 * password come from THULIUM_URL, THULIUM_USER and THULIUM_PASSWORD.
 */
import { readFileSync } from "node:fs";

const [file = "", concurrencyArg = "32"] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(file, "utf8")) as { path: string; body: unknown }[];
const base = process.env.THULIUM_URL ?? "";
const auth = `Basic ${Buffer.from(`${process.env.THULIUM_USER}:${process.env.THULIUM_PASSWORD}`).toString("base64")}`;
let next = 0;
let failed = 0;

async function worker(): Promise<void> {
  while (next < requests.length) {
    const request = requests[next++];
    if (request === undefined) return;
    const response = await fetch(`${base}${request.path}`, {
      method: "PUT",
      headers: { authorization: auth, "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(request.body),
    });
    await response.arrayBuffer();
    if (!response.ok) failed++;
  }
}

await Promise.all(Array.from({ length: Number(concurrencyArg) }, worker));
process.stdout.write(`${requests.length} requests, ${failed} failed\n`);
if (failed > 0) process.exitCode = 1;
