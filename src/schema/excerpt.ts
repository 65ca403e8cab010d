/**
 * Short excerpts of file content for messages. A campaign file may be anything a pull
 * request puts there (a key, a config line), and messages end up in CI logs and PR
 * comments: a value is never repeated whole, only enough of it to recognise.
 */

/** At most this many characters of a value from a file appear in a message. */
export const EXCERPT_CHARACTERS = 40;

/** `text` cut to EXCERPT_CHARACTERS characters (whole code points), with `…` when cut. */
export function excerpt(text: string): string {
  // Short texts (nearly all) skip splitting into code points.
  if (text.length <= EXCERPT_CHARACTERS) return text;
  const characters = Array.from(text);
  if (characters.length <= EXCERPT_CHARACTERS) return text;
  return `${characters.slice(0, EXCERPT_CHARACTERS).join("")}…`;
}

/** `text` as a double-quoted JSON string, cut like excerpt (the `…` inside the quotes). */
export function quotedExcerpt(text: string): string {
  const cut = excerpt(text);
  if (cut === text) return JSON.stringify(text);
  return `${JSON.stringify(cut.slice(0, -1)).slice(0, -1)}…"`;
}

/** A JSON Pointer as reports show it: an unknown key is file content, cut like any excerpt. */
export function shownPointer(pointer: string): string {
  return pointer.split("/").map(excerpt).join("/");
}
