/**
 * The fast reader's line reading (io/campaign-files/plain-yaml.ts `readLine`), done
 * character by character instead of by a regular expression (whose match arrays were
 * garbage made per line in front of apply's first request): on lines at the edges of what
 * it accepts (separators, markers, keys, items, quotes), it declines or reads exactly what
 * yaml reads, and it still reads the plain files it read before.
 */
import { describe, expect, it } from "vitest";
import { readPlainDocuments } from "../../src/io/campaign-files/plain-yaml.js";
import { expectAgreement } from "./helpers/yaml-reference.js";

const HEAD = 'id: "00001"\n';

/** Lines at the edges of the plain shape, each tried in a campaign after the id. */
const EDGES = [
  "name:x",
  "name:",
  "name:   ",
  "name: ",
  "name:    spaced   ",
  "name: x # note",
  "name: x #",
  "name: x#not-a-comment",
  "name: 'x' # note",
  "name: 'x'x",
  'name: "a\\"b"',
  'name: "a\'b"',
  "name: 'a\"b'",
  'name: ""',
  "name: ''",
  "name: 'it''s'",
  'name: "unclosed',
  "name :x",
  "_name: 1",
  "a1: 2",
  "1a: 3",
  "a-b: 1",
  "Name: X",
  "-x",
  "- ",
  "-",
  "--- ",
  "---x",
  "  ---",
  "----",
  "--",
  "#",
  "   # indented comment",
  "   ",
  "agents:\n-  a\n- b",
  "agents:\n  -   a\n  - b",
  "agents:\n  -",
  "agents:\n  - ",
  "agents:  # the members\n  - a",
  "parameters:\n  caller_id: '+48'\n  preview_timeout: 30",
  "parameters:  \n  a: 1",
  "parameters:\n  a:1",
  "parameters:\n  a:",
];

describe("the fast reader's lines", () => {
  it("declines or agrees with yaml at every edge, with and without a newline after it", () => {
    let accepted = 0;
    for (const edge of EDGES) {
      for (const text of [`${HEAD}${edge}\n`, `${HEAD}${edge}`, `${edge}\n---\n${HEAD}`]) {
        if (expectAgreement(text)) accepted++;
      }
    }
    expect(accepted).toBeGreaterThan(20);
  });

  it("reads documents between markers, a marker at the very end declined (yaml's empty document)", () => {
    expect(readPlainDocuments(`${HEAD}---\nid: "00002"\n`)?.length).toBe(2);
    expect(readPlainDocuments(`${HEAD}---\nid: "00002"`)?.length).toBe(2);
    expect(readPlainDocuments(`---\n${HEAD}`)?.length).toBe(1);
    expect(readPlainDocuments(`${HEAD}---`)).toBeUndefined();
    expect(readPlainDocuments(`${HEAD}---\n`)).toBeUndefined();
  });
});
