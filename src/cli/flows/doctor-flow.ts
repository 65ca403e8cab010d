/** The `doctor` command's work, loaded only when the command runs: wiring, then rendering. */
import path from "node:path";
import { loadCampaignFiles } from "../../io/campaign-files/index.js";
import { displayPath } from "../../io/fs/index.js";
import { inspectLock, lockFileFor, readState } from "../../io/state/index.js";
import { createThuliumClient, probeReachability } from "../../io/thulium/index.js";
import { type DoctorDeps, type LockReading, runDoctor } from "../../use-cases/doctor.js";
import { todayLocal } from "../clock.js";
import type { CliContext } from "../context.js";
import { redactSecrets } from "../redact.js";
import { renderDoctorJson } from "../render/doctor-json.js";
import { renderDoctorText } from "../render/doctor-text.js";
import { chooseTarget, SANDBOX_TARGET } from "../target.js";
import { commandHint } from "./command-hint.js";
import { startReadOnlySandbox } from "./doctor-sandbox.js";
import { inputLabels } from "./input-labels.js";

export interface DoctorFlowArgs {
  "show-shape": boolean;
  format: "text" | "json";
  dir: string;
  state?: string | undefined;
  sandbox: boolean;
}

export async function runDoctorCommand(args: DoctorFlowArgs, ctx: CliContext): Promise<void> {
  // Only the file locations are wanted here: THULIUM_URL is judged by the url check itself,
  // so it is kept from chooseTarget, which would throw for a malformed one.
  const { stateFile, sandboxDataFile } = chooseTarget(args, {}, ctx.cwd);
  const lockFile = lockFileFor(stateFile);
  const labels = inputLabels(args.dir, stateFile, ctx.cwd);
  const deps: DoctorDeps = {
    nodeVersion: process.versions.node,
    env: ctx.env,
    target: args.sandbox
      ? {
          kind: "sandbox",
          name: SANDBOX_TARGET,
          dataFile: displayPath(sandboxDataFile, ctx.cwd),
          start: () => startReadOnlySandbox(sandboxDataFile, ctx.env),
        }
      : { kind: "env" },
    async loadCampaignFiles() {
      const dir = path.resolve(ctx.cwd, args.dir);
      const read = await loadCampaignFiles(dir, { cwd: ctx.cwd, today: todayLocal(ctx) });
      return { ...read, validIds: read.campaigns.map((campaign) => campaign.id) };
    },
    readState: () => readState(stateFile),
    readLock: () => readLockReadOnly(lockFile),
    probe: probeReachability,
    createApi: createThuliumClient,
    labels: {
      ...labels,
      lockFile: displayPath(lockFile, ctx.cwd),
      validate: commandHint("validate", { sandbox: false, dir: args.dir, only: [], prune: false }),
    },
    showShape: args["show-shape"],
    signal: ctx.signal,
  };
  const result = await runDoctor(deps);
  const text =
    args.format === "json" ? renderDoctorJson(result) : renderDoctorText(result, ctx.output);
  // The findings quote messages built from Thulium's answers: scrub them once more.
  ctx.output.out(redactSecrets(text, ctx.env));
  if (!result.ok) ctx.exitCode = 1;
}

/** The lock module's own judgement of the lock file; it is never taken or removed here. */
async function readLockReadOnly(lockFile: string): Promise<LockReading> {
  try {
    const holder = await inspectLock(lockFile);
    if (holder.kind === "gone") return { kind: "free" };
    if (holder.kind === "not-a-lock") {
      return { kind: "unreadable", message: `${lockFile} is ${holder.what}, not a lock file` };
    }
    return holder.info === undefined
      ? { kind: holder.kind }
      : { kind: holder.kind, holder: holder.info };
  } catch (error) {
    return { kind: "unreadable", message: error instanceof Error ? error.message : String(error) };
  }
}
