/**
 * The apply journal's commit (`git rev-parse HEAD`) is looked up while the requests are in
 * flight, not after the last answer: work that does not need the network must not add to
 * an apply's wall time (issue 15). A `git` of the test's own, first on PATH, leaves a mark
 * when it runs; Thulium, a loopback node:http server, holds back the last PUT's answer
 * until that mark appears (or 3 s pass) and notes which came first. The folder holds a
 * `.git` folder: where plainly no repository is, git is not started at all.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Answers every PUT with 204; the `last`-th only once `mark` exists (or after 3 s). */
async function thulium(last: number, mark: string) {
  let puts = 0;
  const seen = { markBeforeLastAnswer: false };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", async () => {
      if (req.method === "PUT" && ++puts === last) {
        const until = Date.now() + 3000;
        while (!existsSync(mark) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
        seen.markBeforeLastAnswer = existsSync(mark);
      }
      res.writeHead(req.method === "PUT" ? 204 : 404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, seen };
}

it("runs git rev-parse while requests are in flight, and journals its commit", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "apply-journal-commit-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const bin = path.join(dir, "bin");
  const mark = path.join(dir, "git-ran");
  await mkdir(bin);
  await mkdir(path.join(dir, ".git"));
  await writeFile(path.join(bin, "git"), `#!/bin/sh\n: > "${mark}"\necho ${COMMIT}\n`);
  await chmod(path.join(bin, "git"), 0o755);
  const ids = ["00001", "00002", "00003"];
  for (const id of ids)
    await writeFile(path.join(dir, `${id}.yaml`), `id: "${id}"\nname: C ${id}\n`);
  const { url, seen } = await thulium(ids.length, mark);

  const result = await runCli(["apply", "--dir", ".", "--auto-approve", "--concurrency", "1"], {
    cwd: dir,
    env: {
      THULIUM_URL: url,
      THULIUM_USER: "api_user",
      THULIUM_PASSWORD: "api_pass",
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
      GITHUB_SHA: "",
      CI_COMMIT_SHA: "",
    },
  });
  expect(result.code, result.stderr).toBe(0);
  expect(seen.markBeforeLastAnswer).toBe(true);
  const journal = (await readFile(path.join(dir, ".thulium", "journal.jsonl"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  expect(journal).toHaveLength(1);
  expect(journal[0].commit).toBe(COMMIT);
});
