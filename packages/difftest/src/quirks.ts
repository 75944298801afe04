import { DATA_BASE, BASE_REG } from './program.js';
import type { Verdict } from './compare.js';
import { truncateCase, type TestCase } from './testcase.js';
import type { MachineState } from './state.js';

/** Runs a case alone: the verdict and QEMU's final state when it completed. */
export type Probe = (tc: TestCase) => Promise<{ verdict: Verdict; qemu?: MachineState }>;

/**
 * Known QEMU 7.2 bugs: where QEMU's result contradicts what the ISA defines, a
 * mismatch is not an emulator bug. Each entry looks at one instruction of a
 * minimised case, given the state it starts from (both sides agree on it: the case
 * cut before the instruction passes), and says whether the bug applies; such cases
 * are counted and listed apart from mismatches. Results the ISA leaves undefined are
 * not here: there QEMU is the reference.
 */
export interface Quirk {
  mnemonics: readonly string[];
  explain: string;
  /** `word` is the instruction, `regs` the GPRs it reads (r31 included) */
  applies(word: number, gpr: readonly bigint[]): boolean;
}

/*
 * hvstep reproduces QEMU 7.2 wherever the ISA leaves room (QEMU's divde overflow test,
 * which used to be listed here, is in emulator-core isa/fixed/arith.ts). A stale entry
 * would hide real emulator bugs as "known QEMU bugs", so each is narrow.
 */
export const QUIRKS: readonly Quirk[] = [
  {
    mnemonics: ['vrldmi'],
    explain: 'QEMU 7.2 expands vrldmi with its vrldnm code (gen_vrlnm_vec) on x86-64 hosts: VRT bits outside the mask are cleared instead of kept (ISA 3.0B 6.9.3 vrldmi inserts under the mask)',
    // the difference is confined to VRT's bits outside the mask; the GPRs play no part
    applies: () => true,
  },
];

export const QUIRK_MNEMONICS = new Set(QUIRKS.flatMap((q) => q.mnemonics));

/**
 * The known bug behind a minimised mismatch, if any: for each instruction a quirk
 * covers, the case cut just before it must pass (so the state there is agreed), and
 * the quirk must apply to that state.
 */
export async function knownQuirk(tc: TestCase, verdict: Verdict, probe: Probe): Promise<Quirk | undefined> {
  if (verdict.ok) return undefined;
  for (let k = 0; k < tc.slots.length; k++) {
    const quirk = QUIRKS.find((q) => q.mnemonics.includes(tc.slots[k]!.mnemonic));
    if (!quirk || tc.slots[k]!.setup.length) continue;
    let gpr: readonly bigint[];
    if (k === 0) {
      gpr = tc.input.gpr.map((v, i) => (i === BASE_REG ? BigInt(DATA_BASE) : v));
    } else {
      const before = await probe(truncateCase(tc, k));
      if (!before.verdict.ok || !before.qemu) continue;
      gpr = before.qemu.gpr;
    }
    if (quirk.applies(tc.slots[k]!.word, gpr)) return quirk;
  }
  return undefined;
}
