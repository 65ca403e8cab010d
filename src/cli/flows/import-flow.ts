/**
 * The `import` command's work: usage checks → the campaign files (all valid) → connect →
 * lock (not for --dry-run) → state (bound to this target) → the use case → report.
 * Loaded only when the command runs.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import type { DeclaredCampaign } from "../../core/campaign.js";
import { prepareImportFiles, writeImportFiles } from "../../io/campaign-files/import-files.js";
import { loadValidCampaigns } from "../../io/campaign-files/index.js";
import type { Lock } from "../../io/state/index.js";
import { assertTarget, readStateFile, resolveStateFile, writeState } from "../../io/state/index.js";
import { readLiveList } from "../../io/thulium/index.js";
import { readMemberships } from "../../use-cases/drift-agents.js";
import { parseCampaignId, runImport } from "../../use-cases/import.js";
import type { ImportArgs } from "../args.js";
import { todayLocal } from "../clock.js";
import type { CliContext } from "../context.js";
import { parseDuration } from "../durations.js";
import { renderImportText } from "../render/import-text.js";
import { renderIssuesText } from "../render/issues-text.js";
import { chooseTarget } from "../target.js";
import { takeLock } from "./apply-lock.js";
import { connectTarget } from "./connect-target.js";

/** Membership reads in flight at once with --with-agents (drift's default concurrency). */
const AGENT_READS = 4;

export async function runImportCommand(args: ImportArgs, ctx: CliContext): Promise<void> {
  const { output } = ctx;
  const ids = args.ids.map(String);
  // Usage first: nothing is read, started or written for a command that cannot run.
  for (const id of ids) parseCampaignId(id);
  const lockTimeoutMs = parseDuration(args["lock-timeout"], "--lock-timeout");
  const choice = chooseTarget(args, ctx.env, ctx.cwd);
  const today = todayLocal(ctx);

  const declared = await loadDeclared(args.dir, ctx, today);
  // No declared campaigns passed: import must not create any in the sandbox, only read it.
  const connection = await connectTarget(choice, ctx, []);
  let lock: Lock | undefined;
  try {
    const stateFile = await resolveStateFile(choice.stateFile);
    if (!args["dry-run"]) lock = await takeLock(stateFile, lockTimeoutMs, ctx);
    const { state, identity } = await readStateFile(stateFile);
    assertTarget(state, connection.target, stateFile);
    const shownState = path.relative(ctx.cwd, stateFile) || stateFile;

    const result = await runImport(
      {
        ids,
        all: args.all,
        includeInvalid: args["include-invalid"],
        dryRun: args["dry-run"],
        withAgents: args["with-agents"],
      },
      {
        declared,
        state,
        readList: () => readLiveList(connection.api, { signal: ctx.signal }),
        readAgents: (campaignIds) =>
          readMemberships(connection.api, campaignIds, AGENT_READS, { signal: ctx.signal }),
        prepare: (campaigns, includeInvalid) =>
          prepareImportFiles(campaigns, {
            dir: args.dir,
            cwd: ctx.cwd,
            target: connection.target,
            importedOn: today,
            today,
            includeInvalid,
          }),
        write: (plan) => writeImportFiles(plan, { cwd: ctx.cwd }),
        record: async (entries) => {
          // One atomic write of the whole state: either every imported campaign is
          // recorded or none is, and a new state is bound to this target.
          await writeState(
            stateFile,
            {
              ...state,
              target: connection.target,
              campaigns: { ...state.campaigns, ...entries },
            },
            { replaces: identity },
          );
        },
      },
    );
    output.out(renderImportText(result, { stateFile: shownState, sandbox: args.sandbox }));
    if (result.invalid.length > 0) ctx.exitCode = 1;
  } finally {
    await lock?.release();
    await connection.close();
  }
}

/** The declared campaigns; a --dir that does not exist yet declares none (it is created). */
async function loadDeclared(
  dir: string,
  ctx: CliContext,
  today: string,
): Promise<DeclaredCampaign[]> {
  const absolute = path.resolve(ctx.cwd, dir);
  // Anything but "missing" (a file in the path, no permission) is the loader's to report,
  // as one issue naming the path.
  const missing = await stat(absolute).then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === "ENOENT",
  );
  if (missing) return [];
  const loaded = await loadValidCampaigns(absolute, { cwd: ctx.cwd, today });
  // An empty folder is where an import usually starts: its "no campaign files" warning is noise.
  if (loaded.files > 0) ctx.output.err(renderIssuesText(loaded.warnings, ctx.output));
  return loaded.campaigns;
}
