/**
 * A state file that is a symbolic link (e.g. `.thulium/state.json -> ../shared/state.json`)
 * is read, written, backed up and locked where it leads: the link stays a link, and an apply
 * naming the real file and one naming the link exclude each other.
 */
import { lstat, mkdir, readFile, readlink, stat, symlink } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireLock } from "../../src/io/state/index.js";
import { runCli } from "../helpers/cli.js";
import { TEST_PASSWORD, TEST_USER } from "../helpers/sandbox.js";
import { workspaceWithSandbox } from "../helpers/scenario.js";
import { expectNoSecrets } from "../helpers/secrets.js";
import { sampleCampaign, sampleCampaigns } from "../helpers/workspace.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const LINK_TARGET = "../shared/state.json";

describe.skipIf(process.platform === "win32")("a symlinked state file (built CLI)", () => {
  it("is written, backed up and locked at the file it points to; the link stays a link", async () => {
    const { ws, sb } = await workspaceWithSandbox(sampleCampaigns(3), cleanups);
    const env = sb.env();
    const real = path.join(ws.dir, "shared", "state.json");
    await mkdir(path.join(ws.dir, "shared"));
    await mkdir(path.dirname(ws.stateFile));
    await symlink(LINK_TARGET, ws.stateFile); // points at nothing yet: the first apply creates it

    const first = await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env });
    expect(first.code, first.stderr).toBe(0);
    await ws.writeCampaign(sampleCampaign(1, { name: "Zmieniona" }));
    const second = await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env });
    expect(second.code, second.stderr).toBe(0);

    // One state, behind the link: the link is intact, the real file has both writes.
    expect((await lstat(ws.stateFile)).isSymbolicLink()).toBe(true);
    expect(await readlink(ws.stateFile)).toBe(LINK_TARGET);
    const state = JSON.parse(await readFile(real, "utf8"));
    expect(state.serial).toBe(2);
    expect(state.campaigns["00001"].fields.name).toBe("Zmieniona");
    // The backup sits beside the real file and is a plain file holding the previous version.
    const backup = `${real}.backup`;
    expect((await lstat(backup)).isFile()).toBe(true);
    expect(JSON.parse(await readFile(backup, "utf8")).serial).toBe(1);
    await expect(stat(`${ws.stateFile}.backup`)).rejects.toMatchObject({ code: "ENOENT" });

    // The lock is taken at the real file too: an apply through the link waits for one there.
    const lock = await acquireLock(real, { command: "apply" });
    cleanups.push(() => lock.release());
    await ws.writeCampaign(sampleCampaign(2, { name: "Też zmieniona" }));
    sb.clearRequests();
    const blocked = await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env });
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(`State file ${real} is locked by apply (pid ${process.pid}`);
    expect(sb.puts()).toEqual([]);
    expectNoSecrets([first, second, blocked, await ws.readAllFiles()], TEST_PASSWORD, TEST_USER);
  });

  it("state rm removes the campaign from the real file and keeps the link", async () => {
    const { ws, sb } = await workspaceWithSandbox(sampleCampaigns(2), cleanups);
    const real = path.join(ws.dir, "shared", "state.json");
    await mkdir(path.join(ws.dir, "shared"));
    await mkdir(path.dirname(ws.stateFile));
    await symlink(LINK_TARGET, ws.stateFile);
    const applied = await runCli(["apply", "--auto-approve"], { cwd: ws.dir, env: sb.env() });
    expect(applied.code, applied.stderr).toBe(0);

    const removed = await runCli(["state", "rm", "00002"], { cwd: ws.dir });
    expect(removed.code, removed.stderr).toBe(0);
    expect((await lstat(ws.stateFile)).isSymbolicLink()).toBe(true);
    expect(Object.keys(JSON.parse(await readFile(real, "utf8")).campaigns)).toEqual(["00001"]);
  });
});
