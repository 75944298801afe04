import type { Cpu } from '../../cpu/cpu.js';
import { fRT, fRA, fRB, fRC } from '../fields.js';
import { status, pa, pb, pc, muladd, F_INVALID } from './softfloat.js';
import { F_FPR } from '../../state/layout.js';
import { beginOp, invalidMulAdd, RN } from './fpscr.js';
import { fusedHost, finishHost, FZ, NO } from './fast.js';
import { finishArith, unpackFpr, isSingle } from './common.js';

// fmadd[s][.] / fmsub[s][.] / fnmadd[s][.] / fnmsub[s][.] FRT,FRA,FRC,FRB (A-form, Book I 4.6.6.2):
// (FRA * FRC) +- FRB with a single rounding; the negative forms negate before rounding, as QEMU does
function fMulAdd(c: Cpu, w: number): number {
  const xo = (w >>> 1) & 0x1f; // 28 msub, 29 madd, 30 nmsub, 31 nmadd
  const t = fRT(w);
  const single = isSingle(w);
  const negC = (xo & 1) ^ 1, negR = (xo >>> 1) & 1;
  let fp = beginOp(c);
  if ((fp & RN) === 0) {
    const b = c.f[F_FPR + fRB(w)]!;
    if (fusedHost(c.f[F_FPR + fRA(w)]!, c.f[F_FPR + fRC(w)]!, negC !== 0 ? -b : b)) {
      // round to nearest is symmetric: negating before or after rounding is the same
      const r = negR !== 0 ? finishHost(c, w, t, fp, -FZ.z, -FZ.x, single) : finishHost(c, w, t, fp, FZ.z, FZ.x, single);
      if (r !== NO) return r;
    }
  }
  unpackFpr(pa, c, fRA(w));
  unpackFpr(pb, c, fRC(w));
  unpackFpr(pc, c, fRB(w));
  muladd(pa, pb, pc, negC, negR, single);
  if ((status.flags & F_INVALID) !== 0) fp = invalidMulAdd(fp, status.flags);
  return finishArith(c, w, t, fp, true);
}

export { fMulAdd };
