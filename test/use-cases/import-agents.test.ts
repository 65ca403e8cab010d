/** The import use case with --with-agents (issue 13 item 6): ports as plain functions. */
import { describe, expect, it } from "vitest";
import type { LiveCampaign } from "../../src/core/live-campaign.js";
import { emptyState } from "../../src/core/state.js";
import { ApiError } from "../../src/errors.js";
import type { ImportFilePlan } from "../../src/io/campaign-files/prepare-import.js";
import { type ImportCandidate, type ImportDeps, runImport } from "../../src/use-cases/import.js";

const live = (id: string): LiveCampaign => ({ id, fields: { name: `C${id}` }, unreadable: [] });

function deps(readAgents: ImportDeps["readAgents"]) {
  const calls = { prepared: [] as ImportCandidate[], write: 0, record: [] as unknown[] };
  const d: ImportDeps = {
    declared: [],
    state: emptyState(),
    readList: async () => ({
      campaigns: [live("00001"), live("00002")],
      skipped: 0,
      duplicates: 0,
      requests: 1,
      where: "body",
      fieldsShown: ["name"],
    }),
    prepare: async (chosen): Promise<ImportFilePlan> => {
      calls.prepared.push(...chosen);
      const files = chosen.map((c) => ({
        id: c.id,
        absolute: `/x/c${c.id}.yaml`,
        file: `campaigns/c${c.id}.yaml`,
        text: "",
        fields: { name: c.fields.name ?? "" },
        ...(c.agents === undefined ? {} : { agents: [...c.agents] }),
        issues: [],
        valid: true,
      }));
      return { dir: "/x", shownDir: "campaigns", write: files, skipped: [] };
    },
    write: async (plan) => {
      calls.write += 1;
      return plan.write;
    },
    record: async (entries) => {
      calls.record.push(entries);
    },
    ...(readAgents === undefined ? {} : { readAgents }),
  };
  return { d, calls };
}

const request = { ids: [], all: true, includeInvalid: false, dryRun: false, withAgents: true };

describe("import --with-agents", () => {
  it("reads the chosen campaigns' members and records them as the tool's own", async () => {
    const asked: string[][] = [];
    const { d, calls } = deps(async (ids) => {
      asked.push([...ids]);
      return new Map([
        ["00001", { logins: ["anowak", "kwojcik"], skipped: 0 }],
        ["00002", { logins: [], skipped: 1 }],
      ]);
    });
    await runImport(request, d);
    expect(asked).toEqual([["00001", "00002"]]);
    expect(calls.prepared.map((c) => [c.id, c.agents, c.agentsSkipped])).toEqual([
      ["00001", ["anowak", "kwojcik"], 0],
      ["00002", [], 1],
    ]);
    expect(calls.record).toEqual([
      {
        "00001": {
          fields: { name: "C00001" },
          source: "campaigns/c00001.yaml",
          agents: ["anowak", "kwojcik"],
        },
        "00002": { fields: { name: "C00002" }, source: "campaigns/c00002.yaml", agents: [] },
      },
    ]);
  });

  it("writes and records nothing when a members read fails", async () => {
    const { d, calls } = deps(async () => {
      throw new ApiError("Campaign 00002: HTTP 500", { messages: [], fatal: false });
    });
    await expect(runImport(request, d)).rejects.toThrow(/HTTP 500/);
    expect(calls.prepared).toEqual([]);
    expect(calls.write).toBe(0);
    expect(calls.record).toEqual([]);
  });

  it("reads no members without the flag", async () => {
    let read = false;
    const { d, calls } = deps(async () => {
      read = true;
      return new Map();
    });
    await runImport({ ...request, withAgents: false }, d);
    expect(read).toBe(false);
    expect(calls.prepared.every((c) => c.agents === undefined)).toBe(true);
  });
});
