/**
 * A sandbox for apply figures, run in the bench process (so the CLI child pays nothing for
 * it), holding the generated campaigns the way a Thulium admin would have created them,
 * and counting the PUTs it answers.
 */
import { normaliseTarget } from "../io/state/index.js";
import { type Sandbox, startSandbox } from "../sandbox/index.js";
import type { GeneratedCampaign } from "./generate.js";

export const USER = "bench_user";
export const PASSWORD = "bench-password";

export interface BenchSandbox {
  url: string;
  /** The state file's target for this sandbox (its normalised URL). */
  target: string;
  /** Env for a child that talks to it: THULIUM_URL and credentials. */
  env: NodeJS.ProcessEnv;
  /** PUTs answered with 2xx since the last reset, and when the first and last were answered. */
  puts(): { ok: number; total: number; firstMs: number; lastMs: number };
  resetCounts(): void;
  /** The sandbox's store, to seed live campaigns as an admin would. */
  store: Sandbox["store"];
  close(): Promise<void>;
}

export async function startBenchSandbox(
  campaigns: readonly GeneratedCampaign[],
  latencyMs: number,
): Promise<BenchSandbox> {
  let counts = { ok: 0, total: 0, firstMs: Number.NaN, lastMs: Number.NaN };
  const sandbox = await startSandbox({
    port: 0,
    user: USER,
    password: PASSWORD,
    faults: { latencyMs },
    onRequest: (request) => {
      if (request.method !== "PUT") return;
      const now = performance.now();
      counts.total++;
      if (request.status >= 200 && request.status < 300) counts.ok++;
      if (Number.isNaN(counts.firstMs)) counts.firstMs = now;
      counts.lastMs = now;
    },
  });
  for (const campaign of campaigns) {
    sandbox.store.create({ name: `Campaign ${campaign.id}` }, campaign.id);
  }
  return {
    url: sandbox.url,
    target: normaliseTarget(sandbox.url),
    env: {
      THULIUM_URL: sandbox.url,
      THULIUM_USER: USER,
      THULIUM_PASSWORD: PASSWORD,
      NO_COLOR: "1",
    },
    puts: () => ({ ...counts }),
    resetCounts: () => {
      counts = { ok: 0, total: 0, firstMs: Number.NaN, lastMs: Number.NaN };
    },
    store: sandbox.store,
    close: () => sandbox.close(),
  };
}
