import type { Scenario } from '../scenario.js';
import { breakAt, stepAndProbe } from '../gdb-script.js';
import { stepRun, checkStepRun, othersStill } from './steps.js';
import { smpLoopPoint } from './smp-places.js';

const STEPS = 3;

export const schedulerLocking: Scenario = {
  id: '14',
  title: 'scheduler-locking on, step, off',
  checks: `One vCPU stops in the \`smp_work\` loop and steps ${STEPS} times with \`set scheduler-locking on\` (vCont;s:N: the others `
    + `stay stopped — checked on the machine: their NIP and retired-instruction count do not move), ${STEPS} times with \`step\` (the same for stepi), then `
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
