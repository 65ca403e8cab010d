import type { CommandModule } from "yargs";
import type { CliContext } from "../context.js";

/** Every command, in the order `--help` lists them. */
export function commandModules(_ctx: CliContext): CommandModule[] {
  return [];
}
