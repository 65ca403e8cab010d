/**
 * Bad-input corpus, campaign files (issue 10: items 11, 15, 18, 19, 20): each case given to
 * the built CLI. Every case: exit 1, a clear one-paragraph message, no stack trace, no
 * request sent, no file written or changed (see helpers/corpus.ts). `validate` reports on
 * standard output, so its cases check that too.
 */
import { rm, symlink } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Case, runCase } from "./helpers/corpus.js";

/** A corpus case, plus what standard output must say (validate prints its report there). */
type FileCase = Case & { stdout?: RegExp };

const INVALID_FILES = /Campaign files are invalid; nothing was sent/;
const SECRET = "db_password=hunter2-never-print-this\n";

/** `campaigns/leak.yaml -> ../secret.conf`: a pull request's link to a file on the runner. */
const linkOutside: Case["setup"] = async (workspace) => {
  await workspace.writeFile("secret.conf", SECRET);
  await symlink("../secret.conf", path.join(workspace.campaignsDir, "leak.yaml"));
};

const LEAK_REFUSED =
  /campaigns\/leak\.yaml error symbolic link to secret\.conf, which is outside the folder campaigns; .*it was not read/;

/** The workspace folder the CLI ran in, for messages that name absolute paths. */
let workspaceDir = "";
const noCampaignsFolder: Case["setup"] = async (workspace) => {
  workspaceDir = workspace.dir;
  await rm(workspace.campaignsDir, { recursive: true });
};
const DIR_HINT =
  /folder not found: looked for \/.*campaigns \(campaigns from the current folder \/.*\); campaign files are read from the folder given with --dir \(default: campaigns\): run the command in the folder that holds it, or point --dir at your campaign files, e\.g\. --dir infra\/campaigns/;

const cases: FileCase[] = [
  {
    name: "group_id past 2^53 (item 11)",
    fixtures: ["group-id-past-2-53.yaml"],
    stderr:
      /campaigns\/group-id-past-2-53\.yaml:3:11 error \/group_id: 9007199254740993 is too large to be sent exactly \(whole numbers go up to 9007199254740991, that is 2\^53 − 1\); it would be sent as 9007199254740992\n/,
  },
  {
    name: "parameters value past 2^53, in hex, with plan (item 11)",
    args: ["plan"],
    files: {
      "campaigns/big.yaml": 'id: "00003"\nparameters:\n  preview_timeout: 0x20000000000001\n',
    },
    stderr:
      /campaigns\/big\.yaml:3:20 error \/parameters\/preview_timeout: 0x20000000000001 is too large to be sent exactly/,
  },
  {
    name: "a link to a file outside campaigns/, with apply (item 15)",
    setup: linkOutside,
    stderr: LEAK_REFUSED,
    notStderr: /hunter2|db_password/,
  },
  {
    name: "a link to a file outside campaigns/, with plan as a fork's pull request runs it (item 15)",
    args: ["plan"],
    setup: linkOutside,
    stderr: LEAK_REFUSED,
    notStderr: /hunter2|db_password/,
  },
  {
    name: "a link to a file outside campaigns/, with validate (item 15)",
    args: ["validate"],
    setup: linkOutside,
    stderr: /^$/,
    stdout: LEAK_REFUSED,
  },
  {
    name: "a link to a folder outside campaigns/ (item 15)",
    setup: async (workspace) => {
      await workspace.writeFile("elsewhere/b.yaml", SECRET);
      await symlink("../elsewhere", path.join(workspace.campaignsDir, "shared"));
    },
    stderr:
      /campaigns\/shared error symbolic link to elsewhere, which is outside the folder campaigns; .*it was not entered/,
    notStderr: /hunter2|db_password/,
  },
  {
    name: "a long line of file content is quoted only in part (item 15)",
    fixtures: ["long-value-excerpt.yaml"],
    stderr: /not the text "password=correct-horse-battery-staple-9f…"\n/,
    notStderr: /8e7d6c5b4a39281706f5e4d3c2b1a0/,
  },
  {
    name: "dialer written with a capital letter (item 18)",
    fixtures: ["dialer-wrong-case.yaml"],
    stderr:
      /dialer-wrong-case\.yaml:3:9 error \/dialer: must be one of predictive, progressive, preview; did you mean "predictive"\? \(values are lower case\)\n/,
  },
  {
    name: "dialer misspelt (item 18)",
    args: ["plan"],
    fixtures: ["dialer-typo.yaml"],
    stderr:
      /dialer-typo\.yaml:3:9 error \/dialer: must be one of predictive, progressive, preview; did you mean "predictive"\?\n/,
  },
  {
    name: "unclosed quote, reported where it opened (item 19)",
    fixtures: ["syntax-unclosed-quote.yaml"],
    stderr:
      /campaigns\/syntax-unclosed-quote\.yaml:3:7 error the " quote opened here is never closed; end the value with a closing "\n/,
  },
  {
    name: "unclosed single quote in the middle of a file (item 19)",
    args: ["validate"],
    files: { "campaigns/single.yaml": "id: '00003'\nname: 'Kampania\norder: 10\nparity: 5\n" },
    stderr: /^$/,
    stdout:
      /campaigns\/single\.yaml:2:7 error the ' quote opened here is never closed; end the value with a closing '\n/,
  },
  {
    name: "no campaigns/ folder, with apply (item 20)",
    setup: noCampaignsFolder,
    stderr: DIR_HINT,
  },
  {
    name: "no campaigns/ folder, with plan (item 20)",
    args: ["plan"],
    setup: noCampaignsFolder,
    stderr: DIR_HINT,
  },
  {
    name: "no campaigns/ folder, with validate (item 20)",
    args: ["validate"],
    setup: noCampaignsFolder,
    stderr: /^$/,
    stdout: DIR_HINT,
  },
];

describe("bad input: campaign files (issue 10)", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const result = await runCase(c);
    if (c.stdout !== undefined) expect(result.stdout).toMatch(c.stdout);
    if (c.args?.[0] !== "validate") expect(result.stderr).toMatch(INVALID_FILES);
  });

  it("names the absolute folder looked for, inside the folder the command ran in", async () => {
    const result = await runCase({
      name: "no campaigns/ folder",
      args: ["plan"],
      setup: noCampaignsFolder,
      stderr: DIR_HINT,
    });
    expect(result.stderr).toContain(
      `looked for ${path.join(workspaceDir, "campaigns")} (campaigns from the current folder ${workspaceDir})`,
    );
  });

  it("names --dir as given when it points somewhere else", async () => {
    const result = await runCase({
      name: "--dir at a missing folder",
      args: ["validate", "--dir", "infra/campaigns"],
      stderr: /^$/,
    });
    expect(result.stdout).toMatch(
      /^infra\/campaigns error folder not found: looked for \/.*\/infra\/campaigns \(infra\/campaigns from the current folder \/.*\); /,
    );
  });
});
