#!/usr/bin/env node
/**
 * The package's `bin` (dist/bundle/main.js): runs the CLI's entry chunk through the loader
 * that compiles chunks with their V8 code cache (see chunk-loader.ts). Only meaningful
 * bundled: scripts/bundle.mjs replaces CLI_ENTRY_CHUNK with the entry chunk's file name.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadChunk } from "./chunk-loader.js";

declare const CLI_ENTRY_CHUNK: string;

loadChunk(path.join(path.dirname(fileURLToPath(import.meta.url)), CLI_ENTRY_CHUNK));
