import { hex, type Checker } from '../checker.js';
import type { Observation } from '../observation.js';

/**
 * What every Linux scenario checks after its own expectations: the command /init ran
 * exited 0 and the kernel powered off (a Trace interrupt leaked into user space kills
 * the program with SIGTRAP; one in the kernel is an Oops), no Oops, BUG or panic, GDB
 * detached with every breakpoint inserted and removed, and no debug instruction left at
 * any address a breakpoint was planted on nor in the kernel's text.
 */
export function expectLinuxEnd(c: Checker, o: Observation, command: string, lines: readonly string[]): void {
  c.equal('guest exit status', 0, o.session.status);
  // the kernel's command-line parser (next_arg) drops the double quotes that group an
  // argument; init prints its arguments joined by spaces
  const exit = `init: '${command.replace(/"/g, '')}' exited with status 0`;
  c.that('guest console', o.console.includes(exit), `'${exit}'`, /init: '[^\n]*/.exec(o.console)?.[0] ?? 'no exit line');
  for (const line of lines) c.that('guest console', o.console.includes(line), `'${line}'`, 'missing');
  c.that('guest console', o.console.includes('reboot: Power down'), "'reboot: Power down'", 'missing');
  const bad = /(Oops|BUG:|Kernel panic|Trace\/breakpoint trap|Illegal instruction)[^\n]*/.exec(o.console);
  c.that('no Oops, BUG, panic or trap in the guest', !bad, 'none', bad?.[0] ?? '');
  c.that('GDB detached', /\[Inferior 1 \(process 1\) detached\]|Inferior 1 \[?.*\]? detached/.test(o.transcript), 'detached', 'not seen');
  for (const re of [/Cannot insert breakpoint[^\n]*/, /Cannot remove breakpoint[^\n]*/, /Could not insert[^\n]*/, /\[watchdog[^\n]*/, /Remote connection closed/, /Remote communication error[^\n]*/, /Program received signal SIG(?!TRAP|INT)[A-Z]+/]) {
    const m = re.exec(o.transcript);
    c.that('GDB transcript', !m, `no '${re.source}'`, m?.[0] ?? '');
  }
  c.that('no debug instruction left in guest memory', o.session.strayBreakpoints.length === 0, 'none where breakpoints were planted nor in the kernel text',
    o.session.strayBreakpoints.slice(0, 8).map(hex).join(', '));
}
