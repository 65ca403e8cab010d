/**
 * Bad-input corpus, part 3: what stands at the paths of the state file, its lock, a saved
 * plan, `plan --out` and the sandbox's data file, and state files JSON.parse would accept
 * but that say something else than what it keeps. Every case: exit 1, a one-paragraph
 * message naming the path and the fix, no stack trace, no request sent, no file written
 * or changed (see helpers/corpus.ts). Cases that plant a FIFO, a link or a folder also
 * check that it is still there, as it was.
 */
import { execFileSync } from "node:child_process";
import { lstat, mkdir, readlink, symlink } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../helpers/workspace.js";
import { type Case, type CountingServer, runCase } from "./helpers/corpus.js";

const STATE = ".thulium/state.json";
const LOCK = `${STATE}.lock`;
const LINEAGE = "0b7e2a8c-3f4d-4e5a-9b6c-7d8e9f0a1b2c";

type Setup = (workspace: Workspace, server: CountingServer) => Promise<void>;

function mkfifo(file: string): void {
  execFileSync("mkfifo", [file]);
}

/** Plants something at `relative` and remembers what, so the case can check it is still there. */
interface Planted {
  relative: string;
  kind: "fifo" | "folder" | "link";
  /** For a link: where it points. */
  target?: string;
}

function plant(thing: Planted): Setup {
  return async (workspace) => {
    const file = path.join(workspace.dir, thing.relative);
    await mkdir(path.dirname(file), { recursive: true });
    if (thing.kind === "fifo") mkfifo(file);
    else if (thing.kind === "folder") await mkdir(file);
    else await symlink(thing.target ?? "nowhere", file);
  };
}

/** Runs the case, then checks that the planted thing is still there, unchanged. */
async function runPlanted(c: Case, thing: Planted): Promise<void> {
  await runCase({
    ...c,
    setup: async (workspace, server) => {
      await plant(thing)(workspace, server);
      await c.setup?.(workspace, server);
    },
    after: async (workspace) => {
      const file = path.join(workspace.dir, thing.relative);
      const stats = await lstat(file);
      if (thing.kind === "fifo")
        expect(stats.isFIFO(), `${thing.relative} still a FIFO`).toBe(true);
      if (thing.kind === "folder") expect(stats.isDirectory()).toBe(true);
      if (thing.kind === "link") expect(await readlink(file)).toBe(thing.target ?? "nowhere");
    },
  });
}

/** A valid state file's text for the case's server, with `replace` applied to the text. */
function stateText(target: string, replace: (text: string) => string = (t) => t): string {
  const text = `${JSON.stringify(
    {
      campaigns: {
        "00001": {
          fields: { group_id: 15, name: "Stara nazwa" },
          source: "campaigns/c00001.yaml",
        },
      },
      lineage: LINEAGE,
      serial: 3,
      target,
      version: 1,
    },
    null,
    2,
  )}\n`;
  return replace(text);
}

function withState(replace: (text: string) => string): Setup {
  return async (workspace, server) => {
    await workspace.writeFile(STATE, stateText(server.url, replace));
  };
}

const plantedCases: [Case, Planted][] = [
  [
    {
      name: "the lock path is a folder",
      stderr: /lock file .*state\.json\.lock is a folder, not a lock file .*rm -r /,
    },
    { relative: LOCK, kind: "folder" },
  ],
  [
    {
      name: "the lock is a symbolic link to itself",
      stderr: /lock file .*state\.json\.lock is a symbolic link, not a lock file.*Remove it/,
    },
    { relative: LOCK, kind: "link", target: "state.json.lock" },
  ],
  [
    {
      name: "the lock is a dangling symbolic link (spun at full CPU before)",
      stderr: /lock file .*state\.json\.lock is a symbolic link, not a lock file.*Remove it/,
    },
    { relative: LOCK, kind: "link", target: "no-such-holder" },
  ],
  [
    {
      name: "the lock is a FIFO (blocked forever before)",
      stderr: /lock file .*state\.json\.lock is a FIFO \(named pipe\), not a lock file/,
    },
    { relative: LOCK, kind: "fifo" },
  ],
  [
    {
      name: "--state is a FIFO (plan blocked forever before)",
      args: ["plan"],
      stderr:
        /Cannot read state file .*state\.json: it is a FIFO \(named pipe\), not a regular file/,
    },
    { relative: STATE, kind: "fifo" },
  ],
  [
    {
      name: "--state is a FIFO, for apply",
      stderr:
        /Cannot read state file .*state\.json: it is a FIFO \(named pipe\), not a regular file/,
    },
    { relative: STATE, kind: "fifo" },
  ],
  [
    {
      name: "--state is a symbolic link that loops",
      stderr: /State file .*state\.json is a symbolic link that loops.*--state/,
    },
    { relative: STATE, kind: "link", target: "state.json" },
  ],
  [
    {
      name: "the state's backup is a FIFO",
      stderr: /state\.json\.backup is a FIFO \(named pipe\), not a regular file.*nothing was sent/,
    },
    { relative: `${STATE}.backup`, kind: "fifo" },
  ],
  [
    {
      name: "a saved plan that is a FIFO (blocked forever before)",
      args: ["apply", "plan.json", "--auto-approve"],
      stderr:
        /Cannot read the plan file .*plan\.json: it is a FIFO \(named pipe\), not a regular file/,
    },
    { relative: "plan.json", kind: "fifo" },
  ],
  [
    {
      name: "plan --out onto a FIFO (replaced it before)",
      args: ["plan", "--out", "plan.json"],
      stderr:
        /Cannot save the plan to .*plan\.json: it is a FIFO \(named pipe\), not a regular file, and is left as it is/,
    },
    { relative: "plan.json", kind: "fifo" },
  ],
  [
    {
      name: "plan --out onto a folder",
      args: ["plan", "--out", "plans"],
      stderr:
        /Cannot save the plan to .*plans: it is a folder, not a regular file.*--out plan\.json/,
    },
    { relative: "plans", kind: "folder" },
  ],
  [
    {
      name: "sandbox --data onto a FIFO",
      args: ["sandbox", "--port", "0", "--data", "data.json"],
      stderr: /sandbox data file .*data\.json is a FIFO \(named pipe\), not a regular file/,
    },
    { relative: "data.json", kind: "fifo" },
  ],
];

const cases: Case[] = [
  {
    name: "plan --out .",
    args: ["plan", "--out", "."],
    stderr: /Cannot save the plan to \/\S+: it is a folder, not a regular file.*--out plan\.json/,
  },
  {
    name: "plan --out into a folder that cannot exist (a file is in the way)",
    args: ["plan", "--out", "notes.txt/plan.json"],
    files: { "notes.txt": "not a folder\n" },
    stderr:
      /Cannot save the plan to .*notes\.txt\/plan\.json: a part of the path is a file, not a folder/,
  },
  {
    // Root may write almost anywhere; /proc takes no new files even from root.
    name: "plan --out into a folder that takes no files",
    args: ["plan", "--out", "/proc/thulium-plan.json"],
    stderr:
      /Cannot save the plan to \/proc\/thulium-plan\.json: .*Give --out a path in a folder you can write to/,
  },
  {
    name: "sandbox --data /",
    args: ["sandbox", "--port", "0", "--data", "/"],
    stderr: /The sandbox data file \/ is a folder, not a regular file.*--data/,
  },
  {
    name: "sandbox --data in a folder that takes no files",
    args: ["sandbox", "--port", "0", "--data", "/proc/thulium-sandbox.json"],
    stderr: /Cannot write the sandbox data file \/proc\/thulium-sandbox\.json: .*--data/,
  },
  {
    name: "apply --sandbox where .thulium/ cannot hold folders (it is a file)",
    args: ["apply", "--sandbox", "--auto-approve"],
    files: { ".thulium": "a file where the folder should be\n" },
    stderr:
      /sandbox data file .*\.thulium\/sandbox\/data\.json: a part of the path is a file, not a folder.*\.thulium\/sandbox\//,
  },
  {
    name: "the lock's folder cannot be made (.thulium is a file)",
    files: { ".thulium": "a file where the folder should be\n" },
    stderr:
      /Cannot create the folder .*\.thulium for the lock file .*: a part of the path is a file, not a folder\. Point --state/,
  },
  {
    name: "state with a duplicate key in an entry",
    setup: withState((t) =>
      t.replace('"name": "Stara nazwa"', '"name": "Stara nazwa",\n        "name": "Inna"'),
    ),
    stderr:
      /State file .*state\.json cannot be used: at campaigns\["00001"\]\.fields\.name \(line \d+\), the key "name" appears twice/,
  },
  {
    name: "state with the same campaign twice (a hand merge)",
    args: ["plan"],
    setup: withState((t) =>
      t.replace(
        '"campaigns": {',
        '"campaigns": {\n    "00001": { "fields": { "name": "Inna" }, "source": "campaigns/c00001.yaml" },',
      ),
    ),
    stderr: /at campaigns\["00001"\] \(line 4\), the key "00001" appears twice.*untouched/,
  },
  {
    name: "state with a __proto__ key in an entry",
    args: ["plan"],
    setup: withState((t) =>
      t.replace('"name": "Stara nazwa"', '"name": "Stara nazwa",\n        "__proto__": {}'),
    ),
    stderr: /at campaigns\["00001"\]\.fields\.__proto__, the key "__proto__" is not allowed/,
  },
  {
    name: "state with a number past 2^53",
    args: ["plan"],
    setup: withState((t) => t.replace('"group_id": 15', '"group_id": 9007199254740993')),
    stderr: /at campaigns\["00001"\]\.fields\.group_id, the number is too large to be kept exactly/,
  },
  {
    name: "state whose serial is the largest safe integer (apply could never raise it)",
    setup: withState((t) => t.replace('"serial": 3', `"serial": ${Number.MAX_SAFE_INTEGER}`)),
    stderr:
      /has serial 9007199254740991, the largest that can be raised exactly, so nothing was written\. Lower "serial"/,
  },
];

const unix = process.platform !== "win32";

describe.skipIf(!unix)("bad input: special files at the state, lock, plan and data paths", () => {
  it.each(plantedCases.map(([c, thing]) => [c.name, c, thing] as const))(
    "%s",
    async (_name, c, thing) => {
      await runPlanted(c, thing);
    },
  );
});

describe.skipIf(!unix)("bad input: state, lock, plan and data files", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});
