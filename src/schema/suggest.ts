/** "Did you mean …?" for misspelt field names and values outside an allowed list. */

/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two short strings. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    const row = d[i] as number[];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      // A swap of two neighbouring letters (`nmae`) is one typo, not two.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The known name closest to `name`, when it is close enough to be a plausible typo:
 * at most 2 edits, and fewer than half the letters. Case and `-`/`_` are ignored first,
 * so `Start-Date` finds `start_date`.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const canonical = (s: string) => s.toLowerCase().replaceAll("-", "_");
  const wanted = canonical(name);
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(wanted, canonical(candidate));
    if (best === undefined || distance < best.distance) best = { name: candidate, distance };
  }
  if (best === undefined) return undefined;
  const limit = Math.min(2, Math.floor((wanted.length - 1) / 2));
  return best.distance <= limit ? best.name : undefined;
}
