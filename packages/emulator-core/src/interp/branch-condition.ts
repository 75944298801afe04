import { W_LR } from '../state/layout.js';

const TWO32 = 4294967296;

/** LR = CIA + 4 (LK=1), CIA given as halves. */
export function linkRegister(r: Int32Array, ciaHi: number, ciaLo: number, mode64: boolean): void {
  const s = (ciaLo >>> 0) + 4;
  r[W_LR] = s | 0;
  r[W_LR + 1] = mode64 ? (ciaHi + (s >= TWO32 ? 1 : 0)) | 0 : 0;
}
