/**
 * The import graph of src/, read with TypeScript's own parser: every `import … from`,
 * `import type`, `export … from`, `import()` and `import x = require()` between src/
 * modules, type-only ones included (a type cycle is still a cycle to read and to move).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

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
  // JSDoc is not parsed: in a .ts file it holds no import (and visit never enters it).
  const source = ts.createSourceFile(file, text, {
    languageVersion: ts.ScriptTarget.Latest,
    jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
  });
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      specifiers.push(node.argument.literal.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      specifiers.push(node.moduleReference.expression.text);
    }
    // Every import below a node spells `import` inside its text, and `export … from` sits
    // only in a file or module block: a subtree without the word holds no import.
    if (
      !ts.isSourceFile(node) &&
      !ts.isModuleDeclaration(node) &&
      !ts.isModuleBlock(node) &&
      !containsImportWord(text, node)
    )
      return;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers.map((specifier) => {
    if (!specifier.startsWith(".")) return { specifier };
    const target = path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, ".ts");
    return { specifier, resolved: target };
  });
}

function containsImportWord(text: string, node: ts.Node): boolean {
  const at = text.indexOf("import", node.pos);
  return at !== -1 && at + "import".length <= node.end;
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
