import { H_SET_MODE as H_SET_MODE_NUMBER, H_SET_MODE_RESOURCE_ADDR_TRANS_MODE } from '@hvstep/hypervisor';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { breakAt } from '../gdb-script.js';
import { stepRun, checkStepRun } from './steps.js';

/** The `sc 1` of h_set_mode (hcall() is inlined there). */
const hcallSc = (ctx: ScenarioContext): bigint => ctx.kernel.find(ctx.kernel.symbol('h_set_mode'), /^sc\s+1$/, ctx.kernel.symbol('h_prod')).address;

/** PAPR: H_SET_MODE and its address-translation-mode resource, as the register values the guest passes. */
const H_SET_MODE = BigInt(H_SET_MODE_NUMBER);
const RESOURCE_ADDR_TRANS_MODE = BigInt(H_SET_MODE_RESOURCE_ADDR_TRANS_MODE);

export const ailChange: Scenario = {
  id: '17',
  title: 'stepping the sc 1 that changes AIL',
  checks: 'Stops on the `sc 1` of `h_set_mode` (r3 = H_SET_MODE, r5 = 3: AIL), with LPCR[AIL] = 0. Steps the '
    + 'hypercall (the step breakpoint was planted for AIL=0, 0xd00 real; the step must still end on the next instruction) '
    + 'and the instruction after it (LPCR[AIL] = 3 now: the breakpoint must move to 0xc000000000004d00).',
  commands: (ctx) => [
    breakAt(hcallSc(ctx)), 'continue', 'delete', ...stepRun('h', 2),
  ],
  verify(ctx, o, c) {
    const [h0, h1] = checkStepRun(c, o, ctx.kernel, 'h', 2);
    if (h0) {
      c.equal('at the hypercall: r3', H_SET_MODE, h0.vcpu.gpr[3]!);
      c.equal('at the hypercall: r5', RESOURCE_ADDR_TRANS_MODE, h0.vcpu.gpr[5]!);
      c.equal('LPCR[AIL] before', 0, h0.machine.ail);
    }
    if (h1) c.equal('LPCR[AIL] after the hypercall', 3, h1.machine.ail);
  },
};
