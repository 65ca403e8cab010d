/**
 * The sandbox data file is checked against schemas/sandbox-data.schema.json (compiled at
 * build time): a file the sandbox wrote matches it, and a hand-edited one that does not is
 * refused at start, naming the file and the field, before anything is served or rewritten.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIELD_ORDER } from "../../src/core/campaign.js";
import { CAMPAIGN_ID_PATTERN } from "../../src/core/campaign-id.js";
import { UsageError } from "../../src/errors.js";
import { startSandbox } from "../../src/sandbox/index.js";
import { PARAMETER_KEYS } from "../../src/sandbox/validate.js";
import { call } from "./helpers.js";

const SCHEMA = new URL("../../schemas/sandbox-data.schema.json", import.meta.url);

let dir: string;
let dataFile: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "sandbox-data-schema-"));
  dataFile = path.join(dir, "data.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CAMPAIGN = { id: "00001", active: true, start_date: "2027-01-01", order: 5, parity: 50 };

/** Starting a sandbox on `data` fails; the error, and the file left as it was. */
async function refused(data: string): Promise<UsageError> {
  await writeFile(dataFile, data);
  const error = await startSandbox({ dataFile }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect(await readFile(dataFile, "utf8")).toBe(data);
  return error as UsageError;
}

describe("schemas/sandbox-data.schema.json", () => {
  it("matches a data file the sandbox wrote, and names the fields the code knows", async () => {
    const sandbox = await startSandbox({ dataFile });
    await call(sandbox, "POST", "/outbounds", {
      json: { name: "A", dialer: "preview", parameters: { caller_id: "1", preview_timeout: 5 } },
    });
    await call(sandbox, "POST", "/outbounds/00001/add_agents", { json: { logins: ["anowak"] } });
    await sandbox.close();
    const schema = JSON.parse(await readFile(SCHEMA, "utf8"));
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    expect(validate(JSON.parse(await readFile(dataFile, "utf8"))), "written data").toBe(true);
    const { campaign } = schema.definitions;
    expect(campaign.properties.id.pattern).toBe(CAMPAIGN_ID_PATTERN);
    expect(Object.keys(campaign.properties)).toEqual(["id", ...FIELD_ORDER]);
    expect(Object.keys(campaign.properties.parameters.properties)).toEqual([...PARAMETER_KEYS]);
  });

  it("refuses a campaign field of the wrong type, naming the file and the field", async () => {
    const error = await refused(
      JSON.stringify({ version: 1, campaigns: [{ ...CAMPAIGN, order: "5" }] }),
    );
    expect(error.message).toBe(
      `Sandbox data file ${dataFile}: campaigns[0].order must be a whole number. Correct it, or delete the file to start afresh.`,
    );
  });

  it("refuses a roster agent's number of the wrong type (it was replaced by a default)", async () => {
    const error = await refused(
      JSON.stringify({ version: 1, campaigns: [], agents: [{ login: "zofia", number: 200 }] }),
    );
    expect(error.message).toMatch(/data\.json: agents\[0\]\.number must be a string\. "agents"/);
  });

  it("refuses `null`, which the hand-written check read as an object and crashed on", async () => {
    const error = await refused("null");
    expect(error.message).toBe(
      `Sandbox data file ${dataFile} is not a sandbox data file (version 1).`,
    );
  });

  it("refuses a field it does not know, which the next write would have dropped", async () => {
    const error = await refused(
      JSON.stringify({ version: 1, campaigns: [{ ...CAMPAIGN, ordr: 9 }] }),
    );
    expect(error.message).toContain(": campaigns[0].ordr is not a known field.");
  });

  it("refuses an id that is not five digits, and an id listed twice", async () => {
    const short = await refused(
      JSON.stringify({ version: 1, campaigns: [{ ...CAMPAIGN, id: "1" }] }),
    );
    expect(short.message).toContain(": campaigns[0].id must be a five-digit campaign id.");
    const twice = await refused(JSON.stringify({ version: 1, campaigns: [CAMPAIGN, CAMPAIGN] }));
    expect(twice.message).toContain(": campaigns[1].id repeats 00001.");
  });

  it("keeps the roster's defaults for what an agent leaves out", async () => {
    await writeFile(
      dataFile,
      JSON.stringify({ version: 1, campaigns: [CAMPAIGN], agents: [{ login: "zofia" }] }),
    );
    const sandbox = await startSandbox({ dataFile });
    try {
      expect(sandbox.store.agents.roster()).toEqual([
        { login: "zofia", number: "3101", active: true, agent_id: 11 },
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it("an admin edit stores only what the data file takes back: any dialer name, as text; any whole number", async () => {
    const sandbox = await startSandbox({ dataFile });
    const edit = (changes: Record<string, unknown>) =>
      call({ url: new URL(sandbox.url).origin }, "POST", "/_sandbox/outbounds/00001/edit", {
        json: changes,
      });
    try {
      await call(sandbox, "POST", "/outbounds", { json: { name: "A" } });
      const number = await edit({ dialer: 5 });
      expect(number.status).toBe(400);
      expect(number.body).toMatchObject({
        errors: [{ message: "Field dialer must be a string.", code: 1004 }],
      });
      // Ranges are not checked, whole numbers past 2^53 included: the file takes them back.
      expect((await edit({ dialer: "manual", order: 1e20 })).status).toBe(200);
    } finally {
      await sandbox.close();
    }
    const again = await startSandbox({ dataFile });
    expect(again.store.get("00001")).toMatchObject({ dialer: "manual", order: 1e20 });
    await again.close();
  });
});
