/**
 * The import graph of src/, read with a real TypeScript parser (oxc, through rolldown's
 * `parseSync`): every `import … from`, `import type`, `export … from`, `import()`,
 * `import("…")` in a type and `import x = require()` between src/ modules, type-only ones
 * included (a type cycle is still a cycle to read and to move).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseSync } from "rolldown/utils";

export interface ImportEdge {
  /** The module specifier as written (`../core/plan.js`, `node:fs`). */
  specifier: string;
  /** The src/ file it resolves to (repository-relative, `.ts`), or undefined for packages. */
  resolved?: string;
}

/** Every `.ts` file under `dir`, repository-relative with forward slashes. */
export function sourceFiles(root: string, dir: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith(".ts")) found.push(child);
    }
  };
  walk(dir);
  return found.sort();
}

/** Files already read: the graph and the core/ check read the same files. */
const parsed = new Map<string, ImportEdge[]>();

/** The imports of one file, each resolved to a src/ file when it is a relative specifier. */
export function importsOf(root: string, file: string): ImportEdge[] {
  const key = path.join(root, file);
  let edges = parsed.get(key);
  if (edges === undefined) {
    edges = readImports(root, file);
    parsed.set(key, edges);
  }
  return edges;
}

function readImports(root: string, file: string): ImportEdge[] {
  const text = readFileSync(path.join(root, file), "utf8");
  const parsed = parseSync(file, text, { lang: "ts", sourceType: "module" });
  if (parsed.errors.length > 0) {
    throw new Error(`${file}: ${parsed.errors.map((error) => error.message).join("; ")}`);
  }
  const specifiers: string[] = [];
  collectSpecifiers(parsed.program, specifiers);
  return specifiers.map((specifier) => {
    if (!specifier.startsWith(".")) return { specifier };
    const target = path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, ".ts");
    return { specifier, resolved: target };
  });
}

/** The string a node holds when it is a string literal (ESTree `Literal`). */
function stringValue(node: unknown): string | undefined {
  if (typeof node !== "object" || node === null) return undefined;
  const { type, value } = node as { type?: unknown; value?: unknown };
  return type === "Literal" && typeof value === "string" ? value : undefined;
}

/**
 * Walks the ESTree (TS-ESTree for the TypeScript nodes) and collects every module specifier.
 * A plain walk over every property, not a visitor keyed by node type: a node kind the list
 * below misses then only loses its own specifier, never a whole subtree.
 */
function collectSpecifiers(node: unknown, into: string[]): void {
  if (Array.isArray(node)) {
    for (const child of node) collectSpecifiers(child, into);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  const specifier = specifierOf(record);
  if (specifier !== undefined) into.push(specifier);
  for (const [key, child] of Object.entries(record)) {
    if (key !== "parent" && typeof child === "object") collectSpecifiers(child, into);
  }
}

function specifierOf(node: Record<string, unknown>): string | undefined {
  switch (node.type) {
    case "ImportDeclaration":
    case "ExportNamedDeclaration":
    case "ExportAllDeclaration":
    case "ImportExpression":
      return stringValue(node.source);
    case "TSImportType": // `typeof import("./x.js")`
      return stringValue(node.source);
    case "TSExternalModuleReference":
      return stringValue(node.expression);
    default:
      return undefined;
  }
}

/** The graph: each file to the src/ files it imports. */
export function importGraph(root: string, dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root, dir)) {
    const targets = importsOf(root, file).flatMap((edge) =>
      edge.resolved === undefined ? [] : [edge.resolved],
    );
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

/**
 * Every cycle, as the list of files around it (first file repeated at the end), one per
 * strongly connected component: Tarjan's algorithm, then a shortest cycle through the
 * component's first file so the message names a loop one can read.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowlinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string) => {
    indices.set(node, index);
    lowlinks.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indices.has(next)) {
        connect(next);
        lowlinks.set(node, Math.min(lowlinks.get(node) ?? 0, lowlinks.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowlinks.set(node, Math.min(lowlinks.get(node) ?? 0, indices.get(next) ?? 0));
      }
    }
    if (lowlinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = component.length === 1 && (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) connect(node);
  return components.map((component) => shortestLoop(graph, new Set(component)));
}

/** A shortest path from the component's first file back to itself, inside the component. */
function shortestLoop(
  graph: ReadonlyMap<string, readonly string[]>,
  component: ReadonlySet<string>,
): string[] {
  const start = [...component][0] as string;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const next of graph.get(node) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const loop = [start];
        for (let at: string | undefined = node; at !== start && at !== undefined; ) {
          loop.splice(1, 0, at);
          at = previous.get(at);
        }
        return [...loop, start];
      }
      if (previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  return [start, start];
}
