import type { LinuxScenario } from '../scenario.js';
import { breakAt, probe } from '../../gdb-script.js';
import { MSR_SE } from '../../msr.js';
import { STEP_USER, STEP_USER_OK } from './places.js';

const HITS = 12;

export const continueFromBreakpoint: LinuxScenario = {
  id: '22',
  title: 'continue from a breakpoint every vCPU meets',
  checks: `A breakpoint on \`do_idle\` (the idle loop every CPU enters), set at the kernel's entry, and ${HITS} \`continue\`s through the boot: GDB steps `
    + 'over the breakpoint before re-inserting it each time, so every continue stops on `do_idle` again (on whichever vCPU '
    + 'got there; two at once are reported one after the other), with no SE in the MSR.',
  command: STEP_USER,
  console: [STEP_USER_OK],
  commands: (ctx) => {
    const cmds = [breakAt(ctx.kernel.localEntry('do_idle'))];
    for (let i = 1; i <= HITS; i++) cmds.push('continue', ...probe(`hit${i}`));
    return cmds;
  },
  verify(ctx, o, _code, c) {
    const target = ctx.kernel.localEntry('do_idle');
    c.equal('breakpoint hits reported by GDB', HITS, o.count(/Breakpoint 1, /));
    const threads = new Set<number>();
    for (let i = 1; i <= HITS; i++) {
      const p = o.at(`hit${i}`);
      if (!p) break;
      threads.add(p.thread);
      c.equal(`hit ${i}: pc`, target, p.pc);
      c.equal(`hit ${i}: MSR[SE]`, 0n, p.msr & MSR_SE);
    }
    c.note(`hits on vCPU thread(s) ${[...threads].sort().join(', ')}`);
  },
};
