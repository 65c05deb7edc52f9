/** Figures and tables for the benchmark's output. */

/** Nearest-rank percentile (p in 0–100) of unsorted samples; undefined when there are none. */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function median(samples: readonly number[]): number | undefined {
  return percentile(samples, 50);
}

/** Milliseconds with a precision that suits their size: 0.123 ms, 12.3 ms, 123 ms, 1.23 s. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Bytes in SI units (1 kB = 10^3 bytes, 1 MB = 10^6 bytes, 1 GB = 10^9 bytes). */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return "—";
  if (Math.abs(bytes) >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (Math.abs(bytes) >= 1e7) return `${(bytes / 1e6).toFixed(0)} MB`;
  if (Math.abs(bytes) >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e3).toFixed(0)} kB`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * A plain-text table: the first row is the header; columns are left-aligned unless listed in
 * `right`. A row of one cell that starts with "--" is drawn as a separator.
 */
export function table(rows: readonly (readonly string[])[], right: readonly number[] = []): string {
  const widths: number[] = [];
  for (const row of rows) {
    if (row.length === 1 && row[0]?.startsWith("--")) continue;
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  const rule = widths.map((w) => "-".repeat(w)).join("-+-");
  const lines = rows.map((row) => {
    if (row.length === 1 && row[0]?.startsWith("--")) return rule;
    return row
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return right.includes(i) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(" | ")
      .trimEnd();
  });
  const header = lines[0] ?? "";
  return [header, rule, ...lines.slice(1)].join("\n");
}
