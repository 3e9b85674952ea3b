// A progress bar on stderr (redrawn in place on a terminal, plain lines otherwise).
export class ProgressBar {
  private lastLine = '';
  constructor(
    private total: number,
    private out: NodeJS.WriteStream = process.stderr,
    private width = 28,
  ) {}

  update(done: number, label: string) {
    const frac = this.total ? Math.min(1, done / this.total) : 1;
    const fill = Math.round(frac * this.width);
    const line = `[${'#'.repeat(fill)}${'.'.repeat(this.width - fill)}] ${done}/${this.total} ${label}`;
    if (this.out.isTTY) {
      this.out.write(`\r${line.slice(0, (this.out.columns || 100) - 1).padEnd(this.lastLine.length)}`);
    } else if (line !== this.lastLine) {
      this.out.write(line + '\n');
    }
    this.lastLine = line;
  }

  done() {
    if (this.out.isTTY) this.out.write('\n');
  }
}
