/**
 * The fast reader of plain campaign files (io/campaign-files/plain-yaml.ts) against the
 * yaml library read the way parse-documents.ts reads it: whatever the fast reader accepts
 * must come out exactly as yaml makes it (data, and the line, column and source text of
 * every pointer, present or missing); what it cannot be sure of it must refuse. Thousands
 * of generated files, near misses included, and the shapes it must accept.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { campaignFields, campaignId, campaignYaml } from "../../src/bench/generate.js";
import { readPlainDocuments } from "../../src/io/campaign-files/plain-yaml.js";
import { expectAgreement } from "./helpers/yaml-reference.js";

/** A small seeded generator, so a failure names a case that can be run again. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const scalar = () => (next() < 0.9 ? pick(GOOD) : pick(NEAR));
  return { next, pick, scalar };
}

/** What the fast reader takes. */
const GOOD = [
  "preview",
  "Kampania sprzedażowa 2027",
  "Odnowienia umów – klienci biznesowi",
  "Ankieta (po wizycie), etap 2/3; wersja+1",
  "a - b",
  "x_y",
  '"00001"',
  '"+48221234567"',
  "\"Kampania: #1 'x'\"",
  '""',
  "''",
  "'single # quoted'",
  "true",
  "false",
  "0",
  "7",
  "-12",
  "99999",
  "123456789012345",
  "1.2",
  "-0.5",
  "2.50",
  "0.0",
  "2027-01-04",
  "9999-99-99",
];
/** Near misses: the reader must refuse them or agree with yaml. */
const NEAR = [
  "-0",
  "007",
  "1234567890123456",
  "9007199254740993",
  "1e3",
  "1.",
  ".5",
  "+48",
  "0x1F",
  "0o17",
  ".inf",
  "-.Inf",
  ".nan",
  "~",
  "null",
  "Null",
  "NULL",
  "True",
  "FALSE",
  "yes",
  "no",
  "on",
  "y",
  "a: b",
  "a #b",
  "a#b",
  "a:b",
  "[x, y]",
  "{a: 1}",
  "&anchor x",
  "*alias",
  "!tag x",
  "!!str 12",
  "|",
  ">",
  "'it''s'",
  '"esc\\n"',
  '"a" b',
  "'a' b",
  "@at",
  "`tick",
  "%pct",
  "- item",
  "? key",
  "x  y",
  "trailing  ",
  "2027-01-04T10:00:00Z",
  "ż",
  "Ż1",
  "a\u00a0b",
  "ab\u00a0",
  "ab\u3000",
  "ab\u00a0 # c",
  "Zażółć gęślą jaźń",
  "Ünïcödé (x)",
  "comment # here",
  '"quoted" # here',
  "12 # twelve",
];
const KEYS = ["id", "name", "dialer", "order", "active", "parameters", "agents", "x_1", "_u"];
const ODD_KEYS = ["true", "null", "~", "__proto__", "1", "a b", "'q'", '"q"', "a-b", "Żółw"];
const INDENTS = ["  ", "    ", " ", "   "];

function generatedFile(seed: number): string {
  const { next, pick, scalar } = random(seed);
  const lines: string[] = [];
  if (next() < 0.2) lines.push("# yaml-language-server: $schema=../schemas/campaign.schema.json");
  if (next() < 0.15) lines.push("---");
  const documents = 1 + Math.floor(next() * 3);
  for (let d = 0; d < documents; d++) {
    if (d > 0) lines.push(next() < 0.05 ? "--- # next" : "---");
    const keys = 1 + Math.floor(next() * 6);
    for (let k = 0; k < keys; k++) {
      const key = next() < 0.05 ? pick(ODD_KEYS) : pick(KEYS);
      const roll = next();
      if (roll < 0.6) {
        lines.push(`${key}:${pick([" ", " ", "  "])}${scalar()}`);
      } else if (roll < 0.8) {
        lines.push(next() < 0.1 ? `${key}: # nested` : `${key}:`);
        const indent = pick(INDENTS);
        const entries = Math.floor(next() * 4);
        for (let e = 0; e < entries; e++) {
          const shift = next() < 0.05 ? " " : "";
          lines.push(`${indent}${shift}${pick(KEYS)}: ${scalar()}`);
          if (next() < 0.1) lines.push(pick(["", `${indent}# note`, "# note", "   "]));
        }
      } else if (roll < 0.95) {
        lines.push(`${key}:`);
        const indent = pick(["", ...INDENTS]);
        const items = Math.floor(next() * 4);
        for (let i = 0; i < items; i++) {
          lines.push(`${indent}-${pick([" ", " ", "  "])}${scalar()}`);
        }
      } else {
        lines.push(pick(["  id: 1", "\tid: 1", "id:\t1", "...", "%YAML 1.2", "- a", "id: 1\r"]));
      }
      if (next() < 0.1) lines.push(pick(["", "# comment", "  # indented comment", "  "]));
    }
  }
  if (next() < 0.1) lines.push("---");
  return lines.join("\n") + (next() < 0.8 ? "\n" : "");
}

describe("the fast reader of plain campaign files", () => {
  it("agrees with yaml on every generated file it accepts, and accepts most of them", () => {
    let accepted = 0;
    const cases = 4000;
    for (let seed = 1; seed <= cases; seed++) {
      if (expectAgreement(generatedFile(seed))) accepted++;
    }
    // The near misses make many files fall back; the plain ones must still be read here.
    expect(accepted).toBeGreaterThan(cases / 10);
  });

  it("reads the bench's and the examples' campaign files itself, as yaml does", async () => {
    const bench = Array.from({ length: 100 }, (_, index) =>
      campaignYaml(campaignId(index), campaignFields(index)),
    ).join("---\n");
    expect(expectAgreement(bench)).toBe(true);
    const examples = path.join(new URL("../../", import.meta.url).pathname, "campaigns");
    for (const name of [
      "ankieta-satysfakcji.yaml",
      "odnowienia-umow.yaml",
      "przypomnienia-wizyt.yaml",
      "sprzedaz-2027.yaml",
      "windykacja.yaml",
      "_defaults.yaml",
    ]) {
      const text = await readFile(path.join(examples, name), "utf8");
      expect(expectAgreement(text), name).toBe(true);
    }
  });

  it("leaves to yaml what it cannot be sure of", () => {
    for (const text of [
      "",
      "# only a comment\n",
      "---\n",
      'id: "00001"\n---\n',
      '---\n---\nid: "00001"\n',
      'id: "00001"\nid: "00002"\n',
      "parameters:\nname: x\n",
      "agents:\n",
      "parameters:\n  a: 1\n  a: 2\n",
      "parameters:\n  a: 1\n   b: 2\n",
      "name: Sales\n  campaign\n",
      "id: 1\r\nname: x\r\n",
      "\ufeffid: 1\n",
      "name: -0\n",
      "order: 9007199254740993\n",
      "name: null\n",
      "name: x\n...\n",
      "agents:\n  - a\n  b: 1\n",
      "agents:\n  - a\n    - b\n",
    ]) {
      expect(readPlainDocuments(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});
