/**
 * The index field of each primary opcode's extended-opcode table, as (shift, bits)
 * of the instruction word (LSB-0 positions). Power ISA 3.0B, Appendix "Opcode Maps".
 */
export interface ExtendedField { shift: number; bits: number }

export const EXTENDED_FIELDS: Readonly<Record<number, ExtendedField>> = {
  4: { shift: 0, bits: 11 },   // VX (11-bit) and VA (6-bit) forms: maddhd/maddld...
  17: { shift: 0, bits: 2 },   // SC-form: ISA bits 30:31 tell sc (0b10) from scv (0b01)
  19: { shift: 1, bits: 10 },  // XL-form: branch-to-register, CR logical, rfid, isync
  30: { shift: 1, bits: 4 },   // MD (3-bit xo + sh5) and MDS (4-bit xo) rotates
  31: { shift: 1, bits: 10 },  // X/XO/XFX/XS forms
  57: { shift: 0, bits: 2 },   // DS: lfdp, lxsd, lxssp
  58: { shift: 0, bits: 2 },   // DS: ld, ldu, lwa
  60: { shift: 1, bits: 10 },  // XX1 (10-bit), XX2 (9), XX3 (8 above AX/BX, or 5 beside DM/SHW), XX4 (2) VSX forms
  59: { shift: 1, bits: 10 },  // A-form (5-bit) and X-form single-precision FP
  61: { shift: 0, bits: 3 },   // DS: stfdp, stxsd, stxssp (2-bit xo); DQ: lxv, stxv (3-bit xo)
  62: { shift: 0, bits: 2 },   // DS: std, stdu, stq
  63: { shift: 1, bits: 10 },  // A-form (5-bit) and X-form double-precision FP
};
