import type { RunResult } from './run-one.js';
import { cell } from './report.js';

/**
 * One line per finished run. On a terminal a status line (runs done, failures)
 * is redrawn under them; elsewhere (CI logs) only plain lines are written.
 */
export class Progress {
  private readonly tty: boolean;
  private failures = 0;

  constructor(private readonly total: number, private readonly out: NodeJS.WriteStream = process.stdout) {
    this.tty = out.isTTY === true;
  }

  result(r: RunResult, done: number): void {
    if (r.outcome === 'fail') this.failures++;
    const width = String(this.total).length;
    const line = `[${String(done).padStart(width)}/${this.total}] ${r.scenario.padEnd(3)} ${r.accel} smp=${r.smp}  ${cell(r)}`
      + (r.outcome === 'fail' ? `  (${r.failures[0]?.what ?? 'failed'})` : '');
    if (this.tty) this.out.write(`\r\x1b[K${line}\n${this.status(done)}`);
    else this.out.write(`${line}\n`);
  }

  private status(done: number): string {
    return `${done}/${this.total} runs done, ${this.failures} failed`;
  }

  end(): void { if (this.tty) this.out.write('\r\x1b[K'); }
}
