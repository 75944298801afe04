import type { Cpu } from '../cpu/cpu.js';
import { Flow, type InstructionDef } from '../decode/instruction.js';
import { HOT } from '../interp/hot-ops.js';
import {
  W_XER, sprWord, SPR_XER, SPR_LR, SPR_CTR, SPR_VRSAVE, SPR_TAR, SPR_DSCR_USER, SPR_PPR, SPR_PPR32,
  SPR_TBL_READ, SPR_TBU_READ,
} from '../state/layout.js';
import { fRT, fSPR } from './fields.js';
import { lo, hi, setGpr } from './registers.js';
import { illegal, privileged } from './system.js';


/*
 * Move to/from SPR in problem state (Book I 3.3.17, Book III 5.4.4). LR and CTR run
 * inline in the interpreter. An SPR number with bit 0x10 set is privileged: in
 * problem state that is a privileged Program interrupt; an unknown user SPR is an
 * illegal instruction (QEMU: spr_noaccess / invalid).
 */

/** SPRs a problem-state program may read and write, kept in the register file's SPR slots. */
const USER_READ_WRITE = new Set([SPR_LR, SPR_CTR, SPR_VRSAVE, SPR_TAR, SPR_DSCR_USER, SPR_PPR, SPR_PPR32]);

function mfspr(c: Cpu, w: number): number {
  const spr = fSPR(w), rt = fRT(w);
  if (spr === SPR_XER) { setGpr(c, rt, 0, c.r[W_XER]!); return Flow.Next; }
  if (spr === SPR_TBL_READ || spr === SPR_TBU_READ) return mftb(c, w);
  if (USER_READ_WRITE.has(spr)) {
    const wi = sprWord(spr);
    if (spr === SPR_PPR32) { setGpr(c, rt, 0, c.r[sprWord(SPR_PPR) + 1]!); return Flow.Next; }
    setGpr(c, rt, c.r[wi + 1]!, c.r[wi]!);
    return Flow.Next;
  }
  return spr & 0x10 ? privileged(c, w) : illegal(c, w);
}

function mtspr(c: Cpu, w: number): number {
  const spr = fSPR(w), rs = fRT(w);
  if (spr === SPR_XER) { c.r[W_XER] = lo(c, rs); return Flow.Next; }
  if (USER_READ_WRITE.has(spr)) {
    if (spr === SPR_PPR32) { c.r[sprWord(SPR_PPR) + 1] = lo(c, rs); return Flow.Next; }
    const wi = sprWord(spr);
    c.r[wi] = lo(c, rs); c.r[wi + 1] = hi(c, rs);
    // VRSAVE is architecturally 32 bits; QEMU 7.2 keeps all 64 written bits and the difftest holds us to it
    return Flow.Next;
  }
  return spr & 0x10 ? privileged(c, w) : illegal(c, w);
}

// mftb RT,TBR (XFX) Book II 5.2: 268 = TB, 269 = TBU (upper half)
function mftb(c: Cpu, w: number): number {
  const clock = c.clock;
  clock.read();
  if (fSPR(w) === SPR_TBU_READ) setGpr(c, fRT(w), 0, clock.hi);
  else setGpr(c, fRT(w), clock.hi, clock.lo);
  return Flow.Next;
}

export const sprDefs: InstructionDef[] = [
  { mnemonic: 'mfspr', form: 'XFX', primary: 31, xo: 339, exec: mfspr, hot: HOT.mfspr, hotMask: 0 },
  { mnemonic: 'mtspr', form: 'XFX', primary: 31, xo: 467, exec: mtspr, hot: HOT.mtspr, hotMask: 0 },
  { mnemonic: 'mftb', form: 'XFX', primary: 31, xo: 371, exec: mftb },
];
