import type { Argv, CommandModule } from "yargs";
import type { CliContext } from "../context.js";
import { DOCTOR_ENVIRONMENT } from "../environment-help.js";
import { withDir, withSandbox, withState } from "../options.js";

interface DoctorArgs {
  "show-shape": boolean;
  format: "text" | "json";
  dir: string;
  state?: string;
  sandbox: boolean;
}

/** `doctor`: check the set-up end to end, read-only; exit 1 when an essential check fails. */
export function doctorCommand(ctx: CliContext): CommandModule<object, DoctorArgs> {
  return {
    command: "doctor",
    describe:
      "Check the set-up end to end (Node, THULIUM_* variables, URL, TLS, credentials, the list, files, state, lock) and say what to fix; reads only",
    builder: (yargs: Argv) =>
      withSandbox(withState(withDir(yargs)))
        .option("show-shape", {
          type: "boolean",
          default: false,
          describe:
            "Also print the skeleton of Thulium's answer to GET outbounds (key names and JSON types, never values), for a bug report",
        })
        .option("format", {
          choices: ["text", "json"] as const,
          default: "text" as const,
          describe: "Output format",
        })
        .example("$0 doctor", "Check everything against THULIUM_URL")
        .example("$0 doctor --show-shape", "Include the list's shape, to paste into a bug report")
        .example("$0 doctor --sandbox", "Check against the built-in sandbox")
        .epilogue(DOCTOR_ENVIRONMENT) as unknown as Argv<DoctorArgs>,
    handler: async (args) => {
      const { runDoctorCommand } = await import("../flows/doctor-flow.js");
      await runDoctorCommand(args, ctx);
    },
  };
}
