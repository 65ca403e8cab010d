import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { ApplyCancelledError, UsageError } from "../errors.js";
import type { CliContext } from "./context.js";

/**
 * Terraform's rule: on a terminal, ask and accept only "yes"; with no terminal (CI), never
 * guess — require --auto-approve so an unattended apply is always a deliberate choice.
 */
export async function confirmApply(ctx: CliContext, autoApprove: boolean): Promise<void> {
  if (autoApprove) return;
  if (!ctx.stdin.isTTY) {
    throw new UsageError(
      "Standard input is not a terminal, so apply cannot ask for confirmation. Review the plan above and rerun with --auto-approve to apply it.",
    );
  }
  // The prompt is printed through the context's Output like every other line (an
  // in-process run captures it); readline edits the line as on a terminal when stdout is one.
  const prompt = createInterface({
    input: ctx.stdin,
    output: outputStream(ctx),
    terminal: ctx.output.interactive,
  });
  try {
    const answer = await prompt
      .question(
        `\n${ctx.output.paint("bold", "Do you want to apply these changes?")} Only 'yes' will be accepted: `,
        { signal: ctx.signal },
      )
      .catch(() => ""); // Ctrl-C at the prompt is a "no".
    if (answer.trim() !== "yes")
      throw new ApplyCancelledError("Apply cancelled; nothing was sent.");
  } finally {
    prompt.close();
  }
}

/** A writable stream over the context's stdout, for readline. */
function outputStream(ctx: CliContext): NodeJS.WritableStream {
  return new Writable({
    write(chunk, _encoding, done) {
      ctx.output.out(String(chunk));
      done();
    },
  });
}
