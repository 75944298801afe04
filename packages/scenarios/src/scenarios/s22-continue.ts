import type { Scenario } from '../scenario.js';
import { breakAt, probe } from '../gdb-script.js';
import { MSR_SE } from '../msr.js';

const HITS = 6;

export const continueFromBreakpoint: Scenario = {
  id: '22',
  title: 'continue from a breakpoint, repeatedly',
  checks: `A breakpoint on \`do_syscall\` (reached a fixed number of times: the user process's system calls) and ${HITS} `
    + '`continue`s: GDB must step over the breakpoint before re-inserting it each time, so every continue stops at the '
    + 'breakpoint again (never runs away), with no SE in the MSR.',
  commands: (ctx) => {
    const cmds = [breakAt(ctx.kernel.localEntry('do_syscall'))];
    for (let i = 1; i <= HITS; i++) cmds.push('continue', ...probe(`hit${i}`));
    return cmds;
  },
  verify(ctx, o, c) {
    const target = ctx.kernel.localEntry('do_syscall');
    c.equal('breakpoint hits reported by GDB', HITS, o.count(/Breakpoint 1, /));
    for (let i = 1; i <= HITS; i++) {
      const p = o.at(`hit${i}`);
      if (!p) break;
      c.equal(`hit ${i}: pc`, target, p.pc);
      c.equal(`hit ${i}: MSR[SE]`, 0n, p.msr & MSR_SE);
    }
  },
};
