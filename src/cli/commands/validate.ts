import type { Argv, CommandModule } from "yargs";
import { todayLocal } from "../clock.js";
import type { CliContext } from "../context.js";
import { withDir } from "../options.js";
import { renderIssuesGithub } from "../render/issues-github.js";
import { renderIssuesJson } from "../render/issues-json.js";
import { renderIssuesText, renderValidationSummary } from "../render/issues-text.js";

/** Output formats of `validate`. */
export const VALIDATE_FORMATS = ["text", "json", "github"] as const;

interface ValidateArgs {
  /** Folder of campaign files; default `campaigns`. */
  dir: string;
  /** Output format; default `text`. */
  format: (typeof VALIDATE_FORMATS)[number];
}

/**
 * `validate`: parse and validate every campaign file; no network, writes nothing.
 * Invalid files are not an exception here: the report is the output, and the exit code
 * (0 valid, warnings allowed; 1 any error) is set through `ctx.exitCode`.
 */
export function validateCommand(ctx: CliContext): CommandModule<object, ValidateArgs> {
  return {
    command: "validate",
    describe: "Parse and validate every campaign file (no network, writes nothing)",
    builder: (yargs: Argv) =>
      withDir(yargs)
        .option("format", {
          choices: VALIDATE_FORMATS,
          default: "text" as const,
          describe: "Output format (github: annotations on the pull request's lines)",
        })
        .example("$0 validate", "Check campaigns/")
        .example("$0 validate --dir infra/campaigns --format json", "A report for scripts")
        .example(
          "$0 validate --format github",
          "In a GitHub Actions step",
        ) as unknown as Argv<ValidateArgs>,
    handler: async (args) => {
      // Loaded here, not at the top: yaml and ajv are heavy and `--version` must stay fast.
      const { loadCampaignFiles } = await import("../../io/campaign-files/index.js");
      const result = await loadCampaignFiles(args.dir, { cwd: ctx.cwd, today: todayLocal(ctx) });
      const errors = result.issues.filter((issue) => issue.severity === "error").length;
      const counts = { files: result.files, campaigns: result.declared, errors };
      const { output } = ctx;
      if (args.format === "json") {
        output.out(renderIssuesJson({ ...counts, issues: result.issues }));
      } else {
        const issues =
          args.format === "github"
            ? renderIssuesGithub(result.issues)
            : renderIssuesText(result.issues, output);
        output.out(issues);
        output.out(
          renderValidationSummary({ ...counts, warnings: result.issues.length - errors }, output),
        );
      }
      if (errors > 0) ctx.exitCode = 1;
    },
  };
}
