import { fOPCD, fXO_X, fXO_XX3, fRc } from '@hvstep/emulator-core';
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
  /**
   * `word` is the instruction, `gpr` the GPRs it reads (r31 included), `earlier` every
   * word the case ran before it (earlier slots and their setups, and its own setup).
   * A quirk that looks at `earlier` only sets `byHistory`: it then also applies to an
   * instruction with setup words, and no state is probed for it.
   */
  applies(word: number, gpr: readonly bigint[], earlier: readonly number[]): boolean;
  byHistory?: boolean;
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
  {
    mnemonics: ['stqcx.'],
    explain: 'QEMU 7.2 lqarx loads and records the reserved value but not the reservation address (gen_lqarx; fixed upstream in 2023 by QEMU commit e025e8f5a8a7), so a stqcx. that follows it fails where Book II 4.6.2 makes it succeed',
    byHistory: true,
    // only when an lqarx ran earlier in the case: without one, stqcx. is compared as usual
    applies: (_word, _gpr, earlier) => earlier.some((w) => fOPCD(w) === 31 && fXO_X(w) === LQARX_XO),
  },
  {
    mnemonics: ['xsnmsubqp'],
    explain: 'QEMU 7.2 declares xsnmsubqpo with the rounding flag off (fpu_helper.c VSX_MADDQ(XSNMSUBQPO, NMSUB_FLGS, 0), where the other [o] multiply-adds pass 1), so it rounds in FPSCR[RN] instead of to odd as ISA 3.0B 7.6.1 xsnmsubqpo defines; measured: xsnmsubqpo v7,v6,v6 gives ...4b6ff63a4e (even, inexact) where round to odd gives ...4f',
    // only the RO form (ISA bit 31); xsnmsubqp itself agrees
    applies: (word) => fRc(word) !== 0, // the RO bit sits where Rc does
  },
  {
    mnemonics: ['fmr', 'fneg', 'fabs', 'fnabs', 'fcpsgn', 'fsel', 'mcrfs'],
    explain: 'QEMU 7.2 declares the xvcmp* helpers TCG_CALL_NO_RWG (helper.h) although they set FPSCR bits (fpu_helper.c VSX_CMP: float_invalid_op_vxsnan/vxvc set VXSNAN, VXVC, VX, FX), so TCG keeps using a copy of cpu_fpscr it loaded into a callee-saved host register earlier in the block (the harness mffs is one such load): a later FPSCR read done inline by the translator (gen_set_cr1_from_fpscr of fmr. fneg. fabs. fnabs. fcpsgn. and of fsel., whose FSEL helper is TCG_CALL_NO_RWG_SE; gen_mcrfs) sees FPSCR as it was before the compare, while mffs (its reset_fpstatus helper call reloads globals) and the final FPSCR see the update; Book I 4.2.2 makes the update visible to the next instruction. Measured: xvcmpgesp. on a QNaN then fnabs. gives CR1 0x2 where FPSCR[FX] is already set, and 0xa with a branch in between',
    byHistory: true,
    // only after an xvcmp* in the same case, and only the forms that read FPSCR inline (Rc=1 moves and fsel., mcrfs);
    // measured over every FP row: the others call a helper that reloads FPSCR first
    applies: (word, _gpr, earlier) => (fXO_X(word) === MCRFS_XO || fRc(word) !== 0) && earlier.some(isXvcmp),
  },
];

/** lqarx: primary 31, extended opcode 276 (X-form). */
const LQARX_XO = 276;
/** mcrfs: primary 63, extended opcode 64 (X-form). */
const MCRFS_XO = 64;
/** xvcmp{eq,gt,ge}{dp,sp}[.]: primary 60, XX3 extended opcodes without the record bit (0x80). */
const XVCMP_XO = new Set([99, 107, 115, 67, 75, 83]);
const isXvcmp = (w: number): boolean => fOPCD(w) === 60 && XVCMP_XO.has(fXO_XX3(w) & 0x7f);

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
    if (!quirk) continue;
    if (quirk.byHistory) {
      const earlier: number[] = [];
      for (let j = 0; j <= k; j++) {
        for (const it of tc.slots[j]!.setup) if (typeof it === 'number') earlier.push(it);
        if (j < k) earlier.push(tc.slots[j]!.word);
      }
      if (quirk.applies(tc.slots[k]!.word, [], earlier)) return quirk;
      continue;
    }
    if (tc.slots[k]!.setup.length) continue;
    let gpr: readonly bigint[];
    if (k === 0) {
      gpr = tc.input.gpr.map((v, i) => (i === BASE_REG ? BigInt(DATA_BASE) : v));
    } else {
      const before = await probe(truncateCase(tc, k));
      if (!before.verdict.ok || !before.qemu) continue;
      gpr = before.qemu.gpr;
    }
    if (quirk.applies(tc.slots[k]!.word, gpr, [])) return quirk;
  }
  return undefined;
}
