/**
 * Bad-input corpus: project settings (thulium-campaigns.yaml, --config) and the flags that
 * go with them, given to the built CLI. Every case: exit 1, one clear paragraph, no stack
 * trace, no request sent, no file written or changed (see helpers/corpus.ts).
 */
import { describe, it } from "vitest";
import { type Case, runCase } from "./helpers/corpus.js";

const SETTINGS = "thulium-campaigns.yaml";
const settings = (text: string) => ({ [SETTINGS]: text });
const INVALID = /The settings file thulium-campaigns\.yaml is invalid; nothing was done\./;

const cases: Case[] = [
  {
    name: "YAML syntax error",
    files: settings('dir: "campaigns\n'),
    stderr: /thulium-campaigns\.yaml:1:6 error/,
  },
  {
    name: "a list instead of a mapping",
    files: settings("- dir: campaigns\n"),
    stderr: /thulium-campaigns\.yaml:1:1 error the settings file must be a mapping of settings/,
  },
  {
    name: "two YAML documents",
    files: settings("dir: campaigns\n---\nstate: x.json\n"),
    stderr: /thulium-campaigns\.yaml:3:1 error a settings file holds one YAML document/,
  },
  {
    name: "unknown key with a suggestion",
    files: settings("safety:\n  max_deactivation: 3\n"),
    stderr:
      /:2:3 error \/safety\/max_deactivation: unknown key under safety "max_deactivation"; did you mean "max_deactivations"\?/,
  },
  {
    name: "concurrency out of range",
    files: settings("concurrency: 0\n"),
    stderr: /:1:14 error \/concurrency: must be a whole number from 1 to 64, not 0/,
  },
  {
    name: "percent as text",
    files: settings("safety:\n  max_changed_percent: 30%\n"),
    stderr: /:2:24 error \/safety\/max_changed_percent: must be a number, not the text "30%"/,
  },
  {
    name: "allow as a single string, not a list",
    files: settings('windows:\n  allow: "mon-fri 08:00-20:00"\n'),
    stderr: /:2:10 error \/windows\/allow: must be a list/,
  },
  {
    name: "empty allow list",
    files: settings("windows:\n  allow: []\n"),
    stderr: /must list at least one window; leave allow out to allow every hour/,
  },
  {
    name: "impossible freeze date",
    files: settings('windows:\n  freeze: ["2026-02-29..2026-03-02"]\n'),
    stderr:
      /:2:12 error \/windows\/freeze\/0: "2026-02-29\.\.2026-03-02": 2026-02-29 is not a real calendar date/,
  },
  {
    name: "unknown time zone",
    files: settings("windows:\n  timezone: CET+1\n"),
    stderr: INVALID,
  },
  {
    name: "--config naming a folder",
    args: ["apply", "--auto-approve", "--config", "campaigns"],
    stderr: /^Error: The settings file campaigns is not a regular file\.\n$/,
  },
  {
    name: "--config naming a missing file",
    args: ["plan", "--config", "settings/ci.yaml"],
    stderr: /Cannot read the settings file settings\/ci\.yaml \(--config\): there is no such file/,
  },
  {
    name: "dir in the settings pointing nowhere",
    files: settings("dir: nowhere\n"),
    stderr: /folder not found: looked for .*nowhere/,
  },
];

describe("bad settings input (built CLI)", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});
