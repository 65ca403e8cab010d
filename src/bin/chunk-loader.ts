/**
 * Loads the bundle's CommonJS chunks with V8's code cache.
 *
 * Node 20 compiles every module from source on every run (its own compile cache,
 * `module.enableCompileCache`, arrived in Node 22.1), and for `plan` that compiling, of the
 * CLI, yargs and yaml, was about a third of the CPU the tool spends. Here each chunk is
 * compiled by `vm.Script` with the code V8 serialised for it when the package was built
 * (`<chunk>.cache`, written after a real run by scripts/warm-code-cache.mjs, so it holds the
 * functions that ran, compiled, not only the top level).
 *
 * A cache is used only where it fits; otherwise the chunk compiles from source, as Node
 * would compile it:
 * - V8 checks a cache against its own version, its flags and the source's length, and
 *   refuses one made by another Node.
 * - A cache file starts with a copy of the chunk it was made from, compared byte for byte
 *   (a memcmp: ~0.1 ms for `plan`'s chunks, where hashing them would first load a hashing
 *   module, ~5 ms): V8 itself compares only the source's length, so a chunk edited in place
 *   (a hand patch in node_modules, a changed number) would otherwise run its old code.
 * - V8 keeps in the cache the file name it was made under, for stack traces; chunks are
 *   named relative to the package (`thulium-campaigns/dist/bundle/<chunk>`), so a cache
 *   made at build time fits wherever the package is installed.
 *
 * The chunks are ordinary CommonJS (rolldown's output); this is the part of Node's loader
 * they use: the module wrapper, `require` of a sibling chunk (loaded here, once) and of
 * anything else (Node's own `require`: built-ins and yargs' help layout).
 */
import { isAscii } from "node:buffer";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { Script } from "node:vm";

interface ChunkModule {
  exports: unknown;
  readonly id: string;
  readonly filename: string;
  loaded: boolean;
}

type CommonJsWrapper = (
  exports: unknown,
  require: NodeJS.Require,
  module: ChunkModule,
  filename: string,
  dirname: string,
) => void;

/** How a chunk's file name ends (the bundle's other files are not chunks: help-layout.cjs). */
const CHUNK_NAME = /-[\w-]{8}\.cjs$/;
/** A relative `require` of a sibling chunk, as rolldown writes it. */
const CHUNK_REQUIRE = /^\.\/[\w.-]+-[\w-]{8}\.cjs$/;

/**
 * Set by the build's warm-up (scripts/warm-code-cache.mjs), never by a user: write every
 * chunk's code cache at exit. Not an environment variable, so no run can be told to write
 * into the installed package.
 */
const WRITE_CODE_CACHE = Symbol.for("thulium-campaigns.write-code-cache");

const loaded = new Map<string, { module: ChunkModule; script: Script }>();

/** Runs the chunk at `filename` (once; later calls return its exports) and returns them. */
export function loadChunk(filename: string): unknown {
  const known = loaded.get(filename);
  if (known !== undefined) return known.module.exports;
  const chunk = readFileSync(filename);
  const script = new Script(wrapped(chunk), {
    filename: scriptName(filename),
    cachedData: readCodeCache(filename, chunk),
  });
  const module: ChunkModule = { exports: {}, id: filename, filename, loaded: false };
  // Registered before it runs, as Node does, so a cycle between chunks gets the partial exports.
  loaded.set(filename, { module, script });
  const wrapper = script.runInThisContext() as CommonJsWrapper;
  const dirname = path.dirname(filename);
  wrapper.call(module.exports, module.exports, chunkRequire(filename), module, filename, dirname);
  module.loaded = true;
  return module.exports;
}

/**
 * The chunk's source as Node would compile it: shebang stripped, in the CommonJS wrapper.
 * The bundle escapes what is not ASCII (scripts/bundle.mjs), and ASCII is read as Latin-1,
 * one byte a character, which costs V8 a copy where UTF-8 costs a decode (~4 ms for `plan`).
 */
function wrapped(chunk: Buffer): string {
  const source = chunk.toString(isAscii(chunk) ? "latin1" : "utf8");
  return Module.wrap(source.replace(/^#!.*/, ""));
}

/** `require` for code in the chunk at `filename`: sibling chunks through loadChunk. */
function chunkRequire(filename: string): NodeJS.Require {
  const nodeRequire = createRequire(filename);
  const dirname = path.dirname(filename);
  const require = (id: string): unknown =>
    CHUNK_REQUIRE.test(id) ? loadChunk(path.join(dirname, id)) : nodeRequire(id);
  return Object.assign(require, {
    resolve: nodeRequire.resolve,
    cache: nodeRequire.cache,
    extensions: nodeRequire.extensions,
    main: nodeRequire.main,
  }) as NodeJS.Require;
}

/** The name V8 gives the chunk (stack traces), the same wherever the package is. */
function scriptName(filename: string): string {
  return `thulium-campaigns/dist/bundle/${path.basename(filename)}`;
}

/**
 * The V8 data of the chunk's cache file, unless there is none or it was made from other
 * bytes. The file: the chunk's length (4 bytes, little-endian), the chunk, then V8's data.
 */
function readCodeCache(filename: string, chunk: Buffer): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(`${filename}.cache`);
  } catch {
    return undefined; // none (a build without the warm-up): compile from source
  }
  const start = 4 + chunk.length;
  if (file.length <= start || file.readUInt32LE(0) !== chunk.length) return undefined;
  return chunk.equals(file.subarray(4, start)) ? file.subarray(start) : undefined;
}

function writeCodeCache(filename: string, script: Script): void {
  const chunk = readFileSync(filename);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(chunk.length);
  const temporary = `${filename}.cache.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.concat([length, chunk, script.createCachedData()]));
  renameSync(temporary, `${filename}.cache`);
}

/**
 * The warm-up's exit: the chunks that ran, with what they compiled; every other chunk
 * beside them, with its top level.
 */
function writeEveryCodeCache(): void {
  const [first] = loaded.keys();
  if (first === undefined) return;
  for (const [filename, { script }] of loaded) writeCodeCache(filename, script);
  const dirname = path.dirname(first);
  for (const name of readdirSync(dirname)) {
    const filename = path.join(dirname, name);
    if (!CHUNK_NAME.test(name) || loaded.has(filename)) continue;
    const script = new Script(wrapped(readFileSync(filename)), { filename: scriptName(filename) });
    writeCodeCache(filename, script);
  }
}

if ((globalThis as Record<symbol, unknown>)[WRITE_CODE_CACHE] === true) {
  process.on("exit", writeEveryCodeCache);
}
