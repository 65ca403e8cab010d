/**
 * The sandbox's data file path: a symbolic link is followed (the link kept), and anything
 * that is not a regular file, or a folder it cannot write to, is refused at start with a
 * message naming the path, never renamed over or waited on.
 */
import { execFileSync } from "node:child_process";
import {
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { startSandbox } from "../../src/sandbox/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "sandbox-paths-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === "win32")("sandbox data file paths", () => {
  it("follows a symbolic link: the file it points at is written, the link stays", async () => {
    await mkdir(path.join(dir, "shared"));
    const link = path.join(dir, "data.json");
    await symlink("shared/real.json", link);
    const sandbox = await startSandbox({ dataFile: link });
    sandbox.store.create({ name: "Kampania" }, "00001");
    await sandbox.close();
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe("shared/real.json");
    const data = JSON.parse(await readFile(path.join(dir, "shared", "real.json"), "utf8"));
    expect(data.campaigns.map((c: { id: string }) => c.id)).toEqual(["00001"]);
  });

  it("refuses a FIFO at start, and leaves it a FIFO", async () => {
    const fifo = path.join(dir, "data.json");
    execFileSync("mkfifo", [fifo]);
    await expect(startSandbox({ dataFile: fifo })).rejects.toThrow(
      new UsageError(
        `The sandbox data file ${fifo} is a FIFO (named pipe), not a regular file, and is left as it is. Give sandbox --data a file in a folder you can write to (with apply --sandbox, the data lives in .thulium/sandbox/ under the current folder, which must be writable).`,
      ),
    );
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  it("refuses at start a data file whose folder cannot be made", async () => {
    const blocked = path.join(dir, "file-not-folder");
    await writeFile(blocked, "x");
    await expect(startSandbox({ dataFile: path.join(blocked, "data.json") })).rejects.toThrow(
      /sandbox data file .*file-not-folder\/data\.json: a part of the path is a file, not a folder/,
    );
  });
});
