import type { Scenario } from '../scenario.js';
import { breakAt, probe, stepAndProbe } from '../gdb-script.js';
import { hex } from '../checker.js';
import { checkStep } from '../step-oracle.js';
import { smpLoopPoint } from './smp-places.js';

const ROUNDS = 3;

export const threadsInTurn: Scenario = {
  id: '15',
  title: 'several vCPUs stepping in turn',
  checks: `Every vCPU is brought to the \`smp_work\` loop (scheduler-locking on: \`thread N\`, \`continue\`), then ${ROUNDS} rounds of `
    + '`thread 1`, `stepi`, `thread 2`, `stepi`, ...: each step moves only its own vCPU by one instruction (checked against '
    + 'the ISA), the others stay where they were.',
  minSmp: 2,
  commands: (ctx) => {
    const cmds = [breakAt(smpLoopPoint(ctx)), 'continue', 'set scheduler-locking on'];
    for (let t = 1; t <= ctx.smp; t++) cmds.push(`thread ${t}`, 'continue', ...probe(`t${t}r0`));
    cmds.push('delete');
    for (let r = 1; r <= ROUNDS; r++) for (let t = 1; t <= ctx.smp; t++) cmds.push(`thread ${t}`, ...stepAndProbe(`t${t}r${r}`));
    return cmds;
  },
  verify(ctx, o, c) {
    const loop = smpLoopPoint(ctx);
    for (let t = 1; t <= ctx.smp; t++) {
      const p = o.at(`t${t}r0`);
      if (p) { c.equal(`thread ${t}: at the loop`, loop, p.pc); c.equal(`thread ${t}: GDB's current thread`, t, p.thread); }
    }
    let last = o.at(`t${ctx.smp}r0`);
    for (let r = 1; r <= ROUNDS; r++) {
      for (let t = 1; t <= ctx.smp; t++) {
        const before = o.at(`t${t}r${r - 1}`), after = o.at(`t${t}r${r}`);
        if (!checkStep(c, ctx.kernel, before, after) || !after || !last) return;
        // nobody else moved since the previous probe
        for (const v of after.machine.vcpus) {
          if (v.index !== t - 1 && v.started) c.equal(`round ${r}, thread ${t} stepped: vCPU ${v.index} did not run`, hex(last.machine.vcpus[v.index]!.nip), hex(v.nip));
        }
        last = after;
      }
    }
  },
};
