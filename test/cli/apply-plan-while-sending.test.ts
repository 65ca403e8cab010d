/**
 * With --auto-approve nobody answers the plan, so apply prints it while its first requests
 * are in flight instead of in front of them (issue 15: work that needs no network must not
 * delay the first request). What is printed, and its order, stay as they were: the plan,
 * the "Applying…" line, one line per campaign, the summary; and a refused plan is still
 * printed before the refusal. Thulium is a loopback node:http server that notes what the
 * CLI had printed when the first PUT arrived.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { runCli as runInProcess } from "../../src/cli/run.js";
import { runCli, testContext } from "../helpers/cli.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const IDS = ["00001", "00002", "00003"];

async function workspace() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "apply-plan-while-sending-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const id of IDS) {
    await writeFile(path.join(dir, `${id}.yaml`), `id: "${id}"\nname: C ${id}\ndialer: preview\n`);
  }
  return dir;
}

/** Answers PUTs with 204; `onPut` runs when each arrives, before it is answered. */
async function thulium(onPut: (count: number) => void) {
  let puts = 0;
  const server = createServer((req, res) => {
    if (req.method === "PUT") onPut(++puts);
    req.resume();
    req.on("end", () => res.writeHead(req.method === "PUT" ? 204 : 404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return {
    THULIUM_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    THULIUM_USER: "api_user",
    THULIUM_PASSWORD: "api_pass",
  };
}

it("sends the first PUT before printing the plan, then prints plan, progress and summary in order", async () => {
  const dir = await workspace();
  let printedAtFirstPut: string | undefined;
  const args = ["apply", "--dir", ".", "--auto-approve", "--concurrency", "1"];
  const env = await thulium((count) => {
    if (count === 1) printedAtFirstPut = run.stdout();
  });
  const run = testContext(args, { cwd: dir, env });
  // What `plan` prints for the same files and state is what apply prints first.
  const plan = await runCli(["plan", "--dir", "."], { cwd: dir, env });

  const code = await runInProcess(args, run.ctx);

  expect(code, run.stderr()).toBe(0);
  expect(printedAtFirstPut).toBe("");
  const lines = IDS.map((id) => new RegExp(`✓ ${id} "C ${id}" updated \\(first apply`));
  const stdout = run.stdout();
  expect(stdout.startsWith(`${plan.stdout}\nApplying 3 changes with concurrency 1…\n`)).toBe(true);
  const after = stdout.slice(plan.stdout.length);
  const at = lines.map((line) => after.search(line));
  expect(at.every((index) => index > 0)).toBe(true);
  expect(at).toEqual([...at].sort((a, b) => a - b)); // concurrency 1: in id order
  expect(after.indexOf("Apply complete!")).toBeGreaterThan(Math.max(...at));
});

it("prints a plan the safety gate stops, and sends nothing", async () => {
  const dir = await workspace();
  let puts = 0;
  const env = await thulium(() => puts++);
  // Twelve managed campaigns (the gate's percentage applies above ten), all recorded with
  // another name: every one changes, over the default 30%.
  const campaigns: Record<string, unknown> = {};
  for (let i = 1; i <= 12; i++) {
    const id = String(i).padStart(5, "0");
    if (i > 3) await writeFile(path.join(dir, `${id}.yaml`), `id: "${id}"\nname: C ${id}\n`);
    campaigns[id] = { fields: { name: `Old ${id}` }, source: `${id}.yaml` };
  }
  await writeFile(
    path.join(dir, "state.json"),
    JSON.stringify({
      version: 1,
      lineage: "5b0c1f9e-3f4c-4c1e-9d8f-0a1b2c3d4e5f",
      serial: 1,
      target: env.THULIUM_URL,
      campaigns,
    }),
  );
  const plan = await runCli(["plan", "--dir", ".", "--state", "state.json"], { cwd: dir, env });
  expect(plan.code, plan.stderr).toBe(0);

  const result = await runCli(["apply", "--dir", ".", "--state", "state.json", "--auto-approve"], {
    cwd: dir,
    env,
  });

  expect(result.code).toBe(1);
  expect(result.stdout).toBe(plan.stdout);
  expect(result.stderr).toMatch(/safety/i);
  expect(puts).toBe(0);
});
