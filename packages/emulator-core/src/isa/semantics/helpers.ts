/**
 * The names an instruction template (semantics/*.ts) may use besides its fields and
 * the macros of src/gen/template.ts. The generated handlers import them from here,
 * and the interpreter's skeleton (interp/fast-loop.ts) imports the ones its inline
 * cases use, so a template means the same in both places.
 */
export { W_CR, W_XER, W_LR, W_CTR, W_TAR, W_CFAR, XER_SO } from '../../state/layout.js';
export { SPR_LR, SPR_CTR } from '../../state/layout.js';
export { setCr0, setOverflow, setCarry } from '../registers.js';
export { linkRegister } from '../../interp/branch-condition.js';

/** 2^32: carries between the 32-bit halves of a 64-bit register. */
export const TWO32 = 4294967296;

/** Mask of ISA bits mb..me (MSB-0, 0..31) of a 32-bit word, wrapping when mb > me (Book I 3.3.14). */
export function mask32(mb: number, me: number): number {
  const m1 = -1 >>> mb;
  const m2 = -1 << (31 - me);
  return mb <= me ? m1 & m2 : m1 | m2;
}
