import { DATA_BASE, BASE_REG } from './program.js';
import type { Verdict } from './compare.js';
import type { TestCase } from './testcase.js';

/**
 * Known QEMU 7.2 bugs: where QEMU's result contradicts what the ISA defines, a
 * mismatch is not an emulator bug. Each entry recognises its bug on a minimised
 * case (a single instruction, so the input state is the state the instruction
 * sees) and explains it; such cases are counted and listed apart from mismatches.
 * Results the ISA leaves undefined are not here: there QEMU is the reference.
 */
export interface Quirk {
  mnemonics: readonly string[];
  explain: string;
  matches(tc: TestCase, verdict: Verdict): boolean;
}

const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/** A single-instruction case's operand registers; r31 is the block base of a one-case program. */
function operand(tc: TestCase, r: number): bigint {
  return r === BASE_REG ? BigInt(DATA_BASE) : tc.input.gpr[r]!;
}

export const QUIRKS: readonly Quirk[] = [
  {
    mnemonics: ['divde'],
    explain: 'QEMU 7.2 divde[o][.] does not detect a quotient outside the signed 64-bit range ' +
      '(e.g. (1 || 0^64) / 2 = 2^63 gives 0x8000000000000000 with OV=0); the ISA requires OV=1 and leaves RT undefined',
    matches(tc) {
      if (tc.slots.length !== 1 || tc.slots[0]!.mnemonic !== 'divde') return false;
      const w = tc.slots[0]!.word;
      const a = s64(operand(tc, (w >>> 16) & 31)), b = s64(operand(tc, (w >>> 11) & 31));
      if (b === 0n) return false; // QEMU gets divide by zero right
      const q = (a << 64n) / b; // BigInt division truncates towards zero, as divde does
      return q < -(1n << 63n) || q >= 1n << 63n;
    },
  },
];

export const QUIRK_MNEMONICS = new Set(QUIRKS.flatMap((q) => q.mnemonics));

export function knownQuirk(tc: TestCase, verdict: Verdict): Quirk | undefined {
  if (verdict.ok) return undefined;
  return QUIRKS.find((q) => q.matches(tc, verdict));
}
