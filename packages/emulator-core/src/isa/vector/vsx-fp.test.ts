import { describe, it, expect } from '@jest/globals';
import { makeMachine, runToEnd } from '../../test-support/machine.js';
import { assemble } from '../../test-support/assemble.js';
import { decoder } from '../index.js';
import { vsxFpDefs } from './vsx-fp.js';

/*
 * The VSX floating-point rows: binutils' encodings decode to them, and a few results
 * that do not depend on QEMU's choices are right. Everything else (FPSCR flags, NaN
 * payloads, rounding) is decided by difftest against QEMU 7.2 (the vsx-fp-* classes).
 */

/** binutils' spelling of a row: the compares name a CR field first, XX2 rows take XT,XB. */
function spelling(mnemonic: string, form: string): string {
  if (mnemonic === 'xscmpudp' || mnemonic === 'xscmpodp') return `${mnemonic} 2, 34, 5`;
  return form === 'XX2' ? `${mnemonic} 1, 34` : `${mnemonic} 1, 34, 5`;
}

describe('VSX floating point: decode', () => {
  it('every row decodes from binutils\' encoding of its mnemonic', () => {
    const words = assemble(vsxFpDefs.map((d) => spelling(d.mnemonic, d.form)).join('\n'));
    vsxFpDefs.forEach((d, i) => expect(`${d.mnemonic}: ${decoder.lookup(words[i]!)?.mnemonic}`).toBe(`${d.mnemonic}: ${d.mnemonic}`));
  });
});

describe('VSX floating point: results', () => {
  it('xsadddp adds doubleword 0 and zeroes doubleword 1; xvmuldp multiplies both', () => {
    const m = makeMachine(`
      li 3, 3
      mtvsrd 1, 3
      xscvsxddp 1, 1
      li 3, 4
      mtvsrd 2, 3
      xscvsxddp 2, 2
      xsadddp 3, 1, 2
      xxpermdi 4, 1, 2, 0
      xvmuldp 5, 4, 4
      mfvsrd 6, 3
      mfvsrd 7, 5
      mfvsrld 8, 5
    `);
    runToEnd(m.cpu);
    const g = (n: number): bigint => m.cpu.state.gpr(n);
    expect(g(6)).toBe(0x401c000000000000n); // 7.0
    expect(g(7)).toBe(0x4022000000000000n); // 9.0
    expect(g(8)).toBe(0x4030000000000000n); // 16.0
  });

  it('xscmpudp sets the CR field and FPCC; a NaN operand gives unordered', () => {
    const m = makeMachine(`
      li 3, 1
      mtvsrd 1, 3
      xscvsxddp 1, 1
      li 3, 2
      mtvsrd 2, 3
      xscvsxddp 2, 2
      xscmpudp 7, 1, 2
      lis 3, 0x7ff8
      sldi 3, 3, 32
      mtvsrd 3, 3
      xscmpudp 6, 3, 1
    `);
    runToEnd(m.cpu);
    expect(m.cpu.state.cr & 0xff).toBe(0x18); // CR6 = SO (unordered), CR7 = LT
  });
});
