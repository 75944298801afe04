import type { Cpu } from '../../cpu/cpu.js';
import type { Handler } from '../../decode/instruction.js';
import { fRT, fRA, fRB, fRC } from '../fields.js';
import { status, pa, pb, pc, muladd, F_INVALID } from './softfloat.js';
import { F_FPR } from '../../state/layout.js';
import { beginOp, invalidMulAdd, RN } from './fpscr.js';
import { fusedHost, finishHost, FZ, NO } from './fast.js';
import { finishArith, unpackFpr, isSingle } from './common.js';

// fmadd[s][.] / fmsub[s][.] / fnmadd[s][.] / fnmsub[s][.] FRT,FRA,FRC,FRB (A-form, Book I 4.6.6.2):
// (FRA * FRC) +- FRB with a single rounding; the negative forms negate before rounding, as QEMU does.
// One handler per operation, made once: negC = 1 subtracts FRB (msub, nmsub), negR = 1 negates the
// result (nmadd, nmsub).
const fMulAdd = (negC: number, negR: number): Handler => (c: Cpu, w: number): number => {
  const t = fRT(w);
  const single = isSingle(w);
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
};

const fMadd = fMulAdd(0, 0), fMsub = fMulAdd(1, 0), fNmadd = fMulAdd(0, 1), fNmsub = fMulAdd(1, 1);

export { fMadd, fMsub, fNmadd, fNmsub };
