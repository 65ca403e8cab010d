/**
 * Project settings as defaults for flags: a yargs middleware that reads the settings file
 * for the commands it concerns and fills in `--dir`, `--state` and `--concurrency` only
 * where the user did not give the flag (given flags win; yargs' own defaults lose to the
 * file). The settings travel on to the command in `args.settings`.
 */
import type { Settings } from "../io/settings/index.js";
import type { CliContext } from "./context.js";

/** Which commands each setting is a default for (the commands that have that flag). */
const FLAG_COMMANDS = {
  dir: ["validate", "plan", "apply", "reconcile", "drift", "import", "doctor"],
  state: ["plan", "apply", "reconcile", "drift", "import", "state", "doctor", "journal"],
  concurrency: ["apply", "reconcile", "drift"],
} as const;

/** Commands that read the settings file at all. */
const SETTINGS_COMMANDS = new Set<string>(Object.values(FLAG_COMMANDS).flat());

type Args = Record<string, unknown> & { _: (string | number)[] };

/** True when the command line gives `--name` (or `--name=…`) before any `--`. */
export function flagGiven(argv: readonly string[], name: string): boolean {
  for (const token of argv) {
    if (token === "--") return false;
    if (token === `--${name}` || token.startsWith(`--${name}=`)) return true;
  }
  return false;
}

/** The middleware for one command line (`argv` as given, to tell given flags from defaults). */
export function settingsMiddleware(argv: readonly string[], ctx: CliContext) {
  return async (args: Args): Promise<void> => {
    const command = String(args._[0] ?? "");
    if (!SETTINGS_COMMANDS.has(command)) return;
    const { loadSettings } = await import("../io/settings/index.js");
    const settings = await loadSettings(args.config as string | undefined, ctx.cwd);
    args.settings = settings;
    for (const [flag, commands] of Object.entries(FLAG_COMMANDS)) {
      const value = settings[flag as keyof typeof FLAG_COMMANDS];
      if (value === undefined || flagGiven(argv, flag)) continue;
      if (!(commands as readonly string[]).includes(command)) continue;
      // --sandbox keeps its own state file (.thulium/sandbox/) unless --state names one:
      // the project's state belongs to the real target.
      if (flag === "state" && args.sandbox === true) continue;
      args[flag] = value;
    }
  };
}

/** The settings the middleware attached (undefined when the command reads no settings). */
export function attachedSettings(args: object): Settings | undefined {
  return (args as { settings?: Settings }).settings;
}
