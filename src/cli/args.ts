/**
 * The parsed arguments of each command, shared by its command module (which declares the
 * options) and its flow (which runs it). Imports nothing, so the two never import each other.
 */

export interface ApplyArgs {
  planfile?: string;
  dir: string;
  state?: string;
  only: string[];
  prune: boolean;
  sandbox: boolean;
  refresh: boolean;
  "auto-approve": boolean;
  concurrency: number;
  force: boolean;
  /** Why this apply runs (the journal); needed with --force outside the change windows. */
  reason?: string;
  "lock-timeout": string;
}

export interface DriftArgs {
  only: string[];
  format: "text" | "json" | "markdown";
  "detailed-exitcode": boolean;
  state?: string;
  dir: string;
  sandbox: boolean;
  concurrency: number;
}

export interface ImportArgs {
  ids: string[];
  all: boolean;
  "dry-run": boolean;
  "include-invalid": boolean;
  "with-agents": boolean;
  "lock-timeout": string;
  dir: string;
  state?: string;
  sandbox: boolean;
}

export interface InitArgs {
  /** Folder to create the repository in; default the current folder. */
  dir: string;
  /** Also write the scheduled drift-check workflow. */
  "with-drift": boolean;
  /** npm install spec for thulium-campaigns in the new package.json; default the running tool. */
  "install-from"?: string | undefined;
}

export interface SandboxEditArgs {
  /** The campaign id (digits; padded to five). */
  id: string;
  /** `FIELD=VALUE` assignments; `parameters.KEY=VALUE` for a parameter. */
  changes: string[];
  /** Logins to make members, as an admin would in the panel (repeatable). */
  "add-agent": string[];
  /** Logins to take out of the campaign (repeatable). */
  "remove-agent": string[];
  /** The running sandbox's API address, as `sandbox` printed it. */
  url?: string;
  /** A stopped sandbox's data file, edited in place (atomically). */
  data?: string;
}

/** Arguments shared by every `state` subcommand. */
export interface StateArgs {
  /** Last-applied state file; default `.thulium/state.json` (sandbox: its own). */
  state?: string;
  /** Use the sandbox's state file; default false. */
  sandbox: boolean;
}

export interface StateListArgs extends StateArgs {
  /** Output format; default `text`. */
  format: "text" | "json";
}

export interface StateShowArgs extends StateArgs {
  /** The campaign id. */
  id: string;
  /** `yaml` (a campaign declaration) or `json`; default `yaml`. */
  format: "yaml" | "json";
}

export interface StateRmArgs extends StateArgs {
  /** The campaign id. */
  id: string;
  /** How long to wait for a running apply's lock; default `0s`. */
  "lock-timeout": string;
}

export interface PlanArgs {
  dir: string;
  state?: string;
  format: "text" | "json" | "markdown";
  out?: string;
  "detailed-exitcode": boolean;
  only: string[];
  prune: boolean;
  sandbox: boolean;
  refresh: boolean;
}

export interface JournalArgs {
  n: number;
  format: "text" | "json";
  state?: string;
  sandbox: boolean;
}
