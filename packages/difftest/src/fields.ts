/**
 * Operand field encoders (Power ISA 3.0B Book I 1.6): each returns the field's bits
 * in place in the instruction word (LSB-0 shifts). Rules OR them together.
 */
export const F = {
  RT: (n: number): number => (n & 31) << 21,
  RS: (n: number): number => (n & 31) << 21,
  RA: (n: number): number => (n & 31) << 16,
  RB: (n: number): number => (n & 31) << 11,
  /** RC of VA-form (maddld), FRC of A-form, BC of isel, MB of M-form */
  C6: (n: number): number => (n & 31) << 6,
  BF: (n: number): number => (n & 7) << 23,
  BFA: (n: number): number => (n & 7) << 18,
  L21: (n: number): number => (n & 1) << 21,
  BO: (n: number): number => (n & 31) << 21,
  BI: (n: number): number => (n & 31) << 16,
  BH: (n: number): number => (n & 3) << 11,
  TO: (n: number): number => (n & 31) << 21,
  SI: (v: number): number => v & 0xffff,
  DS: (v: number): number => v & 0xfffc,
  SH: (n: number): number => (n & 31) << 11,
  MB: (n: number): number => (n & 31) << 6,
  ME: (n: number): number => (n & 31) << 1,
  /** MD/MDS/XS-form 6-bit shift: sh[0:4] in bits 11..15, sh[5] in bit 1 */
  SH6: (n: number): number => ((n & 31) << 11) | (((n >> 5) & 1) << 1),
  /** MD/MDS-form 6-bit mask bound: low 5 bits in 6..10, bit 5 in bit 5 */
  MB6: (n: number): number => ((n & 31) << 6) | (n & 32),
  OE: (b: number): number => (b & 1) << 10,
  Rc: (b: number): number => b & 1,
  LK: (b: number): number => b & 1,
  AA: (b: number): number => (b & 1) << 1,
  SPR: (spr: number): number => ((spr & 31) << 16) | (((spr >> 5) & 31) << 11),
  FXM: (n: number): number => (n & 0xff) << 12,
  /** bit 20: the one-field form of mtocrf/mfocrf */
  ONE: (b: number): number => (b & 1) << 20,
  NB: (n: number): number => (n & 31) << 11,
  /** addpcis D split into d0 (bits 6..15), d1 (16..20), d2 (bit 0) */
  DX: (d: number): number => (((d >> 6) & 0x3ff) << 6) | (((d >> 1) & 31) << 16) | (d & 1),
  FLM: (n: number): number => (n & 0xff) << 17,
  L25: (n: number): number => (n & 1) << 25,
  W16: (n: number): number => (n & 1) << 16,
  U: (n: number): number => (n & 15) << 12,
} as const;
