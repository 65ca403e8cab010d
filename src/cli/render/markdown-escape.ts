/**
 * Escaping for text placed in GitHub-flavoured markdown (pull-request comments). Campaign
 * names and file names are user text: they must not break a table, inject HTML, format
 * themselves, mention people and issues, or carry control and bidi characters.
 */

import { escapeText, isUnsafeCodePoint } from "./escape.js";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  // `|` splits table cells even inside code spans; `@` and `#` would mention or link.
  "|": "&#124;",
  "@": "&#64;",
  "#": "&#35;",
};

/** Characters that start markdown formatting inline. */
const MARKDOWN = "\\`*_[]~";

/**
 * Text for raw-HTML contexts such as `<summary>`, where markdown is not parsed (so
 * backslash escapes would show): HTML entities only; line breaks and tabs become spaces, other controls are escaped.
 */
export function escapeHtml(text: string): string {
  return escapeWith(text, false);
}

/**
 * Text for markdown contexts such as table cells: HTML entities, markdown punctuation
 * backslash-escaped, line breaks and tabs become spaces, other controls are escaped.
 */
export function escapeInline(text: string): string {
  return escapeWith(text, true);
}

function escapeWith(text: string, markdown: boolean): string {
  let result = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const entity = ENTITIES[char];
    if (entity !== undefined) result += entity;
    else if (char === "\n" || char === "\r" || char === "\t") result += " ";
    // Other controls and bidi overrides are shown escaped (`\u202e`), as in the text views:
    // a backslash before a letter is not a markdown escape, so it renders as written.
    else if (isUnsafeCodePoint(code)) result += escapeText(char);
    else if (markdown && MARKDOWN.includes(char)) result += `\\${char}`;
    else result += char;
  }
  return result;
}

/**
 * A fenced code block whose fence is longer than any backtick run inside, so the content
 * cannot close it early.
 */
export function codeBlock(language: string, content: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${content}\n${fence}`;
}
