import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type InstructionDef } from '../../decode/instruction.js';
import { fRS, fRA, fRB, fSH, fMB, fME, fSH6, fMB6, fRc } from '../fields.js';
import { lo, hi, setGpr, setCr0, setCarry } from '../registers.js';

/** Rotation and mask results (no allocation): written by rotl64/mask64, read right after. */
const rot = { hi: 0, lo: 0 };
const mask = { hi: 0, lo: 0 };

/** ROTL64(hi:lo, n), n in 0..63 (Book I 3.3.14). */
function rotl64(h: number, l: number, n: number): void {
  if (n >= 32) { const t = h; h = l; l = t; n -= 32; }
  if (n !== 0) { const nh = (h << n) | (l >>> (32 - n)); l = (l << n) | (h >>> (32 - n)); h = nh; }
  rot.hi = h; rot.lo = l;
}
/** MASK(mb, me) of 64 bits, MSB-0, wrapping when mb > me. */
function mask64(mb: number, me: number): void {
  // ones from mb to 63, then ones from 0 to me (JS shifts are mod 32: guard the ends)
  const hmb = mb >= 32 ? 0 : -1 >>> mb;
  const lmb = mb <= 32 ? -1 : -1 >>> (mb - 32);
  const hme = me >= 31 ? -1 : ~(-1 >>> (me + 1));
  const lme = me < 32 ? 0 : me === 63 ? -1 : ~(-1 >>> (me - 31));
  if (mb <= me) { mask.hi = hmb & hme; mask.lo = lmb & lme; }
  else { mask.hi = hmb | hme; mask.lo = lmb | lme; }
}
/** ROTL32 replicated into both words: rot.hi = rot.lo = rotl32(x, n). */
function rotl32Doubled(x: number, n: number): void {
  const r = n === 0 ? x : (x << n) | (x >>> (32 - n));
  rot.hi = r; rot.lo = r;
}
function toRa(c: Cpu, w: number, h: number, l: number): number {
  setGpr(c, fRA(w), h, l);
  if (fRc(w)) setCr0(c, h, l);
  return Flow.Next;
}

// rlwinm[.], rldicl[.], rldicr[.]: isa/semantics/hot.ts
// rlwnm[.] RA,RS,RB,MB,ME (M)
function rlwnm(c: Cpu, w: number): number {
  rotl32Doubled(lo(c, fRS(w)), lo(c, fRB(w)) & 31);
  mask64(fMB(w) + 32, fME(w) + 32);
  return toRa(c, w, rot.hi & mask.hi, rot.lo & mask.lo);
}
// rlwimi[.] RA,RS,SH,MB,ME (M): insert under mask
function rlwimi(c: Cpu, w: number): number {
  rotl32Doubled(lo(c, fRS(w)), fSH(w));
  mask64(fMB(w) + 32, fME(w) + 32);
  const a = fRA(w);
  return toRa(c, w, (rot.hi & mask.hi) | (hi(c, a) & ~mask.hi), (rot.lo & mask.lo) | (lo(c, a) & ~mask.lo));
}
// rldic[.]: isa/semantics/hot.ts
// rldimi[.] RA,RS,SH,MB (MD): insert under MASK(MB, 63-SH)
function rldimi(c: Cpu, w: number): number {
  const sh = fSH6(w), a = fRA(w);
  rotl64(hi(c, fRS(w)), lo(c, fRS(w)), sh); mask64(fMB6(w), 63 - sh);
  return toRa(c, w, (rot.hi & mask.hi) | (hi(c, a) & ~mask.hi), (rot.lo & mask.lo) | (lo(c, a) & ~mask.lo));
}
// rldcl[.] RA,RS,RB,MB (MDS)
function rldcl(c: Cpu, w: number): number {
  rotl64(hi(c, fRS(w)), lo(c, fRS(w)), lo(c, fRB(w)) & 63); mask64(fMB6(w), 63);
  return toRa(c, w, rot.hi & mask.hi, rot.lo & mask.lo);
}
// rldcr[.] RA,RS,RB,ME (MDS)
function rldcr(c: Cpu, w: number): number {
  rotl64(hi(c, fRS(w)), lo(c, fRS(w)), lo(c, fRB(w)) & 63); mask64(0, fMB6(w));
  return toRa(c, w, rot.hi & mask.hi, rot.lo & mask.lo);
}

// slw[.] RA,RS,RB (X): shift count from RB[58:63]; >= 32 gives 0
function slw(c: Cpu, w: number): number {
  const n = lo(c, fRB(w)) & 63;
  return toRa(c, w, 0, n >= 32 ? 0 : lo(c, fRS(w)) << n);
}
// srw[.] RA,RS,RB (X)
function srw(c: Cpu, w: number): number {
  const n = lo(c, fRB(w)) & 63;
  return toRa(c, w, 0, n >= 32 ? 0 : lo(c, fRS(w)) >>> n);
}
// sld[.] RA,RS,RB (X): count RB[57:63]; >= 64 gives 0
function sld(c: Cpu, w: number): number {
  const n = lo(c, fRB(w)) & 127;
  if (n >= 64) return toRa(c, w, 0, 0);
  const h = hi(c, fRS(w)), l = lo(c, fRS(w));
  if (n >= 32) return toRa(c, w, l << (n - 32), 0);
  if (n === 0) return toRa(c, w, h, l);
  return toRa(c, w, (h << n) | (l >>> (32 - n)), l << n);
}
// srd[.] RA,RS,RB (X)
function srd(c: Cpu, w: number): number {
  const n = lo(c, fRB(w)) & 127;
  if (n >= 64) return toRa(c, w, 0, 0);
  const h = hi(c, fRS(w)), l = lo(c, fRS(w));
  if (n >= 32) return toRa(c, w, 0, h >>> (n - 32));
  if (n === 0) return toRa(c, w, h, l);
  return toRa(c, w, h >>> n, (l >>> n) | (h << (32 - n)));
}
/** Algebraic right shift of the low word (sign-extended result) by n (0..63). */
function sra32(c: Cpu, w: number, x: number, n: number): number {
  let r: number, lost: boolean;
  if (n === 0) { r = x; lost = false; }
  else if (n < 32) { r = x >> n; lost = (x << (32 - n)) !== 0; }
  else { r = x >> 31; lost = x !== 0; }
  const ca = x < 0 && lost ? 1 : 0;
  setCarry(c, ca, ca);
  return toRa(c, w, r >> 31, r);
}
// sraw[.] RA,RS,RB (X)
const sraw = (c: Cpu, w: number) => sra32(c, w, lo(c, fRS(w)), lo(c, fRB(w)) & 63);
// srawi[.] RA,RS,SH (X)
const srawi = (c: Cpu, w: number) => sra32(c, w, lo(c, fRS(w)), fSH(w));
// srad[.], sradi[.]: isa/semantics/hot.ts
// extswsli[.] RA,RS,SH (XS) 3.3.14.2: EXTS(RS[32:63]) << SH
function extswsli(c: Cpu, w: number): number {
  const x = lo(c, fRS(w)), n = fSH6(w);
  const h = x >> 31;
  if (n === 0) return toRa(c, w, h, x);
  if (n >= 32) return toRa(c, w, x << (n - 32), 0);
  return toRa(c, w, (h << n) | (x >>> (32 - n)), x << n);
}

const X = (mnemonic: string, xo: number, exec?: (c: Cpu, w: number) => number): InstructionDef =>
  exec === undefined ? { mnemonic, form: 'X', primary: 31, xo } : { mnemonic, form: 'X', primary: 31, xo, exec };
const MD = (mnemonic: string, xo: number, exec?: (c: Cpu, w: number) => number): InstructionDef =>
  exec === undefined ? { mnemonic, form: 'MD', primary: 30, xo: xo << 1, xoMask: 0xe } : { mnemonic, form: 'MD', primary: 30, xo: xo << 1, xoMask: 0xe, exec };

export const rotateDefs: InstructionDef[] = [
  { mnemonic: 'rlwinm', form: 'M', primary: 21 },
  { mnemonic: 'rlwnm', form: 'M', primary: 23, exec: rlwnm },
  { mnemonic: 'rlwimi', form: 'M', primary: 20, exec: rlwimi },
  MD('rldicl', 0),
  MD('rldicr', 1),
  MD('rldic', 2),
  MD('rldimi', 3, rldimi),
  { mnemonic: 'rldcl', form: 'MDS', primary: 30, xo: 8, xoMask: 0xf, exec: rldcl },
  { mnemonic: 'rldcr', form: 'MDS', primary: 30, xo: 9, xoMask: 0xf, exec: rldcr },
  X('slw', 24, slw),
  X('srw', 536, srw),
  X('sld', 27, sld),
  X('srd', 539, srd),
  X('sraw', 792, sraw),
  X('srawi', 824, srawi),
  X('srad', 794),
  { mnemonic: 'sradi', form: 'XS', primary: 31, xo: 413 << 1, xoMask: 0x3fe },
  { mnemonic: 'extswsli', form: 'XS', primary: 31, xo: 445 << 1, xoMask: 0x3fe, exec: extswsli },
];
