/**
 * The bad-input corpus for `import`'s file writer (the CLI command wires it later): each
 * case sets up a hostile folder, prepares and writes one campaign, and checks the promises
 * every failure keeps: a UsageError of one paragraph naming the path and the fix, no
 * stack-trace text, bounded length; and never anything overwritten, followed or blocked on.
 */
import { execFileSync } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { prepareImportFiles } from "../../src/io/campaign-files/prepare-import.js";
import { writeImportFiles } from "../../src/io/campaign-files/write-imported.js";

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), "bad-input-import-"));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const campaign = { id: "00042", fields: { name: "Nowa", order: 5 } };
const importInto = async (dir: string) => {
  const plan = await prepareImportFiles([campaign], {
    dir,
    cwd,
    target: "https://acme.thulium.com/api",
    importedOn: "2026-11-30",
    today: "2026-11-30",
  });
  return writeImportFiles(plan, { cwd });
};

/** A user's error as `run.ts` prints it: one paragraph, no stack, the path and --dir named. */
async function expectUserError(
  attempt: Promise<unknown>,
  shown: string,
  says: RegExp,
): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UsageError);
  const message = (error as Error).message;
  expect(message).not.toContain("\n");
  expect(message).not.toMatch(/ {4}at /);
  expect(message.length).toBeLessThan(400);
  expect(message).toContain(shown);
  expect(message).toContain("--dir");
  expect(message).toMatch(says);
}

describe("--dir that cannot hold the files", () => {
  const cases: [string, (dir: string) => Promise<string>, string, RegExp][] = [
    [
      "a regular file",
      async (dir) => {
        await writeFile(path.join(dir, "campaigns"), "x\n");
        return "campaigns";
      },
      "campaigns",
      /is not a folder/,
    ],
    [
      "below a regular file",
      async (dir) => {
        await writeFile(path.join(dir, "campaigns"), "x\n");
        return "campaigns/imported";
      },
      "campaigns/imported",
      /a folder above it is a file/,
    ],
    [
      "a link to a file",
      async (dir) => {
        await writeFile(path.join(dir, "target.txt"), "x\n");
        await symlink(path.join(dir, "target.txt"), path.join(dir, "campaigns"));
        return "campaigns";
      },
      "campaigns",
      /is not a folder/,
    ],
    [
      "a dangling link",
      async (dir) => {
        await symlink(path.join(dir, "nowhere", "deeper"), path.join(dir, "campaigns"));
        return "campaigns";
      },
      "campaigns",
      /symbolic link to a folder that does not exist/,
    ],
  ];

  it.each(cases)(
    "%s: one paragraph naming it, nothing written",
    async (_name, setUp, shown, says) => {
      const dir = await setUp(cwd);
      const before = (await readdir(cwd)).sort();
      await expectUserError(importInto(dir), shown, says);
      expect((await readdir(cwd)).sort()).toEqual(before);
    },
  );
});

describe("names in the way", () => {
  it.runIf(process.platform !== "win32")(
    "a FIFO, a folder or a link already named like the file: the id is appended, none is touched or blocked on",
    async () => {
      const folder = path.join(cwd, "campaigns");
      await mkdir(folder);
      execFileSync("mkfifo", [path.join(folder, "nowa.yaml")]);
      await mkdir(path.join(folder, "nowa-00042.yaml"));
      await symlink("/etc/passwd", path.join(folder, "nowa-00042-2.yaml"));
      const written = await importInto("campaigns");
      expect(written.map((file) => file.file)).toEqual(["campaigns/nowa-00042-3.yaml"]);
      expect((await lstat(path.join(folder, "nowa.yaml"))).isFIFO()).toBe(true);
      expect((await lstat(path.join(folder, "nowa-00042.yaml"))).isDirectory()).toBe(true);
      expect((await lstat(path.join(folder, "nowa-00042-2.yaml"))).isSymbolicLink()).toBe(true);
      expect(await readFile(path.join(folder, "nowa-00042-3.yaml"), "utf8")).toContain(
        'id: "00042"',
      );
    },
  );
});
