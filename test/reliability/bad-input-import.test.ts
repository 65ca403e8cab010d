/**
 * The bad-input corpus for the `import` command through the built CLI: every case exits 1
 * with one paragraph naming the problem and the fix, no stack, and leaves every file as it
 * was (runCase checks all of it); cases refused before Thulium is read send no request.
 */
import type { ServerResponse } from "node:http";
import { describe, it } from "vitest";
import { type Case, runCase } from "./helpers/corpus.js";

/** A list of two live campaigns, 00001 and 00002. */
function list(_req: unknown, res: ServerResponse): void {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(
    JSON.stringify([
      { id: "00001", name: "A", dialer: "preview", order: 1 },
      { id: 2, name: "B", dialer: "preview", order: 2 },
    ]),
  );
}

function html(_req: unknown, res: ServerResponse): void {
  res.writeHead(200, { "Content-Type": "text/html" });
  res.end("<html><body>Login</body></html>");
}

const CASES: Case[] = [
  { name: "no ids and no --all", args: ["import"], stderr: /Name the campaigns to import.*--all/ },
  { name: "ids and --all", args: ["import", "5", "--all"], stderr: /either campaign ids or --all/ },
  {
    name: "an id that is not a number",
    args: ["import", "abc"],
    stderr: /"abc" is not a campaign id/,
  },
  { name: "an id of six digits", args: ["import", "123456"], stderr: /at most five digits/ },
  {
    name: "an invalid campaign file under --dir",
    args: ["import", "--all"],
    campaigns: [{ id: "00009", order: 0 }],
    stderr: /order/,
  },
  {
    name: "an id declared already",
    args: ["import", "1"],
    server: list,
    sendsRequests: true,
    stderr: /campaign 00001 is already declared in campaigns\/c00001\.yaml/,
  },
  {
    name: "an id Thulium does not list",
    args: ["import", "7"],
    campaigns: [],
    server: list,
    sendsRequests: true,
    stderr: /campaign 00007 is not in Thulium's list \(closest ids: 00001, 00002\)/,
  },
  {
    name: "an HTML page instead of the list",
    args: ["import", "--all"],
    campaigns: [],
    server: html,
    sendsRequests: true,
    stderr: /doctor --show-shape/,
  },
  {
    name: "--dir is a file",
    args: ["import", "--all", "--dir", "campaigns/c00001.yaml/x"],
    campaigns: [{ id: "00001", name: "A" }],
    stderr: /not a folder|cannot be read|does not exist|not found/i,
  },
];

describe("bad input to import", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});
