/**
 * Bench figures: each one is printed as a JSON line the moment it is measured (for
 * scripts), and all of them as tables at the end (for people).
 */

/** One measured figure. `target`/`met` are set where the issue sets a target. */
export interface Figure {
  figure: "plan" | "apply" | "startup" | "first-apply";
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

/** Every figure as one table per kind. */
export function renderTables(figures: readonly Figure[]): string {
  const of = (kind: Figure["figure"]) => figures.filter((figure) => figure.figure === kind);
  const sections: string[] = [];
  const plan = of("plan");
  if (plan.length > 0) {
    sections.push(
      "plan (median wall time; peak RSS of the child process)",
      table(
        [
          "campaigns",
          "layout",
          "scenario",
          "plan ms",
          "plan MB",
          "baseline ms",
          "baseline MB",
          "ratio",
          "target",
        ],
        plan.map((f) => [
          text(f.campaigns),
          text(f.layout),
          text(f.scenario),
          text(f.plan_ms),
          text(f.plan_rss_mb),
          text(f.baseline_ms),
          text(f.baseline_rss_mb),
          text(f.ratio),
          verdict(f),
        ]),
      ),
    );
  }
  const apply = of("apply");
  if (apply.length > 0) {
    sections.push(
      "apply (changed campaigns, sandbox with injected latency; ratios to N x latency / concurrency)",
      table(
        [
          "campaigns",
          "latency",
          "concurrency",
          "wall ms",
          "limit ms",
          "ratio",
          "request-phase ratio",
          "bare loop ratio",
          "requests",
          "target",
        ],
        apply.map((f) => [
          text(f.campaigns),
          `${text(f.latency_ms)} ms`,
          text(f.concurrency),
          text(f.wall_ms),
          text(f.limit_ms),
          text(f.ratio),
          text(f.request_phase_ratio),
          text(f.bare_loop_ratio),
          `${text(f.requests)}/${text(f.changed)}`,
          verdict(f),
        ]),
      ),
    );
  }
  const startup = of("startup");
  if (startup.length > 0) {
    sections.push(
      "start-up (median wall time)",
      table(
        ["command", "ms", "node -e 0 ms", "ratio", "target"],
        startup.map((f) => [
          text(f.command),
          text(f.ms),
          text(f.node_ms),
          text(f.ratio),
          verdict(f),
        ]),
      ),
    );
  }
  const first = of("first-apply");
  if (first.length > 0) {
    sections.push(
      "first apply (no latency) against a bare HTTP loop sending the same PUTs",
      table(
        ["campaigns", "concurrency", "apply ms", "bare loop ms", "ratio", "requests", "target"],
        first.map((f) => [
          text(f.campaigns),
          text(f.concurrency),
          text(f.apply_ms),
          text(f.bare_ms),
          text(f.ratio),
          `${text(f.requests)}/${text(f.campaigns)}`,
          verdict(f),
        ]),
      ),
    );
  }
  return sections.join("\n\n");
}
