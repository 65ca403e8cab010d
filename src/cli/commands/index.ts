import type { CommandModule } from "yargs";
import type { CliContext } from "../context.js";
import { applyCommand } from "./apply.js";
import { doctorCommand } from "./doctor.js";
import { driftCommand } from "./drift.js";
import { importCommand } from "./import.js";
import { initCommand } from "./init.js";
import { journalCommand } from "./journal.js";
import { planCommand } from "./plan.js";
import { sandboxCommand } from "./sandbox.js";
import { stateCommand } from "./state.js";
import { validateCommand } from "./validate.js";

/** Every command, in the order `--help` lists them. */
export function commandModules(ctx: CliContext): CommandModule[] {
  return [
    validateCommand(ctx) as unknown as CommandModule,
    planCommand(ctx) as unknown as CommandModule,
    applyCommand(ctx) as unknown as CommandModule,
    driftCommand(ctx) as unknown as CommandModule,
    sandboxCommand(ctx) as unknown as CommandModule,
    initCommand(ctx) as unknown as CommandModule,
    stateCommand(ctx) as unknown as CommandModule,
    doctorCommand(ctx) as unknown as CommandModule,
    importCommand(ctx) as unknown as CommandModule,
    journalCommand(ctx) as unknown as CommandModule,
  ];
}
