/**
 * Crash safety: `apply` is SIGKILLed at seeded random moments while it talks to a sandbox
 * with latency, and after every kill the state must still tell the truth:
 * - the state file is valid JSON that readState accepts (atomic writes, never a torn file);
 * - every campaign it records is a body the sandbox accepted for that id (the state may lag
 *   Thulium, never run ahead of it);
 * - a lock left by the dead process does not block the next run (stale-lock takeover);
 * - a rerun converges: it sends only what is still different, then the plan is "No
 *   changes" and the sandbox holds exactly the declarations.
 *
 * One sandbox lives in the test process for all trials, so its request log is the ground
 * truth of what "Thulium" accepted; each trial changes some declarations first so that
 * every kill lands in a run with work to do.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupFileFor, lockFileFor, readState } from "../../src/io/state/index.js";
import { seededRandom } from "../../src/sandbox/faults.js";
import { runCli, spawnCli } from "../helpers/cli.js";
import { seedSandbox, startTestSandbox, type TestSandbox } from "../helpers/sandbox.js";
import {
  type CampaignDoc,
  makeWorkspace,
  sampleCampaign,
  type Workspace,
} from "../helpers/workspace.js";
import {
  acceptedBodies,
  differencesFromDeclarations,
  settled,
  wasAccepted,
} from "./helpers/accepted.js";
import { tempFilesBeside } from "./helpers/leftovers.js";
import { planOf } from "./helpers/plan-check.js";

/**
 * Trials in `npm test` (8: each spawns the CLI and kills it, so this is one of the slowest
 * suites; the first three take each kind of kill moment once, and most trials leave a lock
 * and kill mid-run, so 8 still meet the "enough interesting moments" floors below);
 * `SOAK_TRIALS` raises it for `npm run soak` (300), `SOAK_SEED` varies them, and
 * `SOAK_VERBOSE=1` prints each trial's running counts.
 */
const TRIALS = Number(process.env.SOAK_TRIALS ?? 8);
const SEED = Number(process.env.SOAK_SEED ?? 20270104);
const CAMPAIGNS = 5;
const LATENCY_MS = 15;

let sandbox: TestSandbox;
let workspace: Workspace;
/** A hook for the running trial: told about every request the sandbox answers. */
let onAnswer: (() => void) | undefined;

beforeAll(async () => {
  sandbox = await startTestSandbox({
    faults: { latencyMs: LATENCY_MS },
    onRequest: () => onAnswer?.(),
  });
  workspace = await makeWorkspace();
  seedSandbox(
    sandbox,
    Array.from({ length: CAMPAIGNS }, (_, i) => sampleCampaign(i + 1).id),
  );
});
afterAll(async () => {
  await sandbox?.close();
  await workspace?.cleanup();
});

/** Declarations for one generation: each campaign's name and order say which one. */
function declarations(generations: readonly number[]): CampaignDoc[] {
  return generations.map((generation, i) =>
    sampleCampaign(i + 1, {
      name: `Kampania ${i + 1} – wersja ${generation}`,
      order: 1 + generation,
    }),
  );
}

const APPLY = ["apply", "--auto-approve", "--concurrency", "2"];

// The last test checks the state the trials left: it runs after them.
describe("apply killed with SIGKILL at random moments", { shuffle: false }, () => {
  it(
    `${TRIALS} seeded trials: state valid, never ahead of the sandbox, lock taken over, rerun converges`,
    async () => {
      const random = seededRandom(SEED);
      const generations = Array.from({ length: CAMPAIGNS }, () => 0);
      let locksLeft = 0;
      let killedMidRun = 0;
      const kindsTried = new Set<string>();
      for (let trial = 1; trial <= TRIALS; trial++) {
        // Change a random, non-empty subset of the campaigns: this run has 1–5 PUTs to make.
        let changed = 0;
        generations.forEach((_, i) => {
          if (random() < 0.6) {
            generations[i] = trial;
            changed += 1;
          }
        });
        if (changed === 0) generations[0] = trial;
        const declared = declarations(generations);
        await workspace.writeCampaigns(declared);
        const context = `trial ${trial} (SOAK_SEED=${SEED})`;

        // Kill at one of three kinds of moment: blind (often while starting, before the
        // lock), once it prints "Applying" (requests starting), or just after the k-th PUT
        // was answered (a state write due or under way).
        const putsBefore = sandbox.puts().length;
        const child = spawnCli(APPLY, {
          cwd: workspace.dir,
          env: sandbox.env(),
          timeoutMs: 20_000,
        });
        const kill = () => child.child.kill("SIGKILL");
        // The first three trials take one kind each, the richest first (the default count is
        // small, and the seeded draw could leave a kind out); later ones draw it, 1 : 1.5 : 2.5.
        const drawn = random();
        const mode = trial <= 3 ? ([0.7, 0.3, 0.1][trial - 1] ?? drawn) : drawn;
        kindsTried.add(mode < 0.2 ? "blind" : mode < 0.5 ? "applying" : "after a PUT");
        const k = 1 + Math.floor(random() * changed);
        const jitterMs = Math.floor(random() * 3 * LATENCY_MS);
        if (mode < 0.2) setTimeout(kill, Math.floor(random() * 700));
        else if (mode < 0.5)
          child.waitForOutput("Applying").then(
            () => setTimeout(kill, jitterMs),
            () => {}, // finished (or failed) first: checked below
          );
        else
          onAnswer = () => {
            if (sandbox.puts().length - putsBefore >= k) {
              onAnswer = undefined;
              setTimeout(kill, jitterMs);
            }
          };
        const killed = await child.done;
        onAnswer = undefined;
        await settled(sandbox);
        if (killed.signal === "SIGKILL" && sandbox.puts().length > putsBefore) killedMidRun += 1;
        // A run that finished before the kill is fine; it must have succeeded.
        if (killed.signal === null) expect(killed.code, `${context}: ${killed.stderr}`).toBe(0);

        // 1. The state file, if any, is whole and valid.
        if (existsSync(workspace.stateFile)) {
          const text = await readFile(workspace.stateFile, "utf8");
          expect(() => JSON.parse(text), `${context}: state is not JSON`).not.toThrow();
          const state = await readState(workspace.stateFile);
          // 2. Never ahead of Thulium: each recorded entry is a body the sandbox accepted.
          const accepted = acceptedBodies(sandbox.requests);
          for (const [id, entry] of Object.entries(state.campaigns))
            expect(
              wasAccepted(accepted, id, entry.fields),
              `${context}: state records ${id} as ${JSON.stringify(entry.fields)}, which the sandbox never accepted`,
            ).toBe(true);
        }
        // The previous version kept beside it is whole too (it is what users restore from).
        const backup = backupFileFor(workspace.stateFile);
        if (existsSync(backup)) await readState(backup);
        if (existsSync(lockFileFor(workspace.stateFile))) locksLeft += 1;
        if (process.env.SOAK_VERBOSE) console.log(context, { locksLeft, killedMidRun });

        // 3 and 4. The next run is not blocked by a dead process's lock, and converges.
        const before = await planOf(workspace);
        const pending = new Set(before.changes.map((change) => change.id));
        const putsBeforeRerun = sandbox.puts().length;
        const rerun = await runCli(APPLY, { cwd: workspace.dir, env: sandbox.env() });
        expect(rerun.code, `${context}: rerun failed:\n${rerun.stderr}`).toBe(0);
        expect(rerun.stderr, context).not.toMatch(/locked/);
        // The rerun sends exactly what the state does not yet record, once each.
        const resent = sandbox
          .puts()
          .slice(putsBeforeRerun)
          .map((r) => r.campaignId);
        expect(resent.sort(), context).toEqual([...pending].sort());
        expect(existsSync(lockFileFor(workspace.stateFile)), `${context}: lock left`).toBe(false);
        if (pending.size > 0)
          expect(await tempFilesBeside(workspace.stateFile), context).toEqual([]);
        expect((await planOf(workspace)).changes, context).toEqual([]);
        expect(differencesFromDeclarations(sandbox, declared), context).toEqual([]);
      }
      // The trials must actually have hit the interesting moments, or they prove nothing.
      expect(kindsTried.size, "a kind of kill moment was never tried").toBe(Math.min(3, TRIALS));
      expect(locksLeft, "too few trials left a lock behind").toBeGreaterThanOrEqual(TRIALS / 4);
      expect(killedMidRun, "too few trials were killed mid-run").toBeGreaterThanOrEqual(TRIALS / 4);
    },
    Math.max(240_000, TRIALS * 10_000),
  );

  it("the built CLI agrees: plan says No changes after the last rerun", async () => {
    const plan = await runCli(["plan", "--detailed-exitcode"], { cwd: workspace.dir, env: {} });
    expect(plan).toMatchObject({ code: 0, stderr: "" });
    expect(plan.stdout).toBe("No changes. The campaign files match the last-applied state.\n");
  });
});
