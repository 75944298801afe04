import type { Cpu } from '../cpu/cpu.js';
import { Exit } from '../cpu/exit.js';
import { Flow, type InstructionDef } from '../decode/instruction.js';
import { W_NIP, W_MSR, W_LR, W_CTR, sprWord } from '../state/layout.js';
import { SPR_HSRR0, SPR_HSRR1, SPR_HEIR } from '../cpu/spr-numbers.js';
import {
  programInterrupt, interruptAfter, deliverSystemCallVectored, facilityUnavailable, Vector, PROGRAM_PRIVILEGED, PROGRAM_TRAP,
} from '../cpu/interrupts.js';
import { advanceNip } from '../cpu/nip.js';
import { SPR_FSCR } from '../cpu/spr-numbers.js';
import { FSCR_LG, fscrBit } from '../cpu/fscr.js';
import { fLEV } from './fields.js';
import { isaBits } from '../decode/field-specs.js';

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


/**
 * scv LEV (SC-form, Book III 7.5 "System Call Vectored Interrupt", ISA 3.0). In system
 * mode: Facility Unavailable while FSCR[SCV] is clear (QEMU helper_scv), otherwise the
 * vectored system call interrupt (LR = the next instruction, CTR = MSR). In the
 * Linux-user runner the same LR/CTR effects, NIP advanced, and an exit: the runner
 * tells it from `sc` by `exitWord` and answers with the scv convention (a negative
 * errno in r3, CR0 untouched).
 */
function scv(c: Cpu, w: number): number {
  c.exitWord = w;
  if (c.systemMode) {
    if ((c.r[sprWord(SPR_FSCR)]! & fscrBit(FSCR_LG.SCV)) === 0) return facilityUnavailable(c, FSCR_LG.SCV);
    return deliverSystemCallVectored(c, fLEV(w));
  }
  const r = c.r, msrLo = r[W_MSR]!, msrHi = r[W_MSR + 1]!;
  advanceNip(c);
  r[W_LR] = r[W_NIP]!; r[W_LR + 1] = r[W_NIP + 1]!;
  r[W_CTR] = msrLo; r[W_CTR + 1] = msrHi;
  c.pendingExit = Exit.SystemCall;
  return Flow.Exit;
}

/*
 * Primary 17 is indexed by ISA bits 30:31 (decode/opcode-space.ts): 0b10 sc, 0b01 scv;
 * 0b00 and 0b11 are illegal. The reserved bits are the ones QEMU's decode masks for
 * sc (0x03FFF01D) and scv (0x03FFF01E) check besides bits 30:31.
 */
export const systemDefs: InstructionDef[] = [
  { mnemonic: 'sc', form: 'SC', primary: 17, xo: 2, exec: sc, reserved: isaBits('6:19 27:29') },
  { mnemonic: 'scv', form: 'SC', primary: 17, xo: 1, exec: scv, reserved: isaBits('6:19 27:29') },
];
