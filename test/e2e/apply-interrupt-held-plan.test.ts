/**
 * Ctrl-C while `apply --auto-approve` holds its plan back (it prints the plan once the
 * first requests are out: at the first answer, or 200 ms after they start): the plan is
 * printed at once, before the "Interrupted…" message, in the order a person at the
 * terminal would have seen them had the plan been printed first. The built CLI is spawned
 * with stdout and stderr on one pipe (the terminal's view); Thulium is a loopback server
 * that holds the first PUT unanswered until the message has been printed.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { CLI_BIN, cliEnv } from "../helpers/cli.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const IDS = ["00001", "00002", "00003"];
const INTERRUPTED = "Interrupted: finishing requests in flight";

it("prints the held plan before the Interrupted message, then stops (exit 130)", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "apply-interrupt-held-plan-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const id of IDS) {
    await writeFile(path.join(dir, `${id}.yaml`), `id: "${id}"\nname: C ${id}\ndialer: preview\n`);
  }

  // PUTs are held unanswered until `answerAll`; the test hears of the first one.
  const held: ServerResponse[] = [];
  let answering = false;
  let firstPut: () => void = () => undefined;
  const firstPutArrived = new Promise<void>((resolve) => {
    firstPut = resolve;
  });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.method !== "PUT") return void res.writeHead(404).end();
      if (answering) return void res.writeHead(204).end();
      held.push(res);
      firstPut();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  const answerAll = () => {
    answering = true;
    for (const res of held.splice(0)) res.writeHead(204).end();
  };

  // stdout and stderr on one pipe, as on a terminal: the order of the two is what is checked.
  const child = spawn(
    "/bin/sh",
    [
      "-c",
      'exec "$0" "$@" 2>&1',
      process.execPath,
      CLI_BIN,
      "apply",
      "--dir",
      ".",
      "--auto-approve",
    ],
    {
      cwd: dir,
      env: cliEnv({
        THULIUM_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
        THULIUM_USER: "api_user",
        THULIUM_PASSWORD: "api_pass",
      }),
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let printed = "";
  let onPrinted: () => void = () => undefined;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    printed += chunk;
    onPrinted();
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const printedSoFar = (text: string) =>
    new Promise<void>((resolve) => {
      onPrinted = () => {
        if (printed.includes(text)) resolve();
      };
      onPrinted();
    });

  await firstPutArrived;
  child.kill("SIGINT");
  await printedSoFar(INTERRUPTED);
  answerAll();
  expect(await exited).toBe(130);

  const plan = printed.indexOf("Plan: 3 to update");
  expect(plan, printed).toBeGreaterThanOrEqual(0);
  expect(plan, printed).toBeLessThan(printed.indexOf(INTERRUPTED));
});
