/**
 * The one place that turns errors into messages and exit codes.
 * User errors: a clear message, no stack trace, exit 1 (130 when interrupted).
 * Anything else is a bug in this tool: the stack is printed so it can be reported.
 */
import { ApiError, ConfigInvalidError, PartialApplyError, UserError } from "../errors.js";
import type { CliContext } from "./context.js";
import { describeApiError } from "./describe-error.js";
import { parseAndRun } from "./parser.js";
import { redactSecrets } from "./redact.js";
import { escapeMessage, escapeText } from "./render/escape.js";
import { renderIssuesText } from "./render/issues-text.js";

export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  try {
    await parseAndRun(argv, ctx);
    return ctx.exitCode;
  } catch (error) {
    return reportError(error, ctx);
  }
}

function reportError(error: unknown, ctx: CliContext): number {
  const { output } = ctx;
  const say = (text: string) => output.err(`${redactSecrets(text, ctx.env)}\n`);
  // Messages carry untrusted values (file names, Thulium's answers): redacted first (an
  // escape could hide the password from redaction), then escaped, before colour is added.
  const clean = (text: string) => escapeMessage(redactSecrets(text, ctx.env));
  const cleanLine = (text: string) => escapeText(redactSecrets(text, ctx.env));
  if (error instanceof ConfigInvalidError) {
    output.err(redactSecrets(renderIssuesText(error.issues, output), ctx.env));
    say(`${output.paint(["bold", "red"], "Error:")} ${clean(error.message)}`);
    return error.exitCode;
  }
  if (error instanceof PartialApplyError) {
    say(`${output.paint(["bold", "red"], "Error:")} ${clean(error.message)}`);
    for (const failure of error.failures)
      say(`  ${failure.id}: ${cleanLine(describeApiError(failure.error))}`);
    return error.exitCode;
  }
  if (error instanceof ApiError) {
    say(`${output.paint(["bold", "red"], "Error:")} ${clean(describeApiError(error))}`);
    return error.exitCode;
  }
  if (error instanceof UserError) {
    say(`${output.paint(["bold", "red"], "Error:")} ${clean(error.message)}`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  say(
    `${output.paint(["bold", "red"], "Internal error")} (a bug in thulium-campaigns; please report it):\n${clean(detail)}`,
  );
  return 1;
}
