/** The `init` command's work: scaffold a campaigns repository, loaded only when it runs. */
import { stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../../errors.js";
import { runningToolSpec } from "../../init/package-files.js";
import {
  DRIFT_WORKFLOW_PATH,
  existingFiles,
  scaffoldFiles,
  writeScaffold,
} from "../../init/scaffold.js";
import { displayPath } from "../../io/fs/index.js";
import type { InitArgs } from "../args.js";
import type { CliContext } from "../context.js";
import { escapeText } from "../render/escape.js";

export async function runInit(args: InitArgs, ctx: CliContext): Promise<void> {
  const dir = path.resolve(ctx.cwd, args.dir);
  const shown = displayPath(dir, ctx.cwd);
  await assertFolderOrMissing(dir, shown);
  const installFrom = installSpec(args["install-from"]);
  const files = await scaffoldFiles(installFrom, { withDrift: args["with-drift"] });
  const existing = await existingFiles(dir, files);
  if (existing.length > 0) {
    throw new UsageError(
      `init never overwrites files, and these already exist in ${shown}:\n${existing.map((file) => `  ${file}\n`).join("")}Nothing was written. Run init in an empty folder, or move these files away first.`,
    );
  }
  try {
    await writeScaffold(dir, files);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === "EEXIST")
      throw new UsageError(`A file appeared in ${shown} while init ran; nothing was written.`);
    throw new UsageError(`Cannot write the new repository in ${shown}: ${message}`);
  }

  const { output } = ctx;
  output.out(`Created a campaigns repository in ${escapeText(shown)}:\n`);
  for (const file of files) output.out(`  ${file.path}\n`);
  const cd =
    shown === "."
      ? ""
      : `  cd ${escapeText(shown.includes(" ") ? JSON.stringify(shown) : shown)}\n`;
  output.out(
    `\nNext steps:\n${cd}` +
      `  npm install                       # installs thulium-campaigns from ${escapeText(installFrom)}\n` +
      "  # edit campaigns/example.yaml: put one of your Thulium campaign ids in it\n" +
      "  npx thulium-campaigns validate\n" +
      "  npx thulium-campaigns plan\n" +
      "  npx thulium-campaigns apply --sandbox   # try it against the built-in sandbox\n" +
      '  git init && git add . && git commit -m "Campaigns managed by thulium-campaigns"\n' +
      "Then push it to GitHub, add the repository secrets THULIUM_URL, THULIUM_USER and\n" +
      "THULIUM_PASSWORD, and open a pull request: CI comments the plan and applies it on merge.\n" +
      "Before that, put the owner of the thulium-campaigns action in place of <owner> in the\n" +
      "`uses:` lines of .github/workflows/ (CI installs the tool with that action).\n" +
      (args["with-drift"]
        ? `${DRIFT_WORKFLOW_PATH} runs \`drift\` daily and keeps one issue open while Thulium\ndiffers from what was applied (it needs \`issues: write\`, which it asks for).\n`
        : "For a daily drift check that keeps one issue open while Thulium differs from what was\napplied, run init with --with-drift in a new folder, or copy\nexamples/github-actions/thulium-campaigns-drift.yml from the package.\n"),
  );
}

/**
 * The npm spec the new package.json installs thulium-campaigns from: `--install-from`
 * as given, or where this tool runs from. A spec npm cannot read fails at `npm install`
 * with npm's own message; only an empty one is refused here.
 */
function installSpec(given: string | undefined): string {
  if (given === undefined) return runningToolSpec();
  if (given.trim() === "")
    throw new UsageError(
      "--install-from needs an npm install spec, e.g. file:../thulium-campaigns, git+https://github.com/OWNER/thulium-campaigns.git or ^0.1.0.",
    );
  return given.trim();
}

/** The target may be missing (it is created) or a folder; anything else is refused. */
async function assertFolderOrMissing(dir: string, shown: string): Promise<void> {
  try {
    if (!(await stat(dir)).isDirectory())
      throw new UsageError(`${shown} exists and is not a folder; init needs a folder.`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
