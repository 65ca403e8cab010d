/**
 * Bad-input corpus, `_defaults.yaml` files (issue 14 item 1). Every case: exit 1, one clear
 * paragraph at file:line:col, no stack trace, no request sent, nothing written (see
 * helpers/corpus.ts). The campaigns are the corpus's two valid ones, in `campaigns/`.
 */
import { describe, expect, it } from "vitest";
import { type Case, runCase } from "./helpers/corpus.js";

const INVALID_FILES = /Campaign files are invalid; nothing was sent/;

const cases: Case[] = [
  {
    name: "an id in a defaults file",
    files: { "campaigns/_defaults.yaml": 'group_id: 3\nid: "00009"\n' },
    stderr:
      /campaigns\/_defaults\.yaml:2:1 error \/id: a defaults file has no id: its fields apply to every campaign in its folder and below; declare a campaign, with its id, in a file of its own\n/,
  },
  {
    name: "an unknown field (id not among the allowed ones)",
    args: ["plan"],
    files: { "campaigns/_defaults.yaml": "# shared\ngroup: 3\n" },
    stderr:
      /campaigns\/_defaults\.yaml:2:1 error \/group: unknown field "group"; allowed: name, dialer, active, start_date, end_date, order, parity, group_id, parameters, agents, agents_policy\n/,
  },
  {
    name: "a value out of range in a subfolder's defaults",
    files: {
      "campaigns/sales/_defaults.yaml": "parity: 101\n",
      "campaigns/sales/x.yaml": 'id: "00007"\nname: X\n',
    },
    stderr: /campaigns\/sales\/_defaults\.yaml:1:9 error \/parity: /,
  },
  {
    name: "a list instead of a mapping",
    args: ["plan"],
    files: { "campaigns/_defaults.yaml": "- group_id: 3\n" },
    stderr:
      /campaigns\/_defaults\.yaml:1:1 error a defaults file must be a mapping of campaign fields \(group_id: 15, parameters: …\), not a list\n/,
  },
  {
    name: "two documents",
    files: { "campaigns/_defaults.yaml": "group_id: 3\n---\norder: 4\n" },
    stderr: /campaigns\/_defaults\.yaml:3:1 error a defaults file holds one YAML document/,
  },
  {
    name: "a YAML syntax error",
    args: ["plan"],
    files: { "campaigns/_defaults.yaml": 'parameters:\n  caller_id: "123\n' },
    stderr: /campaigns\/_defaults\.yaml:2:14 error the " quote opened here is never closed/,
  },
  {
    name: "two defaults files in one folder",
    files: {
      "campaigns/_defaults.yaml": "group_id: 3\n",
      "campaigns/_defaults.yml": "order: 4\n",
    },
    stderr:
      /campaigns\/_defaults\.yml error a second defaults file in this folder: keep one _defaults\.yaml per folder \(merge the two\)\n/,
  },
  {
    name: "an inherited value breaking a rule of one campaign",
    files: {
      "campaigns/_defaults.yaml": '# shared\nend_date: "2020-01-01"\n',
      "campaigns/x.yaml": 'id: "00007"\nstart_date: "2027-01-01"\n',
    },
    stderr:
      /campaigns\/_defaults\.yaml:2:11 error \/end_date: end_date 2020-01-01 is before start_date 2027-01-01; campaign 00007 \(campaigns\/x\.yaml\) inherits this value from here/,
  },
  {
    name: "a login listed twice in inherited agents",
    files: { "campaigns/_defaults.yaml": "agents: [anowak, anowak]\n" },
    stderr: /campaigns\/_defaults\.yaml:1:18 error \/agents\/1: login "anowak" is already listed/,
  },
];

describe("bad input: defaults files (issue 14)", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const result = await runCase(c);
    expect(result.stderr).toMatch(INVALID_FILES);
  });
});
