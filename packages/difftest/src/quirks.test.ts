import { describe, it, expect } from '@jest/globals';
import { probeCase } from './batch.js';
import { knownQuirk, QUIRKS } from './quirks.js';
import { emptyState } from './state.js';
import type { TestCase } from './testcase.js';

/**
 * The known-QEMU-bug entries, checked against qemu-ppc64le itself: each case below
 * mismatches for the reason its entry gives, is recognised by that entry, and stops
 * mismatching when the condition the entry names is removed.
 */

const XVCMPGESP_RC = 0xf110e69b; // xvcmpgesp. vs40,vs16,vs60
const XVCMPGESP = 0xf110e29b; // xvcmpgesp vs40,vs16,vs60 (no CR6)
const FNABS_RC = 0xfc00b911; // fnabs. f0,f23
const FNABS = 0xfc00b910; // fnabs f0,f23
const MCRFS_CR2_FX = 0xfd000080; // mcrfs cr2,0 (FX FEX VX OX)
const FSEL_RC = 0xfc17bdef; // fsel. f0,f23,f23,f23
const B_NEXT = 0x48000004; // b .+4: ends QEMU's translation block

function fpCase(words: readonly number[]): TestCase {
  const input = emptyState();
  input.fpscr = 0x20300000n; // VX VXZDZ VXIMZ already set, FX clear
  input.fpr[16] = 0x41f0000000000000n;
  input.vsrLow[16] = 0xfde71ccf00080000n;
  input.vr[28] = 0x83887c43aa3b13357ff2b20c40a87f46n; // word 2 is a single-precision QNaN: VXVC
  input.fpr[23] = 0x0ddce77344923c2cn;
  return {
    seed: 0, index: 0, sprs: false, reservation: false, fp: true, vec: true, input,
    slots: words.map((word) => ({ mnemonic: mnemonicOf(word), cls: 'test', word, setup: [] })),
  };
}

function mnemonicOf(word: number): string {
  if (word === FNABS_RC || word === FNABS) return 'fnabs';
  if (word === MCRFS_CR2_FX) return 'mcrfs';
  if (word === FSEL_RC) return 'fsel';
  if (word === B_NEXT) return 'b';
  return 'xvcmpgesp.';
}

const staleFpscr = QUIRKS.find((q) => q.mnemonics.includes('fnabs'))!;

describe('known QEMU 7.2 bugs', () => {
  it('xvcmp* FPSCR updates are invisible to inline FPSCR reads later in the block', async () => {
    for (const words of [[XVCMPGESP_RC, FNABS_RC], [XVCMPGESP, FNABS_RC], [XVCMPGESP_RC, MCRFS_CR2_FX], [XVCMPGESP_RC, FSEL_RC]]) {
      const tc = fpCase(words);
      const r = await probeCase(tc);
      expect(r.verdict.ok).toBe(false);
      expect(await knownQuirk(tc, r.verdict, probeCase)).toBe(staleFpscr);
    }
    // a block boundary between the compare and the read: QEMU reloads FPSCR and agrees
    expect((await probeCase(fpCase([XVCMPGESP_RC, B_NEXT, FNABS_RC]))).verdict.ok).toBe(true);
    // fnabs without Rc reads no FPSCR: the entry does not cover it
    expect(staleFpscr.applies(FNABS, [], [XVCMPGESP_RC])).toBe(false);
    // without an xvcmp* earlier in the case the entry does not apply
    expect(staleFpscr.applies(FNABS_RC, [], [B_NEXT])).toBe(false);
  }, 60000);
});
