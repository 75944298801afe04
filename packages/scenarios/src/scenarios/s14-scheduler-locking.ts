import type { Scenario } from '../scenario.js';
import type { Observation } from '../observation.js';
import type { Checker } from '../checker.js';
import { breakAt, stepAndProbe } from '../gdb-script.js';
import { hex } from '../checker.js';
import { stepRun, checkStepRun } from './steps.js';
import { smpLoopPoint } from './smp-places.js';

const STEPS = 3;

/** With scheduler-locking on (or step), the vCPUs other than the stepping one must not have moved since `from`. */
function othersStill(c: Checker, o: Observation, from: string, labels: string[]): void {
  const start = o.at(from);
  if (!start) return;
  for (const l of labels) {
    const p = o.at(l);
    if (!p) return;
    for (const v of p.machine.vcpus) {
      const before = start.machine.vcpus[v.index]!;
      if (v.index === start.thread - 1 || !before.started) continue;
      c.equal(`${l}: vCPU ${v.index} (not stepping) did not run`, hex(before.nip), hex(v.nip));
    }
  }
}

export const schedulerLocking: Scenario = {
  id: '14',
  title: 'scheduler-locking on, step, off',
  checks: `One vCPU stops in the \`smp_work\` loop and steps ${STEPS} times with \`set scheduler-locking on\` (vCont;s:N: the others `
    + `stay stopped — checked on the machine: their NIP does not move), ${STEPS} times with \`step\` (the same for stepi), then `
    + 'once with `off` (vCont;s:N;c: the others run during the step). Every step is checked against the ISA.',
  minSmp: 2,
  commands: (ctx) => [
    breakAt(smpLoopPoint(ctx)), 'continue', 'delete',
    'set scheduler-locking on', ...stepRun('a', STEPS),
    'set scheduler-locking step', ...stepAndProbe('a4'), ...stepAndProbe('a5'), ...stepAndProbe('a6'),
    'set scheduler-locking off', ...stepAndProbe('a7'),
  ],
  verify(ctx, o, c) {
    checkStepRun(c, o, ctx.kernel, 'a', 2 * STEPS + 1);
    othersStill(c, o, 'a0', Array.from({ length: 2 * STEPS }, (_, i) => `a${i + 1}`));
  },
};
