import {
  decoder, InsnFlag, SPR_SRR0, SPR_SRR1, fRT, fRS, fSPR, fL16, fLEV, fXO_SC, fLI, fBD, fAA,
} from '@hvstep/emulator-core';

/**
 * The few things the software single step must know of the instruction it steps (spec
 * section 3), read from the core's decode table (its flags and branch kinds) and
 * field extractors: nothing about encodings is written here.
 */

/** What the stepper needs to know about the instruction it steps. */
export type SteppedInstruction =
  | { kind: 'rfid' }
  | { kind: 'hrfid' }
  /** rfscv: rfid with LR in place of SRR0 and CTR in place of SRR1 (returns from scv). */
  | { kind: 'rfscv' }
  /** sc LEV=0 (system call), LEV=1 (hypercall), or scv (level -1). */
  | { kind: 'sc'; level: number }
  | { kind: 'mtsrr'; srr: 0 | 1; rs: number }
  | { kind: 'mfmsr'; rt: number }
  /** mtmsr (32-bit, low word only) or mtmsrd; L=1 changes only EE and RI. */
  | { kind: 'mtmsr'; rs: number; doubleword: boolean; l: number }
  | { kind: 'branch' }
  | { kind: 'other' };

export function classify(word: number): SteppedInstruction {
  const def = decoder.lookup(word);
  if (!def) return { kind: 'other' };
  const flags = def.flags ?? 0;
  if (flags & InsnFlag.SystemCall) return { kind: 'sc', level: fXO_SC(word) === 0 ? -1 : fLEV(word) };
  if (def.branch) return { kind: 'branch' };
  if (def.mnemonic === 'rfscv') return { kind: 'rfscv' };
  if (flags & InsnFlag.ReturnFromInterrupt) return { kind: flags & InsnFlag.HypervisorPrivileged ? 'hrfid' : 'rfid' };
  if (flags & InsnFlag.ReadsMsr) return { kind: 'mfmsr', rt: fRT(word) };
  if (flags & InsnFlag.WritesMsr) return { kind: 'mtmsr', rs: fRS(word), doubleword: def.mnemonic === 'mtmsrd', l: fL16(word) };
  if (def.mnemonic === 'mtspr') {
    const spr = fSPR(word);
    if (spr === SPR_SRR0 || spr === SPR_SRR1) return { kind: 'mtsrr', srr: spr === SPR_SRR0 ? 0 : 1, rs: fRS(word) };
  }
  return { kind: 'other' };
}

/**
 * True when planning or hiding a step of `insn` reads a GPR (the source of mtmsr[d] or
 * mtsrr, the destination of mfmsr): only then does the stepper copy the GPRs out of
 * the register file, 32 BigInts that every other step would allocate for nothing.
 */
export function readsGprs(insn: SteppedInstruction): boolean {
  return insn.kind === 'mtmsr' || insn.kind === 'mtsrr' || insn.kind === 'mfmsr';
}

/** Registers a branch's targets depend on. */
export interface BranchContext { nip: bigint; lr: bigint; ctr: bigint; tar: bigint }

const MASK64 = (1n << 64n) - 1n;

/**
 * Every address a branch at `nip` can go to next (both ways of a conditional one),
 * or undefined when `word` is not a branch. Used where the Trace interrupt cannot end
 * a step: the planted breakpoints go on each possible successor instead (GDB's own
 * software single step, ppc_deal_with_atomic_sequence's neighbour).
 */
export function branchSuccessors(word: number, ctx: BranchContext): bigint[] | undefined {
  const kind = decoder.lookup(word)?.branch;
  if (kind === undefined) return undefined;
  const next = (ctx.nip + 4n) & MASK64;
  const relative = (disp: number): bigint => (fAA(word) ? BigInt(disp) : ctx.nip + BigInt(disp)) & MASK64;
  switch (kind) {
    case 'immediate': return [relative(fLI(word))];
    case 'conditional': return unique([relative(fBD(word)), next]);
    case 'lr': return unique([ctx.lr & ~3n & MASK64, next]);
    case 'ctr': return unique([ctx.ctr & ~3n & MASK64, next]);
    case 'tar': return unique([ctx.tar & ~3n & MASK64, next]);
  }
}

function unique(list: bigint[]): bigint[] { return [...new Set(list)]; }
