/**
 * Bench figures: each one is printed as a JSON line the moment it is measured (for
 * scripts), and all of them as tables at the end (for people).
 */

/** One measured figure. `target`/`met` are set where the issue sets a target. */
export interface Figure {
  figure: "plan" | "apply" | "startup" | "first-apply" | "reads";
  [key: string]: string | number | boolean | null;
}

/** Rounds for display and JSON: ms to 0.1, ratios to 0.01. */
export const round = (value: number, digits = 1): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/** The JSON line of a figure. */
export function figureLine(figure: Figure): string {
  return JSON.stringify(figure);
}

/** A plain-text table with a header row, columns padded to fit. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join(
    "\n",
  );
}

/** "✓"/"✗" against a target, or "" where there is none. */
export function verdict(figure: Figure): string {
  if (figure.met === undefined) return "";
  return `${figure.met ? "ok" : "MISSED"} (${figure.target})`;
}

const text = (value: Figure[string] | undefined): string =>
  value === undefined || value === null ? "" : String(value);

/** A column: its header and how to show a figure's cell ("" keys show the verdict). */
type Column = [header: string, cell: (figure: Figure) => string];

/** Shows a figure's key as is. */
const key =
  (name: string): Column[1] =>
  (figure) =>
    text(figure[name]);

/** One table per kind of figure, in the order printed. */
const TABLES: readonly { kind: Figure["figure"]; title: string; columns: Column[] }[] = [
  {
    kind: "plan",
    title: "plan (median wall time; peak RSS of the child process)",
    columns: [
      ["campaigns", key("campaigns")],
      ["layout", key("layout")],
      ["scenario", key("scenario")],
      ["plan ms", key("plan_ms")],
      ["plan MB", key("plan_rss_mb")],
      ["baseline ms", key("baseline_ms")],
      ["baseline MB", key("baseline_rss_mb")],
      ["ratio", key("ratio")],
      ["CPU ratio", key("cpu_ratio")],
    ],
  },
  {
    kind: "apply",
    title:
      "apply (changed campaigns, sandbox with injected latency; medians of the runs; ratios to N x latency / concurrency)",
    columns: [
      ["campaigns", key("campaigns")],
      ["latency", (f) => `${text(f.latency_ms)} ms`],
      ["concurrency", key("concurrency")],
      ["runs", key("runs")],
      ["wall ms", key("wall_ms")],
      ["limit ms", key("limit_ms")],
      ["ratio", key("ratio")],
      ["first PUT ms", key("first_put_ms")],
      ["request-phase ratio", key("request_phase_ratio")],
      ["bare loop ratio", key("bare_loop_ratio")],
      ["client requests ratio", key("client_requests_ratio")],
      ["CPU ms", key("cpu_ms")],
      ["bare CPU ms", key("bare_loop_cpu_ms")],
      ["requests", (f) => `${text(f.requests)}/${text(f.changed)}`],
    ],
  },
  {
    kind: "startup",
    title: "start-up (median wall time)",
    columns: [
      ["command", key("command")],
      ["ms", key("ms")],
      ["node -e 0 ms", key("node_ms")],
      ["ratio", key("ratio")],
    ],
  },
  {
    kind: "reads",
    title: "reads (median wall time, sandbox with no latency) against bare baselines",
    columns: [
      ["command", key("command")],
      ["campaigns", key("campaigns")],
      ["ms", key("ms")],
      ["baseline", key("against")],
      ["baseline ms", key("baseline_ms")],
      ["ratio", key("ratio")],
      ["CPU ratio", key("cpu_ratio")],
    ],
  },
  {
    kind: "first-apply",
    title: "first apply (no latency) against a bare HTTP loop sending the same PUTs",
    columns: [
      ["campaigns", key("campaigns")],
      ["concurrency", key("concurrency")],
      ["apply ms", key("apply_ms")],
      ["bare loop ms", key("bare_ms")],
      ["ratio", key("ratio")],
      ["requests", (f) => `${text(f.requests)}/${text(f.campaigns)}`],
    ],
  },
];

/** Every figure as one table per kind, each ending with its target verdict. */
export function renderTables(figures: readonly Figure[]): string {
  const sections: string[] = [];
  for (const { kind, title, columns } of TABLES) {
    const rows = figures.filter((figure) => figure.figure === kind);
    if (rows.length === 0) continue;
    const all: Column[] = [...columns, ["target", verdict]];
    sections.push(
      title,
      table(
        all.map(([header]) => header),
        rows.map((figure) => all.map(([, cell]) => cell(figure))),
      ),
    );
  }
  return sections.join("\n\n");
}
