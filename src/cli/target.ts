/**
 * Which Thulium system a command works against, and where its state lives.
 * With --sandbox: the built-in sandbox, its data and its own state under .thulium/sandbox/.
 * Otherwise: THULIUM_URL (credentials are only needed by apply, so plan works without them).
 */
import path from "node:path";
import { normaliseBaseUrl } from "../io/thulium/base-url.js";

export const DEFAULT_STATE_FILE = ".thulium/state.json";
export const SANDBOX_DIR = ".thulium/sandbox";
/** The sandbox's stable target name: never its ephemeral port, so reruns match the state. */
export const SANDBOX_TARGET = "sandbox";

export interface TargetChoice {
  sandbox: boolean;
  /** The normalised THULIUM_URL or "sandbox"; null when plan runs with no THULIUM_URL set. */
  target: string | null;
  stateFile: string;
  /** Where the in-process sandbox keeps its campaigns (only with --sandbox). */
  sandboxDataFile: string;
}

export function chooseTarget(
  args: { sandbox: boolean; state?: string | undefined },
  env: NodeJS.ProcessEnv,
  cwd: string,
): TargetChoice {
  const sandboxDataFile = path.resolve(cwd, SANDBOX_DIR, "data.json");
  if (args.sandbox) {
    const stateFile = args.state ?? path.join(SANDBOX_DIR, "state.json");
    return {
      sandbox: true,
      target: SANDBOX_TARGET,
      stateFile: path.resolve(cwd, stateFile),
      sandboxDataFile,
    };
  }
  const url = env.THULIUM_URL;
  const target = url === undefined || url === "" ? null : normaliseBaseUrl(url);
  return {
    sandbox: false,
    target,
    stateFile: path.resolve(cwd, args.state ?? DEFAULT_STATE_FILE),
    sandboxDataFile,
  };
}
