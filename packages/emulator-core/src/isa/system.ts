import type { Cpu } from '../cpu/cpu.js';
import { Exit } from '../cpu/exit.js';
import { Flow, type InstructionDef } from '../decode/instruction.js';
import { W_NIP } from '../state/layout.js';

/** Handler for words the decode table does not hold: the run loop reports the image. */
export function illegal(c: Cpu, w: number): number {
  c.exitWord = w;
  c.pendingExit = Exit.IllegalInstruction;
  return Flow.Exit;
}

/** Privileged instruction executed in problem state (Program interrupt, SRR1 bit 45). */
export function privileged(c: Cpu, w: number): number {
  c.exitWord = w;
  c.pendingExit = Exit.PrivilegedInstruction;
  return Flow.Exit;
}

/**
 * sc LEV (SC-form, Book III 7.5.14): LEV=0 is the system call; the system call
 * interrupt's SRR0 is the next instruction, so NIP is advanced before exiting.
 * Other LEV values are for the hypervisor (LEV=1, the privileged-architecture issue).
 */
function sc(c: Cpu, w: number): number {
  c.exitWord = w;
  const s = (c.r[W_NIP]! >>> 0) + 4;
  c.r[W_NIP] = s | 0;
  if (s >= 4294967296) c.r[W_NIP + 1] = (c.r[W_NIP + 1]! + 1) | 0;
  c.pendingExit = Exit.SystemCall;
  return Flow.Exit;
}

export const systemDefs: InstructionDef[] = [
  { mnemonic: 'sc', form: 'SC', primary: 17, exec: sc },
  // MSR access is privileged (Book III 5.4.4): a problem-state program gets a privileged Program interrupt
  { mnemonic: 'mfmsr', form: 'X', primary: 31, xo: 83, exec: privileged },
  { mnemonic: 'mtmsr', form: 'X', primary: 31, xo: 146, exec: privileged },
  { mnemonic: 'mtmsrd', form: 'X', primary: 31, xo: 178, exec: privileged },
];
