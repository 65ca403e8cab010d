/**
 * The plan baseline: a bare script that only finds, reads and YAML-parses the campaign
 * files (`node baseline-parse.js DIR`), as little as any tool must do with them. Plan's
 * wall time and memory are compared with this, measured in the same run.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

const dir = process.argv[2] ?? "campaigns";
let documents = 0;
const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
  .filter((name) => /\.ya?ml$/i.test(name))
  .sort();
for (const name of files) {
  const text = readFileSync(path.join(dir, name), "utf8");
  for (const doc of parseAllDocuments(text)) {
    if (doc.toJS() !== null) documents++;
  }
}
process.stdout.write(`${files.length} files, ${documents} documents\n`);
