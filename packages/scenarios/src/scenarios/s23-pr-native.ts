import { Vector } from '@hvstep/emulator-core';
import type { Scenario } from '../scenario.js';
import { stepRun, checkStepRun } from './steps.js';

const STEPS = 6;
/** HEAI: the exit a debug instruction causes (a software breakpoint, or the emulated step's). */
const HEAI = Vector.HypervisorEmulationAssistance;

export const prNative: Scenario = {
  id: '23',
  title: 'pr model: native single step',
  checks: `On the \`pr\` model the hypervisor steps natively (KVM_CAP_PPC_GUEST_DEBUG_SSTEP = 1): ${STEPS} steps from \`kernel_main\`, `
    + 'checked against the ISA, and every step exit is a Trace exit — no debug instruction is hit, i.e. no step breakpoint '
    + 'was planted (n/a on `hv`, where every other scenario exercises the emulated step).',
  accels: ['pr'],
  commands: () => ['break kernel_main', 'continue', 'delete', 'monitor model', ...stepRun('s', STEPS)],
  verify(ctx, o, c) {
    const points = checkStepRun(c, o, ctx.kernel, 's', STEPS);
    const first = points[0];
    if (!first) return;
    const stepExits = o.session.debugExits.slice(-STEPS);
    c.equal('debug exits during the steps', STEPS, stepExits.length);
    c.equal('debug exits that were breakpoints (HEAI)', 0, stepExits.filter((e) => e.exception === HEAI).length);
  },
};
