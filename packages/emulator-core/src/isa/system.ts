import type { Cpu } from '../cpu/cpu.js';
import { Exit } from '../cpu/exit.js';
import { Flow, type InstructionDef } from '../decode/instruction.js';
import { W_NIP, W_MSR, sprWord } from '../state/layout.js';
import { SPR_HSRR0, SPR_HSRR1, SPR_HEIR } from '../cpu/spr-numbers.js';
import { programInterrupt, interruptAfter, Vector, PROGRAM_PRIVILEGED, PROGRAM_TRAP } from '../cpu/interrupts.js';
import { advanceNip } from '../cpu/nip.js';
import { fLEV, fXO_SC } from './fields.js';

/**
 * Illegal instruction. In the Linux-user runner: an exit that reports the image.
 * For a guest (MSR[HV]=0) on POWER9 an illegal instruction raises the Hypervisor
 * Emulation Assistance interrupt, which belongs to the hypervisor: the core exits
 * with HSRR0 = the instruction, HSRR1 = MSR, HEIR = the image as fetched, and the
 * hypervisor decides (KVM-HV: a debug breakpoint, or a Program interrupt injected).
 */
export function illegal(c: Cpu, w: number): number {
  c.exitWord = w;
  if (c.systemMode) {
    const r = c.r;
    r[sprWord(SPR_HSRR0)] = r[W_NIP]!; r[sprWord(SPR_HSRR0) + 1] = r[W_NIP + 1]!;
    r[sprWord(SPR_HSRR1)] = r[W_MSR]!; r[sprWord(SPR_HSRR1) + 1] = r[W_MSR + 1]!;
    r[sprWord(SPR_HEIR)] = w; r[sprWord(SPR_HEIR) + 1] = 0;
    c.pendingExit = Exit.HypervisorEmulationAssistance;
    return Flow.Exit;
  }
  c.pendingExit = Exit.IllegalInstruction;
  return Flow.Exit;
}

/** Hypervisor-privileged instruction or SPR in guest state: HEAI, like an illegal instruction. */
export const hypervisorPrivileged = illegal;

/** Privileged instruction in problem state: Program interrupt, SRR1 bit 45 (user mode: an exit). */
export function privileged(c: Cpu, w: number): number {
  c.exitWord = w;
  if (c.systemMode) return programInterrupt(c, PROGRAM_PRIVILEGED);
  c.pendingExit = Exit.PrivilegedInstruction;
  return Flow.Exit;
}

/** Trap instruction whose condition is met: Program interrupt, SRR1 bit 46 (user mode: an exit). */
export function trap(c: Cpu, w: number): number {
  c.exitWord = w;
  if (c.systemMode) return programInterrupt(c, PROGRAM_TRAP);
  c.pendingExit = Exit.Trap;
  return Flow.Exit;
}

/**
 * sc LEV (SC-form, Book III 7.5.14). LEV=0 is the system call: in system mode the
 * System Call interrupt (0xC00, SRR0 = the next instruction); in the Linux-user
 * runner an exit with NIP advanced. LEV=1 from guest supervisor state is a
 * hypercall: an exit to the hypervisor with NIP at the next instruction (where
 * KVM resumes). LEV=1 in problem state is privileged.
 */
function sc(c: Cpu, w: number): number {
  // ISA bit 30 distinguishes sc (1) from scv (0, ISA 3.0 System Call Vectored), which is not implemented
  if (fXO_SC(w) === 0) return illegal(c, w);
  c.exitWord = w;
  const lev = fLEV(w);
  if (c.systemMode) {
    if (lev === 0) return interruptAfter(c, Vector.SystemCall, 0);
    if (lev === 1 && !c.problemState) { advanceNip(c); c.pendingExit = Exit.Hypercall; c.suppressTrace = true; return Flow.Exit; }
    return privileged(c, w);
  }
  if (lev !== 0) return illegal(c, w);
  advanceNip(c);
  c.pendingExit = Exit.SystemCall;
  return Flow.Exit;
}


export const systemDefs: InstructionDef[] = [
  { mnemonic: 'sc', form: 'SC', primary: 17, exec: sc },
];
