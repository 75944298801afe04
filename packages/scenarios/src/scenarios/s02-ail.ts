import type { Scenario } from '../scenario.js';
import { Vector, vectorAddress } from '@hvstep/emulator-core';
import { MSR_IR, MSR_DR } from '../msr.js';
import { stepRun, checkStepRun, checkStepExits } from './steps.js';

const STEPS = 4;

function ailScenario(id: string, ail: 0 | 2, handler: string, handlerEa: bigint): Scenario {
  return {
    id,
    title: `plain stepi, MMU on, AIL=${ail}`,
    checks: `Bootargs \`ail=${ail}\`: the kernel asks H_SET_MODE for AIL=${ail}, so the Trace handler the step uses is at ${handler}. `
      + `\`break kernel_main\`, 4 × \`stepi\`, checked as in scenario 1; LPCR[AIL] must read ${ail}, and the guest (whose own `
      + `interrupts now ${ail === 0 ? 'arrive in real mode' : 'arrive at EA 0x18000 + vector'}) must still finish every self-check. On \`hv\` each step must be a breakpoint exit at that address.`,
    bootargs: `ail=${ail}`,
    commands: () => ['break kernel_main', 'continue', ...stepRun('s', STEPS)],
    verify(ctx, o, c) {
      const [first] = checkStepRun(c, o, ctx.kernel, 's', STEPS);
      checkStepExits(c, o, ctx.accel, STEPS, handlerEa);
      if (first) {
        c.equal('LPCR[AIL] at kernel_main', ail, first.machine.ail);
        c.equal('relocation on at kernel_main', MSR_IR | MSR_DR, first.msr & (MSR_IR | MSR_DR));
      }
      c.that('guest console', o.console.includes(`AIL=${ail}`), `'AIL=${ail}'`, 'missing');
    },
  };
}

export const ail0 = ailScenario('2a', 0, '0xd00 (real mode)', vectorAddress(Vector.Trace, 0));
export const ail2 = ailScenario('2b', 2, 'EA 0x18d00 (relocation on)', vectorAddress(Vector.Trace, 2));
