/**
 * Bad-input corpus, part 3: plan and apply options that would do the wrong thing quietly
 * (issue 10): a `--dir` that declares none of the managed campaigns, forgets past the safety
 * gate, `--only` ids that name no campaign, and `apply` without a terminal or
 * `--auto-approve`. Every case: exit 1, a clear one-paragraph message naming what to fix, no
 * stack trace, no request sent, no file written or changed (see helpers/corpus.ts).
 */
import { describe, it } from "vitest";
import { normaliseTarget } from "../../src/io/state/index.js";
import {
  type CampaignDoc,
  declaredFields,
  sampleCampaign,
  sampleCampaigns,
} from "../helpers/workspace.js";
import { type Case, runCase } from "./helpers/corpus.js";

const LINEAGE = "4c1f0a9e-2b3d-4e5f-8a7b-6c5d4e3f2a1b";

/** A state file managing `campaigns` as last applied to the case's server. */
function withStateOf(campaigns: readonly CampaignDoc[]): NonNullable<Case["setup"]> {
  return async (workspace, server) => {
    const entries = Object.fromEntries(
      campaigns.map((c) => [
        c.id,
        { fields: declaredFields(c), source: `campaigns/c${c.id}.yaml` },
      ]),
    );
    const state = {
      version: 1,
      lineage: LINEAGE,
      serial: 5,
      target: normaliseTarget(server.url),
      campaigns: entries,
    };
    await workspace.writeFile(".thulium/state.json", `${JSON.stringify(state, null, 2)}\n`);
  };
}

const managedTwo = withStateOf(sampleCampaigns(2));

const cases: Case[] = [
  {
    name: "apply with a --dir that holds no campaign files, while the state manages two",
    args: ["apply", "--auto-approve", "--dir", "empty"],
    files: { "empty/README.txt": "not a campaign file" },
    setup: managedTwo,
    stderr:
      /would drop every campaign in the state \(2 of 2.*campaign files in empty\/ \(0 files\).*--force/,
  },
  {
    name: "apply --prune with a --dir that declares none of the managed campaigns",
    args: ["apply", "--auto-approve", "--prune", "--dir", "other"],
    files: { "other/c.yaml": 'id: "00077"\nname: Inna\n' },
    setup: managedTwo,
    stderr:
      /would drop every campaign in the state \(2 of 2: 0 to forget, 2 to deactivate\).*other\//,
  },
  {
    name: "apply forgetting 4 of 12 managed campaigns (33%, over the gate)",
    campaigns: sampleCampaigns(8),
    setup: withStateOf(sampleCampaigns(12)),
    stderr: /would change 4 of the 12 campaigns in the state \(33%\).*4 to forget.*--force/,
  },
  {
    name: "plan --only with a short id",
    args: ["plan", "--only", "2"],
    stderr: /--only 2: .*Did you mean 00002\?/,
  },
  {
    name: "apply --only with an id neither declared nor in the state",
    args: ["apply", "--auto-approve", "--only", "00099"],
    setup: managedTwo,
    stderr: /--only 00099: .*campaigns\/.*state\.json/,
  },
  {
    name: "apply --only with two unknown ids among known ones",
    args: ["apply", "--auto-approve", "--only", "00001", "--only", "1", "--only", "abc"],
    stderr: /--only 1, abc: .*did you mean 00001\?/,
  },
  {
    name: "apply --sandbox without a terminal and without --auto-approve",
    args: ["apply", "--sandbox"],
    stderr: /Standard input is not a terminal.*thulium-campaigns apply --sandbox --auto-approve/,
    notStderr: /Note: the sandbox had no campaign/,
  },
  {
    name: "apply without a terminal, with --only and --prune repeated in the hint",
    args: ["apply", "--only", "00002", "--prune"],
    campaigns: [sampleCampaign(1), sampleCampaign(2, { order: 3 })],
    setup: managedTwo,
    stderr: /--auto-approve.*thulium-campaigns apply --only 00002 --prune --auto-approve/,
  },
];

describe("bad input: plan and apply options", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});
