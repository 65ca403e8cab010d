/**
 * A sandbox for the apply and reads figures, in a process of its own (sandbox-process.ts),
 * holding the campaigns the way a Thulium admin would have created them, and counting the
 * PUTs it answers. Its own process, as a real Thulium would be: in the bench process it
 * shared an event loop and a heap with the bench itself (the generated inputs, the
 * children's output), so the server's answers could wait on work no server does.
 */
import { type ChildProcess, fork, type Serializable } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CampaignFields } from "../core/campaign.js";
import { normaliseTarget } from "../io/state/index.js";

export const USER = "bench_user";
export const PASSWORD = "bench-password";

/** What the sandbox process serves (its first message). */
export interface SandboxSetup {
  latencyMs: number;
  /** Campaigns to create before serving, as an admin would in Thulium's panel. */
  seed: { id: string; fields: CampaignFields }[];
}

/** PUTs answered since the last reset; first and last answer by the wall clock (Date.now). */
export interface PutCounts {
  ok: number;
  total: number;
  firstMs: number;
  lastMs: number;
}

export interface BenchSandbox {
  url: string;
  /** The state file's target for this sandbox (its normalised URL). */
  target: string;
  /** Env for a child that talks to it: THULIUM_URL and credentials. */
  env: NodeJS.ProcessEnv;
  /** PUTs answered with 2xx since the last reset, and when the first and last were answered. */
  puts(): Promise<PutCounts>;
  resetCounts(): Promise<void>;
  close(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL("./sandbox-process.js", import.meta.url));

export async function startBenchSandbox(setup: SandboxSetup): Promise<BenchSandbox> {
  const child = fork(SCRIPT, [], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await ask<{ url: string }>(child, setup, "url");
  return {
    url: url.url,
    target: normaliseTarget(url.url),
    env: {
      THULIUM_URL: url.url,
      THULIUM_USER: USER,
      THULIUM_PASSWORD: PASSWORD,
      NO_COLOR: "1",
    },
    puts: async () => (await ask<{ counts: PutCounts }>(child, "counts", "counts")).counts,
    resetCounts: async () => {
      await ask(child, "reset", "reset");
    },
    close: async () => {
      if (child.connected) child.send("close");
      await exited;
    },
  };
}

/** Sends `message` and resolves with the next answer carrying `key` (one question at a time). */
function ask<T>(
  child: ChildProcess,
  message: Serializable | SandboxSetup,
  key: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (answer: Record<string, unknown>) => {
      if (!(key in answer)) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(answer as T);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`the bench sandbox exited (${code}) before answering "${key}"`));
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send(message as Serializable);
  });
}
