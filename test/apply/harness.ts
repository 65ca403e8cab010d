/**
 * In-process apply for tests: the apply use case (src/use-cases/apply.ts) on declared
 * campaigns, with the real Thulium client and the real StateRecorder on a
 * temp state file. Nothing is mocked.
 */

import type { CampaignFields, DeclaredCampaign } from "../../src/core/campaign.js";
import type { Plan } from "../../src/core/plan.js";
import {
  normaliseTarget,
  readState,
  resolveStateFile,
  StateRecorder,
} from "../../src/io/state/index.js";
import { createThuliumClient } from "../../src/io/thulium/index.js";
import { type ApplyPorts, applyCampaigns } from "../../src/use-cases/apply.js";
import type { CampaignOutcome, ExecuteResult } from "../../src/use-cases/execute-plan.js";
import { type CampaignDoc, declaredFields } from "../helpers/workspace.js";

/** Declarations as the loader would produce them, from plain campaign objects. */
export function declare(campaigns: readonly CampaignDoc[]): DeclaredCampaign[] {
  return campaigns.map((campaign) => ({
    id: campaign.id,
    fields: declaredFields(campaign) as CampaignFields,
    location: { file: `campaigns/c${campaign.id}.yaml`, line: 1, column: 1 },
  }));
}

export interface ApplyRun {
  plan: Plan;
  result: ExecuteResult;
  outcomes: CampaignOutcome[];
}

export interface ApplyOnce {
  url: string;
  user: string;
  password: string;
  stateFile: string;
  campaigns: readonly CampaignDoc[];
  prune?: boolean;
  concurrency?: number;
  signal?: AbortSignal;
  /** Called after each outcome (e.g. to abort mid-run). */
  onOutcome?: (outcome: CampaignOutcome, done: number) => void;
}

/**
 * The apply use case as `apply --auto-approve` runs it, with test ports: the campaigns in
 * memory, the real state file, recorder and lock, the real Thulium client (fast retries).
 */
export async function applyOnce(options: ApplyOnce): Promise<ApplyRun> {
  const declared = declare(options.campaigns);
  const outcomes: CampaignOutcome[] = [];
  const signal = options.signal ?? new AbortController().signal;
  const ports: ApplyPorts = {
    campaigns: {
      load: async () => ({ files: declared.length, campaigns: declared, warnings: [] }),
    },
    state: {
      resolve: resolveStateFile,
      read: readState,
      // Without apply's lag, as before the use case: each record waits for its write, so a
      // failing disk stops the run at the first record (the lag has its own suites).
      openRecorder: (file, state, target) => StateRecorder.open(file, state, target),
    },
    // No lock, as before the use case: some tests break the state's folder mid-run, and
    // the lock file lives in it (the lock has suites of its own).
    lock: async () => ({ release: async () => {} }),
    connect: async () => ({
      target: normaliseTarget(options.url),
      api: createThuliumClient({
        baseUrl: options.url,
        user: options.user,
        password: options.password,
        // Fast retries: these tests count requests, never time.
        retryBaseMs: 5,
        maxBackoffMs: 20,
      }),
      close: async () => {},
    }),
    readLive: () => Promise.reject(new Error("these tests never read the list")),
    preview: {
      target: () => normaliseTarget(options.url),
      readLive: () => Promise.reject(new Error("these tests never read the list")),
    },
    confirm: async () => {},
    signal,
    events: {
      onOutcome: (outcome, done) => {
        outcomes.push(outcome);
        options.onOutcome?.(outcome, done);
      },
    },
  };
  const run = await applyCampaigns(ports, {
    stateFile: options.stateFile,
    labels: { dir: "campaigns/", stateFile: options.stateFile },
    options: { only: [], prune: options.prune ?? false },
    refresh: false,
    force: true, // the gate has its own tests; these count requests and records
    concurrency: options.concurrency ?? 4,
    canApprove: true,
    forceRerun: "thulium-campaigns apply --force",
  });
  const result: ExecuteResult =
    run.outcome === "executed"
      ? run.execution
      : { succeeded: [], failed: [], notStarted: [], interrupted: signal.aborted };
  return { plan: run.plan, result, outcomes };
}
