import { hex, type Checker } from './checker.js';
import type { Observation } from './observation.js';

export interface EndExpectation {
  /** The guest's exit status (default 0: it powered off after "all done"). */
  readonly status?: number;
  /** Console lines that must be there besides "kernel: all done". */
  readonly console?: readonly string[];
}

/**
 * What every scenario checks after its own expectations: GDB detached cleanly and
 * never failed to plant or remove a breakpoint, the guest ran on to a normal
 * power-off with every self-check passing (its in-guest debugger and self-step
 * counts prove no Trace interrupt was lost or leaked), it saw no Trace interrupt it
 * did not ask for, and no debug instruction (0x00dddd00) is left anywhere in the
 * kernel, its tables and stacks, or the firmware.
 */
export function expectCleanEnd(c: Checker, o: Observation, e: EndExpectation = {}): void {
  const status = e.status ?? 0;
  c.equal('guest exit status', status, o.session.status);
  if (status === 0) c.that('guest console', o.console.includes('kernel: all done'), "'kernel: all done'", 'missing');
  for (const line of e.console ?? []) c.that('guest console', o.console.includes(line), `'${line}'`, 'missing');
  const stray = /unexpected trace interrupt[^\n]*/.exec(o.console);
  c.that('no unexpected Trace interrupt in the guest', !stray, 'none', stray?.[0] ?? '');
  c.that('GDB detached', /Inferior 1 \[?.*\]? (detached|exited)|\[Inferior 1 \(process 1\) (detached|exited)/.test(o.transcript), 'detached (or exited)', 'neither');
  for (const bad of [/Cannot insert breakpoint[^\n]*/, /Cannot remove breakpoint[^\n]*/, /Could not insert[^\n]*/, /\[watchdog[^\n]*/, /Remote connection closed/, /Remote communication error[^\n]*/, /Program received signal SIG(?!TRAP|INT)[A-Z]+/]) {
    const m = bad.exec(o.transcript);
    c.that('GDB transcript', !m, `no '${bad.source}'`, m?.[0] ?? '');
  }
  c.that('no debug instruction left in guest memory', o.session.strayBreakpoints.length === 0, 'none below 32 MiB',
    o.session.strayBreakpoints.slice(0, 8).map(hex).join(', '));
}
