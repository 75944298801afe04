import type { Cpu } from '../cpu/cpu.js';
import { Flow, type InstructionDef } from '../decode/instruction.js';
import { W_MSR, W_NIP, W_CFAR, sprWord } from '../state/layout.js';
import { MSR_HI_HV, MSR_EE, MSR_RI, MSR_PR, MSR_IR, MSR_DR, MSR_ME, MSR_HI_SF, SRR1_INTERRUPT_BITS } from '../cpu/msr.js';
import { SPR_SRR0, SPR_SRR1, SPR_LR, SPR_CTR } from '../cpu/spr-numbers.js';
import { deliverInterrupt, Vector } from '../cpu/interrupts.js';
import { CTL_REQUESTS, CTL_DOORBELL, CONTROL_WORDS_PER_VCPU, REQUEST_INTERRUPT_CHECK } from '../cpu/control.js';
import { fRT, fRB, fL16 } from './fields.js';
import { lo, hi, setGpr } from './registers.js';
import { privileged, hypervisorPrivileged } from './system.js';
import { advanceNip } from '../cpu/nip.js';
import { withReserved } from './rows.js';

/*
 * Book III instructions a partition's kernel executes (MSR[HV]=0, MSR[PR]=0). In
 * problem state each is a privileged Program interrupt; the hypervisor-only ones
 * (hrfid, stop) raise HEAI in guest state.
 */

/** Completes an MSR-changing instruction: NIP to the next instruction, let the run loop recheck the MSR. */
function nextAfterMsrChange(c: Cpu): number {
  advanceNip(c);
  return Flow.Jump;
}

/**
 * The MSR a privileged write may install from `newHi:newLo` (Book III 4.4.3
 * mtmsrd, 4.4.1 rfid): a guest cannot change HV or ME, and entering problem state
 * forces EE, IR and DR on.
 */
function guardedMsr(c: Cpu, newHi: number, newLo: number): void {
  const oldHi = c.r[W_MSR + 1]!, oldLo = c.r[W_MSR]!;
  const h = (newHi & ~MSR_HI_HV) | (oldHi & MSR_HI_HV);
  let l = newLo;
  if ((oldHi & MSR_HI_HV) === 0) l = (l & ~MSR_ME) | (oldLo & MSR_ME);
  if (l & MSR_PR) l |= MSR_EE | MSR_IR | MSR_DR;
  c.setMsr(h, l);
}

// mfmsr RT (X) Book III 4.4.4
function mfmsr(c: Cpu, w: number): number {
  if (c.problemState) return privileged(c, w);
  setGpr(c, fRT(w), c.r[W_MSR + 1]!, c.r[W_MSR]!);
  return Flow.Next;
}
// mtmsrd RS,L (X) Book III 4.4.3: L=1 changes only EE and RI
function mtmsrd(c: Cpu, w: number): number {
  if (c.problemState) return privileged(c, w);
  const rs = fRT(w);
  if (fL16(w)) {
    const l = (c.r[W_MSR]! & ~(MSR_EE | MSR_RI)) | (lo(c, rs) & (MSR_EE | MSR_RI));
    c.setMsr(c.r[W_MSR + 1]!, l);
  } else {
    guardedMsr(c, hi(c, rs), lo(c, rs));
  }
  return nextAfterMsrChange(c);
}
// mtmsr RS,L (X) Book III 4.4.2: the low 32 bits only (SF and the rest of the high word unchanged)
function mtmsr(c: Cpu, w: number): number {
  if (c.problemState) return privileged(c, w);
  const rs = fRT(w);
  if (fL16(w)) {
    const l = (c.r[W_MSR]! & ~(MSR_EE | MSR_RI)) | (lo(c, rs) & (MSR_EE | MSR_RI));
    c.setMsr(c.r[W_MSR + 1]!, l);
  } else {
    guardedMsr(c, c.r[W_MSR + 1]!, lo(c, rs));
  }
  return nextAfterMsrChange(c);
}
// rfid (XL) Book III 4.4.1: MSR from SRR1, NIP from SRR0; no Trace interrupt after it
function rfid(c: Cpu, w: number): number {
  if (c.problemState) return privileged(c, w);
  const r = c.r;
  r[W_CFAR] = r[W_NIP]!; r[W_CFAR + 1] = r[W_NIP + 1]!; // QEMU gen_rfid: gen_update_cfar
  const srr0 = sprWord(SPR_SRR0), srr1 = sprWord(SPR_SRR1);
  // MSR bits 33:36 and 42:47 are not loaded from SRR1 (they hold interrupt reasons there)
  guardedMsr(c, r[srr1 + 1]!, (r[srr1]! & ~SRR1_INTERRUPT_BITS) | (r[W_MSR]! & SRR1_INTERRUPT_BITS));
  r[W_NIP] = r[srr0]! & ~3;
  r[W_NIP + 1] = (r[W_MSR + 1]! & MSR_HI_SF) ? r[srr0 + 1]! : 0;
  c.suppressTrace = true;
  return Flow.Jump;
}

// rfscv (XL) Book III 4.4.1 (ISA 3.0): as rfid with LR in place of SRR0 and CTR in place
// of SRR1 (QEMU helper_rfscv: do_rfi(env, lr, ctr)); returns from scv
function rfscv(c: Cpu, w: number): number {
  if (c.problemState) return privileged(c, w);
  const r = c.r;
  r[W_CFAR] = r[W_NIP]!; r[W_CFAR + 1] = r[W_NIP + 1]!;
  const lr = sprWord(SPR_LR), ctr = sprWord(SPR_CTR);
  guardedMsr(c, r[ctr + 1]!, (r[ctr]! & ~SRR1_INTERRUPT_BITS) | (r[W_MSR]! & SRR1_INTERRUPT_BITS));
  r[W_NIP] = r[lr]! & ~3;
  r[W_NIP + 1] = (r[W_MSR + 1]! & MSR_HI_SF) ? r[lr + 1]! : 0;
  c.suppressTrace = true;
  return Flow.Jump;
}

// msgsndp RB (X) Book III 10.4.1: directed privileged doorbell to thread RB[57:63] of this core.
// The VM's vCPUs are the threads of one virtual core, so the target is vCPU index TIR.
function msgsndp(c: Cpu, w: number): number {
  if (c.problemState) return privileged(c, w);
  const target = lo(c, fRB(w)) & 0x7f;
  const base = target * CONTROL_WORDS_PER_VCPU;
  if (base < c.controls.length && ((lo(c, fRB(w)) >>> 27) & 0x1f) === 5) {
    Atomics.store(c.controls, base + CTL_DOORBELL, 1);
    Atomics.or(c.controls, base + CTL_REQUESTS, REQUEST_INTERRUPT_CHECK);
    // wake the target if its thread idles (H_CEDE waits on this word)
    Atomics.notify(c.controls, base + CTL_REQUESTS);
  }
  return Flow.Next;
}
// msgclrp RB (X): clears this thread's pending directed privileged doorbell
function msgclrp(c: Cpu, w: number): number {
  if (c.problemState) return privileged(c, w);
  if (((lo(c, fRB(w)) >>> 27) & 0x1f) === 5) Atomics.store(c.controls, c.controlBase + CTL_DOORBELL, 0);
  return Flow.Next;
}

/** FP instruction while MSR[FP]=0: Floating-Point Unavailable, SRR0 = the instruction (Book III 7.5.9). */
export function fpUnavailable(c: Cpu, _w: number): number {
  return deliverInterrupt(c, Vector.FloatingPointUnavailable, c.r[W_NIP + 1]!, c.r[W_NIP]!, 0);
}
/** Vector Unavailable (Book III 7.5.21): a vector instruction while MSR[VEC]=0; SRR0 = the instruction. */
export function vectorUnavailable(c: Cpu, _w: number): number {
  return deliverInterrupt(c, Vector.VectorUnavailable, c.r[W_NIP + 1]!, c.r[W_NIP]!, 0);
}
/** VSX Unavailable (Book III 7.5.22): a VSX instruction while MSR[VSX]=0; SRR0 = the instruction. */
export function vsxUnavailable(c: Cpu, _w: number): number {
  return deliverInterrupt(c, Vector.VsxUnavailable, c.r[W_NIP + 1]!, c.r[W_NIP]!, 0);
}

const X = (mnemonic: string, xo: number, exec: (c: Cpu, w: number) => number): InstructionDef =>
  ({ mnemonic, form: 'X', primary: 31, xo, exec });
const XL = (mnemonic: string, xo: number, exec: (c: Cpu, w: number) => number): InstructionDef =>
  ({ mnemonic, form: 'XL', primary: 19, xo, exec });

export const privilegedDefs: InstructionDef[] = [
  X('mfmsr', 83, mfmsr),
  X('mtmsr', 146, mtmsr),
  X('mtmsrd', 178, mtmsrd),
  XL('rfid', 18, rfid),
  withReserved('6:20 31', XL('rfscv', 82, rfscv)),
  XL('hrfid', 274, hypervisorPrivileged),
  XL('stop', 370, hypervisorPrivileged),
  X('msgsndp', 142, msgsndp),
  X('msgclrp', 174, msgclrp),
];
