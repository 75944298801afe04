import type { ScenarioContext } from '../scenario.js';

/**
 * An instruction of smp_work's counting loop that every vCPU passes on every iteration,
 * followed by straight-line code and plain branches (no lwarx: GDB steps over a
 * lwarx/stwcx. sequence as a whole, with breakpoints): the `clrldi` of `(i & 0x3fff)`.
 */
export function smpLoopPoint(ctx: ScenarioContext): bigint {
  const k = ctx.kernel;
  return k.find(k.symbol('smp_work'), /^clrldi/, k.symbol('secondary_main')).address;
}

/** Instructions that can be stepped from smpLoopPoint up to and including the branch to a lwarx. */
export const SMP_LOOP_STEPS = 7;
