/**
 * Text from outside (lock holders, file names, key names, server messages) made safe to
 * print in doctor's views: one line, and no character that could drive a terminal or a CI
 * log (C0 and C1 controls, DEL, bidi overrides) left raw.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One line, each unsafe character shown as `\u{…}`. */
export function visibleLine(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replace(UNSAFE, (char) => `\\u{${char.codePointAt(0)?.toString(16)}}`);
}

/**
 * JSON text with the characters JSON.stringify leaves raw (C1, DEL, line and paragraph
 * separators, bidi overrides) written as `\uXXXX` escapes: the same JSON value, inert text.
 */
export function inertJson(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
