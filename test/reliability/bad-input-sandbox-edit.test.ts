/**
 * Bad-input corpus, `sandbox edit`: malformed assignments, ids, URLs and data files send
 * nothing and touch no file; a server that is not a sandbox (or none at all) gets a
 * readable message. Every case: exit 1, one paragraph, no stack (helpers/corpus.ts).
 */
import type { ServerResponse } from "node:http";
import { createServer } from "node:net";
import { beforeAll, describe, it } from "vitest";
import { type Behaviour, type Case, runCase } from "./helpers/corpus.js";

let closedPort = 0;
beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

const DATA = JSON.stringify({
  version: 1,
  campaigns: [
    { id: "00001", name: "A", active: true, start_date: "2027-01-01", order: 1, parity: 50 },
  ],
});

/** `sandbox edit ARGS --url <the case's counting server>`. */
function againstServer(
  name: string,
  edit: string[],
  rest: Omit<Case, "name" | "args" | "setup">,
): Case {
  const args = ["sandbox", "edit", ...edit];
  const base = args.length;
  return {
    name,
    args,
    ...rest,
    setup: async (_workspace, server) => {
      args.length = base;
      args.push("--url", server.url);
    },
  };
}

function answer(status: number, body: string, type = "application/json"): Behaviour {
  return (_req, res: ServerResponse) => {
    res.writeHead(status, { "Content-Type": type });
    res.end(body);
  };
}

const input: Case[] = [
  againstServer("an unknown field", ["00001", "ordr=5"], {
    stderr: /Unknown field "ordr" in "ordr=5"\. Did you mean order\?/,
  }),
  againstServer("an assignment without =", ["00001", "order"], {
    stderr: /"order" is not FIELD=VALUE/,
  }),
  againstServer("an id that is not digits", ["abc", "order=5"], {
    stderr: /"abc" is not a campaign id/,
  }),
  againstServer("the whole parameters map", ["00001", "parameters={}"], {
    stderr: /set parameters one at a time/,
  }),
  againstServer("a list as a value", ["00001", "order=[1, 2]"], {
    stderr: /order: "\[1, 2\]" is not a single value/,
  }),
  againstServer("no change named", ["00001"], {
    // FIELD=VALUE became optional with --add-agent/--remove-agent (issue 13): one of them is needed.
    stderr:
      /Say what to change: FIELD=VALUE \(e\.g\. order=99\), --add-agent LOGIN or --remove-agent LOGIN\./,
  }),
  {
    name: "neither --url nor --data",
    args: ["sandbox", "edit", "00001", "order=5"],
    stderr: /Say which sandbox to edit: --url .* or --data FILE/,
  },
  {
    name: "both --url and --data",
    args: [
      "sandbox",
      "edit",
      "00001",
      "order=5",
      "--url",
      "http://127.0.0.1:1/api",
      "--data",
      "x.json",
    ],
    stderr: /mutually exclusive/,
  },
  {
    name: "a URL off this machine",
    args: ["sandbox", "edit", "00001", "order=5", "--url", "https://acme.thulium.com/api"],
    stderr: /changes only a sandbox on this machine .*not https:\/\/acme\.thulium\.com/,
  },
  {
    name: "a URL that is not one",
    args: ["sandbox", "edit", "00001", "order=5", "--url", "127.0.0.1:8080"],
    stderr: /--url "127\.0\.0\.1:8080" is not a URL|changes only a sandbox on this machine/,
  },
  {
    name: "a data file that does not exist",
    args: ["sandbox", "edit", "00001", "order=5", "--data", "nope.json"],
    stderr: /Sandbox data file .*nope\.json does not exist/,
  },
  {
    name: "a folder as the data file",
    args: ["sandbox", "edit", "00001", "order=5", "--data", "campaigns"],
    stderr: /Sandbox data file .*campaigns is not a regular file/,
  },
  {
    name: "a corrupt data file",
    files: { "data.json": "{oops" },
    args: ["sandbox", "edit", "00001", "order=5", "--data", "data.json"],
    stderr: /Sandbox data file .*data\.json is not valid JSON/,
  },
  {
    name: "a data file without that campaign",
    files: { "data.json": DATA },
    args: ["sandbox", "edit", "00009", "order=5", "--data", "data.json"],
    stderr: /Sandbox data file .*data\.json has no campaign 00009\./,
  },
  {
    name: "a value of the wrong type, in a data file",
    files: { "data.json": DATA },
    args: ["sandbox", "edit", "00001", "active=maybe", "--data", "data.json"],
    stderr: /The sandbox refused the edit: Field active must be a boolean\./,
  },
];

const answers: Case[] = [
  {
    name: "nothing listening",
    args: ["sandbox", "edit", "00001", "order=5"],
    setup: async () => {},
    stderr: /No sandbox answers at http:\/\/127\.0\.0\.1:\d+\/api \(ECONNREFUSED\): start one/,
  },
  againstServer("401", ["00001", "order=5"], {
    server: answer(401, '{"errors":[{"message":"Wrong user or password.","code":1401}]}'),
    sendsRequests: true,
    stderr: /refused the credentials: set THULIUM_USER and THULIUM_PASSWORD/,
  }),
  againstServer("not a sandbox: 404 for the route", ["00001", "order=5"], {
    server: answer(404, '{"errors":[{"message":"Unknown URI.","code":1}]}'),
    sendsRequests: true,
    stderr: /answered HTTP 404 to the edit \(Unknown URI\.\): is it a thulium-campaigns sandbox/,
  }),
  againstServer("an HTML page with 200", ["00001", "order=5"], {
    server: answer(200, "<html><title>Hi</title></html>", "text/html"),
    sendsRequests: true,
    stderr: /answered HTTP 200 to the edit: is it a thulium-campaigns sandbox/,
  }),
  againstServer("control characters in the server's message", ["00001", "order=5"], {
    server: answer(500, '{"errors":[{"message":"bad\\u001b[31m\\u009b\\u202e news"}]}'),
    sendsRequests: true,
    stderr: /\(bad\\u001b\[31m\\u009b\\u202e news\)/,
  }),
];

// "nothing listening" needs the closed port, known only once beforeAll ran.
const nothingListening = answers[0] as Case;
nothingListening.setup = async () => {
  nothingListening.args = [
    "sandbox",
    "edit",
    "00001",
    "order=5",
    "--url",
    `http://127.0.0.1:${closedPort}/api`,
  ];
};

describe("bad input to sandbox edit (nothing is sent, no file touched)", () => {
  it.each(input.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});

describe("bad answers to sandbox edit", () => {
  it.each(answers.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await runCase(c);
  });
});
