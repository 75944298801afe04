import { describe, expect, it } from '@jest/globals';
import { registerLocals } from './register-locals.js';
import { W_CR, W_CTR, W_CFAR } from '../state/layout.js';

describe('registerLocals', () => {
  it('puts literal GPR words in locals and writes back only the assigned ones', () => {
    const locals = registerLocals([
      'const s = (r[6] >>> 0) + 1; r[6 + 1] = (r[6 + 1] + 0) | 0; r[6] = s | 0;',
      'if (r[8] === r[12]) r[W_CR] = 2; r[320] = 4;',
    ])!;
    expect(locals.parts[0]).toBe('const s = (g6 >>> 0) + 1; g7 = ((g7 + 0) | 0) | 0; g6 = (s | 0) | 0;');
    expect(locals.parts[1]).toBe('if (g8 === g12) r[W_CR] = 2; r[320] = 4;');
    expect(locals.declare).toBe('let g6 = r[6], g7 = r[7], g8 = r[8], g12 = r[12];');
    // g12 and g8, only compared, are not written back
    expect(locals.writeBack).toBe('r[6] = g6; r[7] = g7;');
  });

  it('converts what a local is given to a 32-bit integer, as a store into the register file would', () => {
    const locals = registerLocals(['r[8] = a >>> 0; r[10] = c ? x : y, z = 1; if (r[12] >= 0) { r[14] = f(a, [b, c]); }'])!;
    expect(locals.parts[0]).toBe('g8 = (a >>> 0) | 0; g10 = (c ? x : y) | 0, z = 1; if (g12 >= 0) { g14 = (f(a, [b, c])) | 0; }');
    expect(locals.writeBack).toBe('r[8] = g8; r[10] = g10; r[14] = g14;');
    // a value the register file would wrap reads back the same from the local
    const run = new Function('r', `${locals.declare} const a = 0xffffffff, b = 0, c = 1, x = 2 ** 33 + 5, y = 0, f = (p) => p; let z; ${locals.parts[0]} ${locals.writeBack}`);
    const r = new Int32Array(64); run(r);
    expect([r[8], r[10]]).toEqual([-1, 5]);
  });

  it('gives up on compound assignments and increments of a GPR', () => {
    expect(registerLocals(['r[8] >>>= 1;'])).toBeUndefined();
    expect(registerLocals(['r[10]++;'])).toBeUndefined();
    expect(registerLocals(['r[12] += r[14];'])).toBeUndefined();
  });

  it('gives up when a part already names a variable like a local', () => {
    expect(registerLocals(['const g6 = 1; r[6] = g6;'])).toBeUndefined();
  });

  it('gives up when the register file is indexed in a way that may name a GPR', () => {
    expect(registerLocals(['const from = 4; r[6] = r[from];'])).toBeUndefined();
    expect(registerLocals(['r[W_LR] = r[i + 2];'])).toBeUndefined();
  });

  it('keeps named words and literals past the GPRs in the register file', () => {
    const locals = registerLocals(['r[W_CTR + 1] = r[64]; r[W_CFAR] = 1;'])!;
    expect(locals.parts[0]).toBe('r[W_CTR + 1] = r[64]; r[W_CFAR] = 1;');
    expect(locals.declare).toBe('');
    expect(locals.writeBack).toBe('');
  });

  it('puts CR, CTR and CFAR in locals when no call is given the Cpu or the register file', () => {
    const locals = registerLocals([
      `r[${W_CR}] = (r[${W_CR}] & 15) | 0; r[${W_CTR}] = (r[${W_CTR}] - 1) | 0;`,
      `const v = cpu.load64(eh, el, true); r[4] = v; r[${W_CFAR}] = 16; r[${W_CFAR} + 1] = 0;`,
    ])!;
    expect(locals.parts[0]).toBe(`g${W_CR} = ((g${W_CR} & 15) | 0) | 0; g${W_CTR} = ((g${W_CTR} - 1) | 0) | 0;`);
    expect(locals.declare).toBe(`let g4 = r[4], g${W_CR} = r[${W_CR}], g${W_CTR} = r[${W_CTR}], g${W_CFAR} = r[${W_CFAR}], g${W_CFAR + 1} = r[${W_CFAR + 1}];`);
    expect(locals.writeBack).toBe(`r[4] = g4; r[${W_CR}] = g${W_CR}; r[${W_CTR}] = g${W_CTR}; r[${W_CFAR}] = g${W_CFAR}; r[${W_CFAR + 1}] = g${W_CFAR + 1};`);
  });

  it('keeps CR, CTR and the other special words in the register file when a call may read or write them', () => {
    for (const call of ['setCr0(cpu, vh, vl);', 'setOverflow(cpu, a, b);', 'linkRegister(r, 0, 16, true);', 'cpu.probeWrite(0, 16, 8);', 'r[W_XER] = 0;']) {
      const locals = registerLocals([`r[${W_CR}] = r[6] | 0; ${call}`])!;
      expect(locals.parts[0]).toBe(`r[${W_CR}] = g6 | 0; ${call}`);
      expect(locals.declare).toBe('let g6 = r[6];');
    }
  });
});
