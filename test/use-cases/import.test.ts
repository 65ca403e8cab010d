/**
 * The import use case with its ports as plain functions: what is refused before anything
 * is written, what is recorded, and that --dry-run neither writes nor records.
 */
import { describe, expect, it } from "vitest";
import type { LiveCampaign } from "../../src/core/live-campaign.js";
import { emptyState, type State } from "../../src/core/state.js";
import type { ImportFile, ImportFilePlan } from "../../src/io/campaign-files/prepare-import.js";
import {
  closestIds,
  type ImportDeps,
  parseCampaignId,
  runImport,
} from "../../src/use-cases/import.js";

const live = (id: string, order = 1): LiveCampaign => ({
  id,
  fields: { name: `C${id}`, order },
  unreadable: [],
});

function file(campaign: LiveCampaign): ImportFile {
  const valid = (campaign.fields.order ?? 1) > 0;
  return {
    id: campaign.id,
    absolute: `/x/campaigns/c${campaign.id}.yaml`,
    file: `campaigns/c${campaign.id}.yaml`,
    text: "",
    fields: { name: campaign.fields.name ?? "", order: campaign.fields.order ?? 1 },
    issues: [],
    valid,
  };
}

function deps(campaigns: LiveCampaign[], state: State = emptyState()) {
  const calls = { write: 0, record: [] as Record<string, unknown>[] };
  const d: ImportDeps = {
    declared: [
      { id: "00001", fields: {}, location: { file: "campaigns/one.yaml", line: 1, column: 1 } },
    ],
    state,
    readList: async () => ({
      campaigns,
      skipped: 0,
      duplicates: 0,
      requests: 1,
      where: "body",
      fieldsShown: ["name", "order"],
    }),
    prepare: async (chosen, includeInvalid): Promise<ImportFilePlan> => {
      const files = chosen.map(file);
      return {
        dir: "/x/campaigns",
        shownDir: "campaigns",
        write: files.filter((f) => f.valid || includeInvalid),
        skipped: files.filter((f) => !f.valid && !includeInvalid),
      };
    },
    write: async (plan) => {
      calls.write += 1;
      return plan.write;
    },
    record: async (entries) => {
      calls.record.push(entries);
    },
  };
  return { d, calls };
}

const request = { ids: [] as string[], all: false, includeInvalid: false, dryRun: false };

describe("import use case", () => {
  it("parses 42 and 00042 alike, and refuses anything else", () => {
    expect(parseCampaignId("42")).toBe("00042");
    expect(parseCampaignId("00042")).toBe("00042");
    for (const bad of ["", "0", "abc", "123456", "-1", "4.2"])
      expect(() => parseCampaignId(bad)).toThrow(/is not a campaign id/);
  });

  it("names the nearest live ids", () => {
    expect(closestIds("00050", ["00001", "00048", "00049", "00052", "00900"])).toEqual([
      "00048",
      "00049",
      "00052",
    ]);
  });

  it("refuses declared, managed and unknown ids together, before writing anything", async () => {
    const state = emptyState();
    state.campaigns["00002"] = { fields: { name: "x" }, source: "campaigns/gone.yaml" };
    const { d, calls } = deps([live("00001"), live("00002"), live("00003")], state);
    await expect(runImport({ ...request, ids: ["1", "2", "7", "3"] }, d)).rejects.toThrow(
      /^Nothing was imported or written: campaign 00001 is already declared in campaigns\/one\.yaml; campaign 00002 is already in the state .*; campaign 00007 is not in Thulium's list \(closest ids: 00001, 00002, 00003\)\./,
    );
    expect(calls).toEqual({ write: 0, record: [] });
  });

  it("--all imports only what nobody manages, records valid files in one write, skips invalid ones", async () => {
    const { d, calls } = deps([live("00001"), live("00002"), live("00003", 0)]);
    const result = await runImport({ ...request, all: true }, d);
    expect(result.written.map((f) => f.id)).toEqual(["00002"]);
    expect(result.invalid.map((f) => f.id)).toEqual(["00003"]);
    expect(result.alreadyManaged).toBe(1);
    expect(calls.record).toEqual([
      { "00002": { fields: { name: "C00002", order: 1 }, source: "campaigns/c00002.yaml" } },
    ]);
  });

  it("--include-invalid writes the invalid file but does not record it", async () => {
    const { d, calls } = deps([live("00003", 0)]);
    const result = await runImport({ ...request, ids: ["3"], includeInvalid: true }, d);
    expect(result.writtenInvalid.map((f) => f.id)).toEqual(["00003"]);
    expect(calls.write).toBe(1);
    expect(calls.record).toEqual([]);
  });

  it("--dry-run neither writes nor records", async () => {
    const { d, calls } = deps([live("00002")]);
    const result = await runImport({ ...request, all: true, dryRun: true }, d);
    expect(result.written.map((f) => f.id)).toEqual(["00002"]);
    expect(calls).toEqual({ write: 0, record: [] });
  });

  it("neither ids nor --all, or both, is a usage error before the list is read", async () => {
    const { d } = deps([]);
    d.readList = async () => {
      throw new Error("must not be read");
    };
    await expect(runImport(request, d)).rejects.toThrow(/--all/);
    await expect(runImport({ ...request, all: true, ids: ["1"] }, d)).rejects.toThrow(/not both/);
  });
});
