import type { Cpu } from '../../cpu/cpu.js';
import { fRT, fRA, fRB, fRC } from '../fields.js';
import { status, pa, pb, pc, muladd, F_INVALID } from './softfloat.js';
import { beginOp, invalidMulAdd } from './fpscr.js';
import { finishArith, unpackFpr, isSingle } from './common.js';

// fmadd[s][.] / fmsub[s][.] / fnmadd[s][.] / fnmsub[s][.] FRT,FRA,FRC,FRB (A-form, Book I 4.6.6.2):
// (FRA * FRC) +- FRB with a single rounding; the negative forms negate before rounding, as QEMU does
function fMulAdd(c: Cpu, w: number): number {
  const xo = (w >>> 1) & 0x1f; // 28 msub, 29 madd, 30 nmsub, 31 nmadd
  const t = fRT(w);
  let fp = beginOp(c);
  unpackFpr(pa, c, fRA(w));
  unpackFpr(pb, c, fRC(w));
  unpackFpr(pc, c, fRB(w));
  muladd(pa, pb, pc, (xo & 1) ^ 1, (xo >>> 1) & 1, isSingle(w));
  if ((status.flags & F_INVALID) !== 0) fp = invalidMulAdd(fp, status.flags);
  return finishArith(c, w, t, fp, true);
}

export { fMulAdd };
