// A progress bar on stderr for chunked runs: drawn in place (\r) only on a terminal, so
// pipes and logs never see it.

/** Tracks `total` units of work; draws when stderr is a terminal and the bar is wanted. */
export class Progress {
  private readonly start = performance.now();
  private readonly on: boolean;
  private drawn = false;
  constructor(private readonly total: number, private readonly unit: (n: number) => string, wanted: boolean) {
    this.on = wanted && Boolean(process.stderr.isTTY) && total > 0;
  }

  /** Redraws with `done` of the total finished. */
  update(done: number): void {
    const secs = (performance.now() - this.start) / 1000;
    // a run that ends within a moment never shows a bar
    if (!this.on || secs < 0.3) return;
    this.drawn = true;
    const width = 30, frac = Math.min(1, done / this.total);
    const filled = Math.round(frac * width);
    const eta = frac > 0 && frac < 1 ? `, ${Math.ceil((secs * (1 - frac)) / frac)} s left` : "";
    process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${this.unit(done)} / ${this.unit(this.total)}  ${secs.toFixed(1)} s${eta}\x1b[K`);
  }

  /** Clears the bar's line. */
  done(): void {
    if (this.drawn) process.stderr.write("\r\x1b[K");
  }
}

/** Bytes for people: 512 B, 3.2 MB, 1.4 GB. */
export function bytesText(n: number): string {
  if (n < 1e3) return `${n} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let i = -1;
  do { n /= 1e3; i++; } while (n >= 1e3 && i < units.length - 1);
  return `${n.toFixed(n < 10 ? 1 : 0)} ${units[i]}`;
}
