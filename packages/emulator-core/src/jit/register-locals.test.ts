import { describe, expect, it } from '@jest/globals';
import { registerLocals } from './register-locals.js';

describe('registerLocals', () => {
  it('puts literal GPR words in locals and writes back only the assigned ones', () => {
    const locals = registerLocals([
      'const s = (r[6] >>> 0) + 1; r[6 + 1] = (r[6 + 1] + 0) | 0; r[6] = s | 0;',
      'if (r[8] === r[12]) r[W_CR] = 2; r[320] = 4;',
    ])!;
    expect(locals.parts[0]).toBe('const s = (g6 >>> 0) + 1; g7 = (g7 + 0) | 0; g6 = s | 0;');
    expect(locals.parts[1]).toBe('if (g8 === g12) r[W_CR] = 2; r[320] = 4;');
    expect(locals.declare).toBe('let g6 = r[6], g7 = r[7], g8 = r[8], g12 = r[12];');
    // g12 and g8, only compared, are not written back
    expect(locals.writeBack).toBe('r[6] = g6; r[7] = g7;');
    expect(locals.reload).toBe('g6 = r[6]; g7 = r[7]; g8 = r[8]; g12 = r[12];');
  });

  it('counts compound assignments and increments as writes', () => {
    expect(registerLocals(['r[8] >>>= 1; r[10]++; r[12] += r[14]; if (r[16] >= 0 && r[18] <= 0) {}'])!.writeBack)
      .toBe('r[8] = g8; r[10] = g10; r[12] = g12;');
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
});
