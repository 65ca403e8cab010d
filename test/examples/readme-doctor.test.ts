/**
 * The README's `doctor` sample is what the code prints: the same set-up (41 campaigns in a
 * list without `parameters` and `group_id`, statistics refused with 403, one declared id
 * Thulium lacks) run through the use case and the text renderer gives exactly that block.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { Output } from "../../src/cli/output.js";
import { renderDoctorText } from "../../src/cli/render/doctor-text.js";
import { ApiError } from "../../src/errors.js";
import { runDoctor } from "../../src/use-cases/doctor.js";

const README = new URL("../../README.md", import.meta.url);
const PROMPT = "$ npx thulium-campaigns doctor\n";

const plain: Output = {
  out: () => undefined,
  err: () => undefined,
  color: false,
  interactive: false,
  paint: (_style, text) => text,
};

const ids = Array.from({ length: 41 }, (_, i) => String(i + 1).padStart(5, "0"));
const items = ids.map((id) => ({
  id,
  name: "Kampania",
  dialer: "preview",
  active: true,
  start_date: "2027-01-04",
  end_date: null,
  order: 10,
  parity: 50,
}));
const forbidden = new ApiError("Reading campaign statistics: HTTP 403", {
  status: 403,
  messages: [],
  fatal: true,
  kind: "http",
});

describe("README doctor sample", () => {
  it("is exactly what doctor prints for the set-up it shows", async () => {
    const result = await runDoctor({
      nodeVersion: "20.19.2",
      env: {
        THULIUM_URL: "https://acme.thulium.com/api",
        THULIUM_USER: "u",
        THULIUM_PASSWORD: "p",
      },
      target: { kind: "env" },
      loadCampaignFiles: async () => ({
        files: 38,
        declared: 40,
        validIds: [...ids.slice(0, 39), "00077"],
        issues: [],
      }),
      readState: async () => ({
        version: 1,
        lineage: "0b8e2f8e-5b1a-4f57-9d1c-6f0d1c6f0d1c",
        serial: 12,
        target: "https://acme.thulium.com/api",
        campaigns: Object.fromEntries(
          ids.slice(0, 39).map((id) => [id, { fields: {}, source: "x" }]),
        ),
      }),
      readLock: async () => ({ kind: "free" }),
      probe: async () => ({ kind: "answered", status: 401 }),
      createApi: () => ({
        redact: (text) => text,
        getText: async (path) => {
          if (path === "/outbounds") return JSON.stringify(items);
          throw forbidden;
        },
      }),
      labels: {
        dir: "campaigns/",
        stateFile: ".thulium/state.json",
        lockFile: ".thulium/state.json.lock",
        validate: "thulium-campaigns validate",
      },
      showShape: false,
    });
    const readme = await readFile(README, "utf8");
    const start = readme.indexOf(PROMPT) + PROMPT.length;
    const sample = readme.slice(start, readme.indexOf("```\n", start));
    expect(renderDoctorText(result, plain)).toBe(sample);
  });
});
