/** Instruction fields (LSB-0 positions in the 32-bit word), Power ISA 3.0B Book I 1.6. */
export const fRT = (w: number): number => (w >>> 21) & 31;
export const fRS = fRT;
export const fRA = (w: number): number => (w >>> 16) & 31;
export const fRB = (w: number): number => (w >>> 11) & 31;
export const fRC = (w: number): number => (w >>> 6) & 31;
export const fBF = (w: number): number => (w >>> 23) & 7;
export const fBFA = (w: number): number => (w >>> 18) & 7;
export const fBO = fRT;
export const fBI = fRA;
export const fSH = fRB;
export const fMB = (w: number): number => (w >>> 6) & 31;
export const fME = (w: number): number => (w >>> 1) & 31;
/** MD/MDS-form 6-bit sh: sh[0:4] in bits 11..15, sh[5] in bit 1. */
export const fSH6 = (w: number): number => ((w >>> 11) & 31) | ((w << 4) & 32);
/** MD/MDS-form 6-bit mb/me: field in bits 5..10, stored mb[5] || mb[0:4]. */
export const fMB6 = (w: number): number => ((w >>> 6) & 31) | (w & 32);
export const fSI = (w: number): number => (w << 16) >> 16;
export const fUI = (w: number): number => w & 0xffff;
/** DS field, sign-extended, already shifted left by 2. */
export const fDS = (w: number): number => ((w << 16) >> 16) & ~3;
export const fSPR = (w: number): number => (((w >>> 16) & 31) | ((w >>> 6) & 0x3e0));
export const fRc = (w: number): number => w & 1;
export const fOE = (w: number): number => (w >>> 10) & 1;
export const fL21 = (w: number): number => (w >>> 21) & 1;
export const fFXM = (w: number): number => (w >>> 12) & 0xff;
