/**
 * In-process apply for tests: declared campaigns → plan → executePlan with the real
 * Thulium client and the real StateRecorder on a temp state file. Nothing is mocked.
 */

import type { CampaignOutcome } from "../../src/apply/execute.js";
import { type ExecuteResult, executePlan } from "../../src/apply/execute.js";
import type { CampaignFields, DeclaredCampaign } from "../../src/core/campaign.js";
import { computePlan } from "../../src/core/diff.js";
import type { Plan } from "../../src/core/plan.js";
import { normaliseTarget, readState, StateRecorder } from "../../src/io/state/index.js";
import { createThuliumClient } from "../../src/io/thulium/index.js";
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

/** Plans from the state file and executes the plan, as `apply --auto-approve` does. */
export async function applyOnce(options: ApplyOnce): Promise<ApplyRun> {
  const state = await readState(options.stateFile);
  const plan = computePlan(declare(options.campaigns), state, {
    only: [],
    prune: options.prune ?? false,
  });
  const target = normaliseTarget(options.url);
  const recorder = await StateRecorder.open(options.stateFile, state, target);
  const api = createThuliumClient({
    baseUrl: options.url,
    user: options.user,
    password: options.password,
    // Fast retries: these tests count requests, never time.
    retryBaseMs: 5,
    maxBackoffMs: 20,
  });
  const outcomes: CampaignOutcome[] = [];
  const result = await executePlan(plan, {
    api,
    recorder,
    concurrency: options.concurrency ?? 4,
    signal: options.signal ?? new AbortController().signal,
    events: {
      onOutcome: (outcome, done) => {
        outcomes.push(outcome);
        options.onOutcome?.(outcome, done);
      },
    },
  });
  await recorder.flush();
  return { plan, result, outcomes };
}
