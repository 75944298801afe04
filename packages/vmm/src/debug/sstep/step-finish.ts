import type { StepPlan } from './step-plan.js';
import { MSR_SE } from './vector-address.js';

/**
 * The interrupt-set SRR1 bits and SE that must never reach the restored MSR (spec
 * section 3: 0x781F0400 = SE | bits 33:36 | bits 43:47, MSB-0).
 */
export const SRR1_HIDE_MASK = 0x781f0400n;

/** The vCPU at the step breakpoint. */
export interface StepStop {
  srr0: bigint;
  srr1: bigint;
  ctr: bigint;
  /** The GPRs; may be empty when the stepped instruction reads none (instruction.ts readsGprs). */
  gpr: readonly bigint[];
}

/** Register changes that hide the step from the guest. */
export interface HideUpdate {
  nip: bigint;
  msr: bigint;
  srr0: bigint;
  srr1: bigint;
  /** CTR as it was before the step (an rfscv stepped by trace had SE added to it). */
  ctr: bigint;
  /** A GPR to rewrite (mfmsr's destination without the debugger's SE). */
  gpr?: { n: number; value: bigint };
}

/**
 * Hides a `trace` step that reached the Trace handler (spec section 3, step 3): NIP =
 * SRR0 (the next instruction), MSR = SRR1 without SE and the interrupt bits — but with
 * SE if the stepped instruction was the guest's own mtmsr[d] setting it — and SRR0/SRR1
 * as they were before the step (`saved`), then replaying a stepped mtsrr0/mtsrr1; CTR
 * loses the SE an rfscv stepped by trace was given.
 */
export function hideTrace(plan: StepPlan, saved: { srr0: bigint; srr1: bigint; ctr: bigint }, at: StepStop): HideUpdate {
  const insn = plan.instruction;
  let msr = at.srr1 & ~SRR1_HIDE_MASK;
  if (insn.kind === 'mtmsr' && insn.l === 0 && (at.gpr[insn.rs]! & MSR_SE) !== 0n) msr |= MSR_SE;
  const update: HideUpdate = { nip: at.srr0, msr, srr0: saved.srr0, srr1: saved.srr1, ctr: at.ctr };
  if (insn.kind === 'rfscv') update.ctr = saved.ctr;
  if (insn.kind === 'mtsrr') {
    // the guest's write was overwritten by the Trace interrupt: replay it
    if (insn.srr === 0) update.srr0 = at.gpr[insn.rs]!;
    else update.srr1 = at.gpr[insn.rs]!;
  }
  if (insn.kind === 'mfmsr') update.gpr = { n: insn.rt, value: at.gpr[insn.rt]! & ~MSR_SE };
  return update;
}

/**
 * A `trace` step that faulted stops at the interrupt's handler: the interrupt saved the
 * MSR the instruction ran under, with the debugger's SE, in SRR1; only that SE is taken
 * away (the MSR itself has SE clear: interrupts clear it).
 */
export function hideAtVector(at: { srr1: bigint }): { srr1: bigint } {
  return { srr1: at.srr1 & ~MSR_SE };
}
