/** Numbers meeting nouns in messages: `1 field`, `2 fields`, never `1 fields` or `the 1 others`. */

/**
 * `count` followed by the noun in the number that agrees with it: `plural(1, "field")` is
 * `1 field`, `plural(0, "field")` is `0 fields`. Irregular plurals are passed in.
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** `a`, `a or b`, `a, b or c`: alternatives in a sentence. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
