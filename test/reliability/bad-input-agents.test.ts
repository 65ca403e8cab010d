/**
 * Bad-input corpus, agents in campaign files (issue 13 item 1): the built CLI given each
 * case. Every case: exit 1, one clear paragraph at file:line:col, no stack trace, no
 * request sent, nothing written (see helpers/corpus.ts).
 */
import { describe, expect, it } from "vitest";
import { type Case, runCase } from "./helpers/corpus.js";

type FileCase = Case & { stdout?: RegExp };

const INVALID_FILES = /Campaign files are invalid; nothing was sent/;

const cases: FileCase[] = [
  {
    name: "a login listed twice, with apply: the error is at the second listing",
    files: {
      "campaigns/dup.yaml":
        'id: "00003"\nname: A\nagents:\n  - anowak\n  - jkowalski\n  - anowak\n',
    },
    stderr:
      /campaigns\/dup\.yaml:6:5 error \/agents\/2: login "anowak" is already listed at line 4; list each login once\n/,
  },
  {
    name: "a login listed twice in a flow list, with validate",
    args: ["validate"],
    files: { "campaigns/dup.yaml": 'id: "00003"\nagents: [anowak, anowak]\n' },
    stderr: /^$/,
    stdout:
      /campaigns\/dup\.yaml:2:18 error \/agents\/1: login "anowak" is already listed at line 2; list each login once\n/,
  },
  {
    name: "a login with a space, with plan",
    args: ["plan"],
    files: { "campaigns/bad.yaml": 'id: "00003"\nagents:\n  - "jan kowalski"\n' },
    stderr:
      /campaigns\/bad\.yaml:3:5 error \/agents\/0: must be a Thulium agent login \(letters, digits and \. _ - @, starting with a letter or digit, at most 64 characters\), such as "jkowalski", not "jan kowalski"\n/,
  },
  {
    name: "agents as one text instead of a list",
    args: ["plan"],
    files: { "campaigns/bad.yaml": 'id: "00003"\nagents: anowak, jkowalski\n' },
    stderr: /campaigns\/bad\.yaml:2:9 error \/agents: must be a list of agent logins/,
  },
  {
    name: "agents_policy misspelt",
    files: { "campaigns/bad.yaml": 'id: "00003"\nagents: [anowak]\nagents_policy: exakt\n' },
    stderr:
      /campaigns\/bad\.yaml:3:16 error \/agents_policy: must be one of owned, exact; did you mean "exact"\?\n/,
  },
  {
    name: "a login written as a number",
    args: ["plan"],
    files: { "campaigns/bad.yaml": 'id: "00003"\nagents:\n  - 3113\n' },
    stderr:
      /bad\.yaml:3:5 error \/agents\/0: must be a login written as text, not the number 3113; quote it: "3113"\n/,
  },
];

describe("bad input: agents (issue 13)", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const result = await runCase(c);
    if (c.stdout !== undefined) expect(result.stdout).toMatch(c.stdout);
    if (c.args?.[0] !== "validate") expect(result.stderr).toMatch(INVALID_FILES);
  });
});
