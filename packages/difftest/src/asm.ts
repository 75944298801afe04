/**
 * Encoders for the few instructions the test harness itself emits (state load and
 * dump, EA and branch-target setup, the write/exit system calls). Power ISA 3.0B
 * Book I encodings; these are independent of the emulator's decode table, which is
 * what is under test.
 */

const u = (x: number): number => x >>> 0;

/** D-form: primary | RT/RS | RA | 16-bit immediate. */
export const dForm = (op: number, rt: number, ra: number, imm: number): number =>
  u((op << 26) | ((rt & 31) << 21) | ((ra & 31) << 16) | (imm & 0xffff));
/** DS-form: primary | RT | RA | DS (byte displacement, multiple of 4) | xo. */
export const dsForm = (op: number, rt: number, ra: number, ds: number, xo: number): number =>
  u((op << 26) | ((rt & 31) << 21) | ((ra & 31) << 16) | (ds & 0xfffc) | (xo & 3));
/** X-form under primary 31 (or another): fields in 21, 16, 11; xo in bits 1..10; Rc in bit 0. */
export const xForm = (op: number, a: number, b: number, c: number, xo: number, rc = 0): number =>
  u((op << 26) | ((a & 31) << 21) | ((b & 31) << 16) | ((c & 31) << 11) | ((xo & 0x3ff) << 1) | (rc & 1));

export const addi = (rt: number, ra: number, si: number): number => dForm(14, rt, ra, si);
export const addis = (rt: number, ra: number, si: number): number => dForm(15, rt, ra, si);
export const li = (rt: number, si: number): number => addi(rt, 0, si);
export const lis = (rt: number, si: number): number => addis(rt, 0, si);
export const ori = (ra: number, rs: number, ui: number): number => dForm(24, rs, ra, ui);
export const oris = (ra: number, rs: number, ui: number): number => dForm(25, rs, ra, ui);
export const nop = (): number => ori(0, 0, 0);
export const ld = (rt: number, ds: number, ra: number): number => dsForm(58, rt, ra, ds, 0);
export const std = (rs: number, ds: number, ra: number): number => dsForm(62, rs, ra, ds, 0);
export const lfd = (frt: number, d: number, ra: number): number => dForm(50, frt, ra, d);
export const stfd = (frs: number, d: number, ra: number): number => dForm(54, frs, ra, d);
/** rldicr RA,RS,SH,ME (MD-form, xo 1). */
export const rldicr = (ra: number, rs: number, sh: number, me: number): number =>
  u((30 << 26) | ((rs & 31) << 21) | ((ra & 31) << 16) | ((sh & 31) << 11) | ((me & 31) << 6) | ((me & 32)) | (1 << 2) | ((sh >> 5) << 1));
export const sldi = (ra: number, rs: number, n: number): number => rldicr(ra, rs, n, 63 - n);

/** mtspr / mfspr: the SPR number's two 5-bit halves are swapped in the field. */
const sprField = (spr: number): number => ((spr & 31) << 16) | (((spr >> 5) & 31) << 11);
export const mtspr = (spr: number, rs: number): number => u((31 << 26) | ((rs & 31) << 21) | sprField(spr) | (467 << 1));
export const mfspr = (rt: number, spr: number): number => u((31 << 26) | ((rt & 31) << 21) | sprField(spr) | (339 << 1));
export const mtcrf = (fxm: number, rs: number): number => u((31 << 26) | ((rs & 31) << 21) | ((fxm & 0xff) << 12) | (144 << 1));
export const mfcr = (rt: number): number => xForm(31, rt, 0, 0, 19);
/** mtfsf FLM,FRB,L (XFL-form, W=0); L=1 sets all 64 bits of the FPSCR from FRB. */
export const mtfsf = (flm: number, frb: number, l = 0): number =>
  u((63 << 26) | ((l & 1) << 25) | ((flm & 0xff) << 17) | ((frb & 31) << 11) | (711 << 1));
export const mffs = (frt: number): number => xForm(63, frt, 0, 0, 583);
/** stdcx. RS,RA,RB */
export const stdcx = (rs: number, ra: number, rb: number): number => xForm(31, rs, ra, rb, 214, 1);
export const sc = (): number => 0x44000002;
/** lxvd2x / stxvd2x XT,RA,RB (XX1-form): VSR number TX||T, TX in bit 0. */
export const lxvd2x = (xt: number, ra: number, rb: number): number => u(xForm(31, xt, ra, rb, 844) | (xt >> 5));
export const stxvd2x = (xs: number, ra: number, rb: number): number => u(xForm(31, xs, ra, rb, 972) | (xs >> 5));
/** mtvscr VRB / mfvscr VRT (VX-form, primary 4). */
export const mtvscr = (vrb: number): number => u((4 << 26) | ((vrb & 31) << 11) | 1604);
export const mfvscr = (vrt: number): number => u((4 << 26) | ((vrt & 31) << 21) | 1540);
/** b target (relative displacement in bytes) */
export const b = (disp: number, aa = 0, lk = 0): number => u((18 << 26) | (disp & 0x03fffffc) | ((aa & 1) << 1) | (lk & 1));

/** The SPRs the test programs move through GPRs; their numbers are emulator-core's (cpu/spr-numbers.ts). */
export { SPR_XER, SPR_LR, SPR_CTR, SPR_VRSAVE, SPR_TAR, SPR_PPR } from '@hvstep/emulator-core';

/**
 * Words that load a sign-extended 32-bit constant into rt (1 or 2 instructions).
 * Values outside the signed 32-bit range are not supported here.
 */
export function loadImm32(rt: number, value: number): number[] {
  if (value < -0x80000000 || value > 0x7fffffff) throw new RangeError(`loadImm32: ${value} out of range`);
  if (value >= -0x8000 && value < 0x8000) return [li(rt, value)];
  const hi = (value >> 16) & 0xffff, lo = value & 0xffff;
  return lo === 0 ? [lis(rt, hi)] : [lis(rt, hi), ori(rt, rt, lo)];
}

/**
 * Words that compute rt = ra + value for a signed 32-bit value: addis (high-adjusted)
 * then addi. Always two words, so that sizes are known before addresses are.
 */
export function addImm32(rt: number, ra: number, value: number): number[] {
  if (value < -0x80000000 || value > 0x7fffffff) throw new RangeError(`addImm32: ${value} out of range`);
  const lo = (value << 16) >> 16;
  const hi = (value - lo) / 65536;
  if (hi < -0x8000 || hi > 0x7fff) throw new RangeError(`addImm32: ${value} out of range`);
  return [addis(rt, ra, hi), addi(rt, rt, lo)];
}

/** Words that load an unsigned 31-bit address (always two words). */
export function loadAddress(rt: number, address: number): number[] {
  if (address < 0 || address > 0x7fffffff) throw new RangeError(`loadAddress: ${address} out of range`);
  return [lis(rt, (address >>> 16) & 0xffff), ori(rt, rt, address & 0xffff)];
}
