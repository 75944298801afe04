import { describe, it, expect } from '@jest/globals';
import { oracleAvailable, runOnQemu, runOnEmulator, diffResults, type FpResult } from './__fixtures__/oracle/harness.js';
import { randomCases } from './__fixtures__/oracle/cases.js';

// A seeded random differential run against qemu-ppc64le itself (the recorded
// vectors cover the rest). It needs qemu-ppc64le and the powerpc64le cross
// compiler, which scripts/bootstrap.sh installs: without them it fails, it never
// skips. The full-size run is oracle/fuzz.ts.
const available = oracleAvailable();

describe('random cases against qemu-ppc64le (live)', () => {
  it('agrees on 60 random cases per instruction', () => {
    if (!available) throw new Error('qemu-ppc64le or powerpc64le-linux-gnu-gcc missing: run scripts/bootstrap.sh');
    const list = randomCases(77, 60);
    const want = runOnQemu(list.map((x) => x.c));
    const bad: string[] = [];
    list.forEach(({ op, c, sigOnly }, i) => {
      const q = want[i]!;
      const e = runOnEmulator(c);
      let d: string;
      if (sigOnly) {
        d = q.sig === e.sig ? '' : `sig ${q.sig} != ${e.sig}`;
      } else if (q.sig.startsWith('8:')) {
        // SIGFPE: the same si_code, then FPRs and FPSCR (the oracle's handler records no more)
        const qq: FpResult = { ...q, sig: '0', cr: e.cr, g: e.g, mem: e.mem };
        d = q.sig !== e.sig ? `sig ${q.sig} != ${e.sig}` : diffResults(qq, { ...e, sig: '0' });
      } else {
        d = diffResults(q, e);
      }
      if (d !== '' && bad.length < 20) bad.push(`${op.mnemonic} ${c.w.toString(16)}: ${d}`);
    });
    expect(bad).toEqual([]);
  });
});
