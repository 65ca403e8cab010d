#!/usr/bin/env node
/**
 * Compiles the JSON Schemas in SCHEMAS to standalone validation code (ajv's standalone
 * mode), once, at build time: `npm run build` runs this before tsc. Compiling a schema with
 * ajv at run time costs every command ~100 ms of start-up (loading ajv, generating and
 * evaluating the code); the generated module is plain code that loads in a few ms.
 *
 * Output: `src/schema/generated/<name>.ts` (gitignored), one module per schema exporting
 * `validate` (an ajv validate function: same error objects as ajv would give at run time)
 * and `SCHEMA_SHA256`, the hash of the schema it was compiled from (a test checks it is not
 * stale). To add a schema, add an entry to SCHEMAS; a format it uses must be named in
 * `formats` and implemented in `src/schema/formats.ts`.
 *
 * Usage: node scripts/build-schemas.mjs [--check]   (--check: exit 1 if any output is stale)
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { _ } from "ajv/dist/compile/codegen/index.js";
import standaloneCode from "ajv/dist/standalone/index.js";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const OUT_DIR = path.join(ROOT, "src", "schema", "generated");
const requireFrom = createRequire(import.meta.url);

/**
 * Every schema compiled at build time. `name` is the output module's name; `formats`, the
 * custom formats the schema uses (their code lives in src/schema/formats.ts); `pointer`, a
 * part of the schema to compile on its own (the state file's one-campaign entry, checked
 * alone for every record an apply makes); `partial`, compile it without `required` (the
 * same fields, every one optional).
 */
export const SCHEMAS = [
  { name: "campaign", file: "schemas/campaign.schema.json", formats: ["date"] },
  // A `_defaults.yaml` file: the campaign schema as a partial (nothing required). Its `id`
  // is refused before the schema runs (io/campaign-files/defaults.ts), with its own message.
  { name: "defaults", file: "schemas/campaign.schema.json", formats: ["date"], partial: true },
  { name: "settings", file: "schemas/settings.schema.json", formats: [] },
  { name: "state", file: "schemas/state.schema.json", formats: [] },
  {
    name: "state-campaign",
    file: "schemas/state.schema.json",
    formats: [],
    pointer: "#/definitions/campaign",
  },
  { name: "lock", file: "schemas/lock.schema.json", formats: [] },
  { name: "saved-plan", file: "schemas/saved-plan.schema.json", formats: [] },
  { name: "sandbox-data", file: "schemas/sandbox-data.schema.json", formats: [] },
];

/** The ajv options every validator is compiled with; the error objects depend on them. */
function ajvFor(formats) {
  // allErrors: report every problem in one run. verbose: errors carry the offending data
  // and their schema, so messages can say "not 0" and "from 1 to 99999".
  // code.formats: the generated code reads format `x` as `formats.x` (imported below).
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    code: { source: true, esm: true, formats: _`formats` },
  });
  // Only the format's name and type matter here: its code is src/schema/formats.ts.
  for (const name of formats) ajv.addFormat(name, { type: "string", validate: () => true });
  return ajv;
}

/** The TypeScript module text for one SCHEMAS entry. */
export function generatedModule(entry) {
  const text = readFileSync(path.join(ROOT, entry.file), "utf8");
  const ajv = ajvFor(entry.formats);
  const schema = JSON.parse(text);
  if (entry.partial === true) {
    delete schema.required;
    schema.$id = `${schema.$id}:partial`;
  }
  let validate;
  if (entry.pointer === undefined) validate = ajv.compile(schema);
  else {
    ajv.addSchema(schema);
    validate = ajv.compile({ $ref: `${schema.$id}${entry.pointer}` });
  }
  let code = standaloneCode(ajv, validate);
  // ajv emits `require("ajv/dist/runtime/…")` for its runtime helpers even in ESM mode.
  // Each is a small self-contained CommonJS file: inline it, so the generated module needs
  // nothing from ajv at run time (the bundle and the installed package carry no ajv) and
  // behaves the same under Node and under vitest.
  const runtimes = new Map();
  code = code.replace(/require\("([^"]+)"\)/g, (_match, specifier) => {
    if (!runtimes.has(specifier)) runtimes.set(specifier, `runtime${runtimes.size}`);
    return runtimes.get(specifier);
  });
  const imports = [...runtimes].map(([specifier, local]) => {
    const source = readFileSync(requireFrom.resolve(specifier), "utf8")
      .replace(/^\/\/# sourceMappingURL=.*$/m, "")
      .trim();
    if (/\brequire\(/.test(source.replace(/\.code = '[^']*'/g, ""))) {
      throw new Error(`${specifier} requires other modules; inline those too.`);
    }
    return `const ${local} = (() => {\nconst module = { exports: {} };\nconst exports = module.exports;\n${source}\nreturn module.exports;\n})();`;
  });
  const sha256 = createHash("sha256").update(text).digest("hex");
  return [
    "// @ts-nocheck",
    `// Generated by scripts/build-schemas.mjs from ${entry.file}. Do not edit: run \`npm run build\`.`,
    ...(entry.formats.length > 0 ? ['import { formats } from "../formats.js";'] : []),
    ...imports,
    `export const SCHEMA_SHA256 = "${sha256}";`,
    code.replace(/^"use strict";/, ""),
    "",
  ].join("\n");
}

function main() {
  const check = process.argv.includes("--check");
  mkdirSync(OUT_DIR, { recursive: true });
  let stale = 0;
  for (const entry of SCHEMAS) {
    const target = path.join(OUT_DIR, `${entry.name}.ts`);
    const text = generatedModule(entry);
    let current = "";
    try {
      current = readFileSync(target, "utf8");
    } catch {}
    if (current === text) continue;
    if (check) {
      process.stderr.write(`${path.relative(ROOT, target)} is stale: run npm run build\n`);
      stale += 1;
    } else {
      writeFileSync(target, text);
    }
  }
  if (stale > 0) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
