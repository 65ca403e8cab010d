/** Option builders shared by several commands, so each flag is defined (and documented) once. */
import type { Argv } from "yargs";

/** `--dir` when not given. */
export const DEFAULT_DIR = "campaigns";

export function withDir<T>(yargs: Argv<T>) {
  return yargs.option("dir", {
    type: "string",
    default: DEFAULT_DIR,
    describe: "Folder of campaign files (*.yaml, *.yml, searched recursively)",
  });
}

export function withState<T>(yargs: Argv<T>) {
  return yargs.option("state", {
    type: "string",
    // Resolved in target.ts: the sandbox keeps its own state file unless one is named.
    defaultDescription: ".thulium/state.json (with --sandbox: .thulium/sandbox/state.json)",
    describe: "Last-applied state file",
  });
}

export function withPlanSelection<T>(yargs: Argv<T>) {
  return yargs
    .option("only", {
      type: "string",
      array: true,
      default: [] as string[],
      describe: "Restrict to this campaign id (repeatable)",
    })
    .option("prune", {
      type: "boolean",
      default: false,
      describe:
        "Deactivate campaigns removed from the files (a PUT of their last-applied fields with active: false) instead of only forgetting them",
    });
}

export function withSandbox<T>(yargs: Argv<T>) {
  return yargs.option("sandbox", {
    type: "boolean",
    default: false,
    describe: "Target the built-in sandbox (data in .thulium/sandbox/) instead of Thulium",
  });
}

export function withRefresh<T>(yargs: Argv<T>) {
  return yargs.option("refresh", {
    type: "boolean",
    default: false,
    describe:
      "Read Thulium's campaign list first: a live value that differs from the declaration becomes an update, shown as an overwrite (needs THULIUM_URL/USER/PASSWORD or --sandbox)",
  });
}
