import { describe, it, expect } from '@jest/globals';
import { FP_VECTORS, FP_ILLEGAL_BITS } from './__fixtures__/vectors.js';
import { floatingPointDefs } from './index.js';
import { parseVector, type FpVector } from './__fixtures__/oracle/vector-format.js';
import { runOnEmulator, diffResults, type FpResult } from './__fixtures__/oracle/harness.js';

// Every vector is one instruction run by qemu-ppc64le 7.2 (oracle/fp-oracle.c); the
// emulator must leave exactly the same FPRs, FPSCR, CR, GPRs and memory. Where QEMU
// delivered SIGFPE (an enabled exception) the emulator must stop with the same
// si_code, and the FPRs and FPSCR it leaves are compared (the oracle's signal handler
// records no more).

const byMnemonic = new Map<string, FpVector[]>();
for (const line of FP_VECTORS) {
  const v = parseVector(line);
  const list = byMnemonic.get(v.mnemonic) ?? [];
  list.push(v);
  byMnemonic.set(v.mnemonic, list);
}

/** For a SIGFPE on QEMU's side: the signal and then FPRs and FPSCR compared; undefined otherwise. */
function sigfpeDiff(want: FpResult, got: FpResult): string | undefined {
  if (!want.sig.startsWith('8:')) return undefined;
  if (want.sig !== got.sig) return `sig ${want.sig} != ${got.sig}`;
  return diffResults({ ...want, sig: '0', cr: got.cr, g: got.g, mem: got.mem }, { ...got, sig: '0' });
}

function mismatches(list: FpVector[]): string[] {
  const bad: string[] = [];
  for (const v of list) {
    const got = runOnEmulator(v.c);
    const d = sigfpeDiff(v.want, got) ?? diffResults(v.want, got);
    if (d !== '') bad.push(`${v.line}\n    ${d}`);
  }
  return bad;
}

describe('floating-point instructions against QEMU 7.2 vectors', () => {
  it('has vectors for every instruction of the decode table', () => {
    expect(floatingPointDefs.map((d) => d.mnemonic).filter((m) => !byMnemonic.has(m))).toEqual([]);
  });
  for (const [m, list] of byMnemonic) {
    it(`${m} (${list.length} cases)`, () => {
      expect(mismatches(list)).toEqual([]);
    });
  }
});

describe('reserved fields: the single-bit encodings QEMU rejects', () => {
  for (const [m, base, allowed, mask] of FP_ILLEGAL_BITS) {
    it(m, () => {
      const bad: string[] = [];
      for (let bit = 0; bit < 26; bit++) {
        if (((allowed >>> bit) & 1) === 0) continue;
        const w = (base ^ (1 << bit)) >>> 0;
        const sig = runOnEmulator({ w, g: [0n, 0n, 0n, 0n], rel: 1 }).sig;
        const want = ((mask >>> bit) & 1) !== 0 ? '4:1' : '0';
        if (sig !== want && !(want === '0' && sig.startsWith('11:'))) bad.push(`bit ${bit}: ${w.toString(16)} gives ${sig}, QEMU ${want}`);
      }
      expect(bad).toEqual([]);
    });
  }
});
