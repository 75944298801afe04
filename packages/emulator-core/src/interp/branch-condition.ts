import { W_CR, W_CTR, W_LR } from '../state/layout.js';

const TWO32 = 4294967296;

/**
 * The BO/BI test of the conditional branches (Power ISA 3.0B Book I 2.4): unless
 * BO[2], decrement CTR and require it (non-)zero per BO[3]; unless BO[0], require
 * CR[BI] = BO[1]. Decrements CTR as a side effect. Shared by bc, bclr and bctar.
 */
export function branchTaken(r: Int32Array, bo: number, bi: number, mode64: boolean): boolean {
  if ((bo & 4) === 0) {
    const l = (r[W_CTR]! - 1) | 0;
    if (l === -1) r[W_CTR + 1] = (r[W_CTR + 1]! - 1) | 0;
    r[W_CTR] = l;
    const nonZero = mode64 ? (l | r[W_CTR + 1]!) !== 0 : l !== 0;
    if (nonZero === ((bo & 2) !== 0)) return false;
  }
  return (bo & 16) !== 0 || ((r[W_CR]! >>> (31 - bi)) & 1) === ((bo >>> 3) & 1);
}

/** LR = CIA + 4 (LK=1), CIA given as halves. */
export function linkRegister(r: Int32Array, ciaHi: number, ciaLo: number, mode64: boolean): void {
  const s = (ciaLo >>> 0) + 4;
  r[W_LR] = s | 0;
  r[W_LR + 1] = mode64 ? (ciaHi + (s >= TWO32 ? 1 : 0)) | 0 : 0;
}
