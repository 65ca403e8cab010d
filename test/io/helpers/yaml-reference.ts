/**
 * The yaml library's reading of a campaign file, the way parse-documents.ts reads it, and
 * the check that the fast reader of plain files (io/campaign-files/plain-yaml.ts) gives
 * exactly the same for a file it accepts: the reference of its property tests.
 */

import { expect } from "vitest";
import { LineCounter, parseAllDocuments } from "yaml";
import { exactIntegers } from "../../../src/io/campaign-files/exact-integers.js";
import { readPlainDocuments } from "../../../src/io/campaign-files/plain-yaml.js";
import { yamlLocator } from "../../../src/io/campaign-files/yaml-locator.js";
import type { Position, SourceLocator } from "../../../src/schema/errors-to-issues.js";

export interface Reference {
  clean: boolean;
  documents: { data: unknown; locator: SourceLocator }[];
}

/** The file as yaml reads it, with parse-documents.ts's options. */
export function yamlReading(text: string): Reference {
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
export function pointers(data: unknown, at = ""): string[] {
  const found = [at, `${at}/missing`, `${at}/0`];
  if (data !== null && typeof data === "object") {
    for (const [key, value] of Object.entries(data)) {
      found.push(...pointers(value, `${at}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`));
    }
  }
  return found;
}

/** Same value, -0 and 0 told apart, key order included. */
export function same(a: unknown, b: unknown): boolean {
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

/**
 * Fails with the text when the fast reader accepted it and disagrees with yaml. Each check
 * compares first and calls `expect` only on a difference, where it fails with its message:
 * the property tests run it on thousands of files, and vitest's `expect` costs more per
 * call than the comparison itself.
 */
export function expectAgreement(text: string): boolean {
  const plain = readPlainDocuments(text);
  if (plain === undefined) return false;
  const reference = yamlReading(text);
  const context = () => JSON.stringify(text);
  if (!reference.clean)
    expect(reference.clean, `accepted a file yaml does not read cleanly: ${context()}`).toBe(true);
  if (plain.length !== reference.documents.length)
    expect(plain.length, context()).toBe(reference.documents.length);
  plain.forEach((doc, index) => {
    const expected = reference.documents[index] as Reference["documents"][number];
    if (!same(doc.data, expected.data)) expect.fail(`${context()}\n${JSON.stringify(doc.data)}`);
    for (const pointer of pointers(expected.data)) {
      for (const part of ["key", "value"] as const) {
        const got = doc.locator.position(pointer, part);
        const want = expected.locator.position(pointer, part);
        if (!samePosition(got, want)) expect(got, `${context()} ${pointer} ${part}`).toEqual(want);
      }
      const got = doc.locator.sourceText(pointer);
      const want = expected.locator.sourceText(pointer);
      if (got !== want) expect(got, `${context()} ${pointer}`).toBe(want);
    }
  });
  return true;
}

/** What `toEqual` would say of two positions: the same fields with the same values. */
function samePosition(a: Position, b: Position): boolean {
  const keys = Object.keys(a) as (keyof Position)[];
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key], b[key]));
}
