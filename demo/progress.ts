// A progress bar on a terminal, plain lines every tenth elsewhere (CI logs).
export class Progress {
  private done = 0;
  private lastTenth = -1;
  private readonly started = Date.now();

  constructor(
    private total: number,
    private readonly out: NodeJS.WriteStream = process.stdout,
  ) {}

  grow(by: number): void {
    this.total += by;
  }

  tick(label: string, by = 1): void {
    this.done += by;
    const fraction = Math.min(1, this.done / this.total);
    const rate = this.done / Math.max(0.001, (Date.now() - this.started) / 1000);
    if (this.out.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      this.out.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${rate.toFixed(1)} req/s  ${label.padEnd(40).slice(0, 40)}`,
      );
      if (fraction === 1) this.out.write('\n');
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth !== this.lastTenth) {
      this.lastTenth = tenth;
      this.out.write(`  ${(fraction * 100).toFixed(0)}% (${this.done}/${this.total}, ${rate.toFixed(1)} req/s) ${label}\n`);
    }
  }
}
