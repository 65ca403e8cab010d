/**
 * The blind spot of no-stray-output.ts: a child process started with inherited stdio
 * writes straight to the file descriptors of the test log, where no JavaScript-level guard
 * sees it. So no test may start one: children's output is piped and captured.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const TEST_DIR = fileURLToPath(new URL("..", import.meta.url));
const SELF = fileURLToPath(import.meta.url);

it("no test starts a child process with inherited stdio", async () => {
  const offenders: string[] = [];
  const files = await readdir(TEST_DIR, { recursive: true });
  for (const file of files.filter((name) => /\.(ts|mjs|js)$/.test(name))) {
    const full = path.join(TEST_DIR, file);
    if (full === SELF) continue;
    const lines = (await readFile(full, "utf8")).split("\n");
    lines.forEach((line, i) => {
      if (/["']inherit["']/.test(line)) offenders.push(`test/${file}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(offenders).toEqual([]);
});
