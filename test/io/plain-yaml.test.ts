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
import { LineCounter, parseAllDocuments } from "yaml";
import { campaignFields, campaignId, campaignYaml } from "../../src/bench/generate.js";
import { exactIntegers } from "../../src/io/campaign-files/exact-integers.js";
import { readPlainDocuments } from "../../src/io/campaign-files/plain-yaml.js";
import { yamlLocator } from "../../src/io/campaign-files/yaml-locator.js";
import type { SourceLocator } from "../../src/schema/errors-to-issues.js";

interface Reference {
  clean: boolean;
  documents: { data: unknown; locator: SourceLocator }[];
}

/** The file as yaml reads it, with parse-documents.ts's options. */
function yamlReading(text: string): Reference {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    prettyErrors: false,
    stringKeys: true,
    uniqueKeys: true,
    logLevel: "error",
    intAsBigInt: true,
  });
  const list = Array.isArray(docs) ? docs : [];
  let clean = list.length > 0;
  const documents = list.map((doc) => {
    if (doc.errors.length > 0 || doc.warnings.length > 0 || doc.contents === null) clean = false;
    let data: unknown;
    try {
      data = exactIntegers(doc.toJS({ maxAliasCount: 100 })).data;
    } catch {
      clean = false;
    }
    return { data, locator: yamlLocator(doc, lines, text) };
  });
  return { clean, documents };
}

/** Every pointer into `data`, and some that are missing, below each container. */
function pointers(data: unknown, at = ""): string[] {
  const found = [at, `${at}/missing`, `${at}/0`];
  if (data !== null && typeof data === "object") {
    for (const [key, value] of Object.entries(data)) {
      found.push(...pointers(value, `${at}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`));
    }
  }
  return found;
}

/** Same value, -0 and 0 told apart, key order included. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) {
    return Object.is(a, b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((key, i) => key === kb[i] && same((a as never)[key], (b as never)[key]))
  );
}

/** Fails with the text when the fast reader accepted it and disagrees with yaml. */
function expectAgreement(text: string): boolean {
  const plain = readPlainDocuments(text);
  if (plain === undefined) return false;
  const reference = yamlReading(text);
  const context = JSON.stringify(text);
  expect(reference.clean, `accepted a file yaml does not read cleanly: ${context}`).toBe(true);
  expect(plain.length, context).toBe(reference.documents.length);
  plain.forEach((doc, index) => {
    const expected = reference.documents[index] as Reference["documents"][number];
    expect(same(doc.data, expected.data), `${context}\n${JSON.stringify(doc.data)}`).toBe(true);
    for (const pointer of pointers(expected.data)) {
      for (const part of ["key", "value"] as const) {
        expect(doc.locator.position(pointer, part), `${context} ${pointer} ${part}`).toEqual(
          expected.locator.position(pointer, part),
        );
      }
      expect(doc.locator.sourceText(pointer), `${context} ${pointer}`).toBe(
        expected.locator.sourceText(pointer),
      );
    }
  });
  return true;
}

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
