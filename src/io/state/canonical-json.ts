/**
 * Canonical JSON for the state file: keys sorted at every level, 2-space indent, a
 * trailing newline. Sorted keys keep git diffs of the state small and stable.
 *
 * Written by hand rather than by sorting objects and calling `JSON.stringify`, because
 * JavaScript enumerates integer-like keys ("10000") before all others whatever the
 * insertion order, so a "sorted" object would still print "10000" before "00001".
 */

/** Indentation of one nesting level. */
const INDENT = "  ";

/**
 * Serialises plain JSON data (objects, arrays, strings, finite numbers, booleans, null)
 * with sorted keys and 2-space indentation, exactly as `JSON.stringify(value, null, 2)`
 * would if it sorted keys. `undefined` object members are left out, as JSON.stringify does.
 *
 * @param depth - nesting depth of `value` in the enclosing document; continuation lines are
 *   indented for it, so a fragment can be spliced into a larger document unchanged.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (value === null || typeof value !== "object") return primitive(value);
  const inner = INDENT.repeat(depth + 1);
  const outer = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((item: unknown) =>
      item === undefined ? "null" : canonicalJson(item, depth + 1),
    );
    return `[\n${inner}${items.join(`,\n${inner}`)}\n${outer}]`;
  }
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    members.push(`${JSON.stringify(key)}: ${canonicalJson(member, depth + 1)}`);
  }
  if (members.length === 0) return "{}";
  return `{\n${inner}${members.join(`,\n${inner}`)}\n${outer}}`;
}

function primitive(value: unknown): string {
  // JSON.stringify gives the exact JSON text for strings, numbers (non-finite → null)
  // and booleans; anything else (functions, symbols, bigint) cannot be in a state.
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`cannot serialise a ${typeof value} as JSON`);
  return text;
}
