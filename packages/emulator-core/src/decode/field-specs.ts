/**
 * The instruction fields, declared once (Power ISA 3.0B Book I 1.6.28 "Instruction
 * Fields"; QEMU's decodetree `%field` lines are the model). Every extractor
 * (`fRT(w)`...) and every encoder (`put.RT(n)`) is generated from this table by
 * src/gen (`pnpm gen`) into decode/fields.generated.ts; nothing else in the project
 * takes an instruction word apart with shifts and masks.
 *
 * Positions are LSB-0 (bit 0 is the least significant bit of the word; the ISA
 * numbers bits MSB-0, so ISA bit b is LSB-0 bit 31 - b).
 */

/** A contiguous run of bits in the instruction word. */
export interface FieldPart {
  /** LSB-0 position of the run's lowest bit. */
  readonly shift: number;
  readonly width: number;
}

export interface FieldSpec {
  /**
   * The runs that make up the value, most significant first: the value is their
   * concatenation (split fields such as SPR, the MD-form sh and mb, DX's d0||d1||d2).
   */
  readonly parts: readonly FieldPart[];
  /** Sign-extend the concatenated value. */
  readonly signed?: boolean;
  /** The value is the concatenation shifted left by this much (DS: 2, DQ: 4, LI/BD: 2). */
  readonly scale?: number;
  /** What the ISA calls it and where it is used. */
  readonly doc: string;
}

const at = (shift: number, width: number, doc: string, extra: Partial<FieldSpec> = {}): FieldSpec =>
  ({ parts: [{ shift, width }], doc, ...extra });
const split = (parts: [number, number][], doc: string, extra: Partial<FieldSpec> = {}): FieldSpec =>
  ({ parts: parts.map(([shift, width]) => ({ shift, width })), doc, ...extra });

export const FIELD_SPECS = {
  OPCD: at(26, 6, 'primary opcode (ISA bits 0:5)'),
  RT: at(21, 5, 'target GPR (ISA bits 6:10); also FRT, BT, TO, TH'),
  RS: at(21, 5, 'source GPR in the RT position (stores, logical, rotates); also FRS'),
  RA: at(16, 5, 'GPR A (ISA bits 11:15); also FRA, BA, BI'),
  RB: at(11, 5, 'GPR B (ISA bits 16:20); also FRB, BB, SH, NB'),
  RC: at(6, 5, 'register C of VA- and A-forms (ISA bits 21:25); also FRC, BC, isel\'s condition bit, MB of M-form'),
  BO: at(21, 5, 'branch options (B-, XL-forms)'),
  BI: at(16, 5, 'CR bit a conditional branch tests'),
  TO: at(21, 5, 'trap conditions of tw, td, twi, tdi'),
  BH: at(11, 2, 'branch hint of bclr/bcctr/bctar'),
  BF: at(23, 3, 'target CR field (ISA bits 6:8)'),
  BFA: at(18, 3, 'source CR field (ISA bits 11:13)'),
  L21: at(21, 1, 'L of the compares (ISA bit 10): 64-bit comparison'),
  L16: at(16, 1, 'L of mtmsr/mtmsrd (ISA bit 15): only EE and RI'),
  RIC: at(18, 2, 'radix invalidation control of tlbie/tlbiel (ISA bits 12:13): 0 TLB, 1 page walk cache, 2 all, 3 cluster bombs'),
  PRS: at(17, 1, 'process-scoped (1) or partition-scoped (0) invalidation of tlbie/tlbiel (ISA bit 14)'),
  R: at(16, 1, 'radix (1) or HPT (0) translations of tlbie/tlbiel (ISA bit 15)'),
  L25: at(25, 1, 'L of mtfsf (ISA bit 6)'),
  W16: at(16, 1, 'W of mtfsf/mtfsfi (ISA bit 15)'),
  SI: at(0, 16, 'signed immediate (D-form)', { signed: true }),
  UI: at(0, 16, 'unsigned immediate (D-form)'),
  DS: at(2, 14, 'DS displacement, sign-extended, times 4 (DS-form)', { signed: true, scale: 2 }),
  DQ: at(4, 12, 'DQ displacement, sign-extended, times 16 (DQ-form)', { signed: true, scale: 4 }),
  DX: split([[6, 10], [16, 5], [0, 1]], 'addpcis d0||d1||d2, sign-extended (DX-form)', { signed: true }),
  LI: at(2, 24, 'branch displacement, sign-extended, times 4 (I-form)', { signed: true, scale: 2 }),
  BD: at(2, 14, 'conditional branch displacement, sign-extended, times 4 (B-form)', { signed: true, scale: 2 }),
  AA: at(1, 1, 'absolute address (I-, B-forms)'),
  LK: at(0, 1, 'link: LR = CIA + 4'),
  Rc: at(0, 1, 'record: set CR0 (or CR1 for FP)'),
  OE: at(10, 1, 'overflow enable (XO-form, ISA bit 21)'),
  SH: at(11, 5, '5-bit shift (M-, X-forms)'),
  MB: at(6, 5, '5-bit mask begin (M-form)'),
  ME: at(1, 5, '5-bit mask end (M-form)'),
  SH6: split([[1, 1], [11, 5]], '6-bit shift sh[5]||sh[0:4] (MD-, XS-forms)'),
  MB6: split([[5, 1], [6, 5]], '6-bit mask bound mb[5]||mb[0:4] (MD-, MDS-forms)'),
  SPR: split([[11, 5], [16, 5]], 'SPR number: its two 5-bit halves are swapped in the encoding (XFX-form)'),
  FXM: at(12, 8, 'CR field mask of mtcrf/mfocrf'),
  ONE: at(20, 1, 'the one-field flag of mtocrf/mfocrf (ISA bit 11)'),
  NB: at(11, 5, 'byte count of lswi/stswi'),
  FLM: at(17, 8, 'FPSCR field mask of mtfsf'),
  U: at(12, 4, 'immediate of mtfsfi'),
  DRM: at(11, 3, 'DRM, the decimal rounding mode immediate of mffscdrni (ISA bits 18:20)'),
  RM: at(11, 2, 'RM, the binary rounding mode immediate of mffscrni (ISA bits 19:20)'),
  LEV: at(5, 7, 'level of sc/scv'),
  L_DARN: at(16, 2, 'L of darn (ISA bits 14:15): 0 a 32-bit conditioned number, 1 a 64-bit conditioned one, 2 a raw one'),
  XO_SC: at(1, 1, 'SC-form ISA bit 30, unnamed in the ISA: 1 for sc, 0 for scv (System Call Vectored)'),
  EH: at(0, 1, 'exclusive-access hint of the load-and-reserve forms'),
  RMC: at(9, 2, 'rounding mode control of the FP round-to-integer forms'),
  XO_X: at(1, 10, 'extended opcode of X-, XL-, XFX-, XFL-forms (ISA bits 21:30)'),
  XO_XO: at(1, 9, 'extended opcode of XO-form (ISA bits 22:30)'),
  XO_A: at(1, 5, 'extended opcode of A-form (ISA bits 26:30)'),
  XO_VA: at(0, 6, 'extended opcode of VA-form (ISA bits 26:31)'),
  XO_DS: at(0, 2, 'extended opcode of DS-form (ISA bits 30:31)'),
  XO_MD: at(2, 3, 'extended opcode of MD-form (ISA bits 27:29)'),
  XO_MDS: at(1, 4, 'extended opcode of MDS-form (ISA bits 27:30)'),
  XO_XS: at(2, 9, 'extended opcode of XS-form (ISA bits 21:29)'),
  // Vector and VSX (Book I 6, 7; ISA 3.0B 1.6): a VSR number is the register field
  // extended by one more bit elsewhere in the word (TX, AX, BX, CX).
  XT: split([[0, 1], [21, 5]], 'target VSR TX||T of XX1-XX4 forms (TX is ISA bit 31)'),
  XS: split([[0, 1], [21, 5]], 'source VSR SX||S of XX1-form stores and moves (SX is ISA bit 31)'),
  XA: split([[2, 1], [16, 5]], 'VSR AX||A of XX3/XX4 forms (AX is ISA bit 29)'),
  XB: split([[1, 1], [11, 5]], 'VSR BX||B of XX2-XX4 forms (BX is ISA bit 30)'),
  XC: split([[3, 1], [6, 5]], 'VSR CX||C of XX4-form (CX is ISA bit 28)'),
  XT_DQ: split([[3, 1], [21, 5]], 'VSR TX||T of the DQ-form lxv/stxv (TX is ISA bit 28)'),
  VRT: at(21, 5, 'target VR (ISA bits 6:10); also VRS of the vector stores'),
  VRA: at(16, 5, 'VR A (ISA bits 11:15)'),
  VRB: at(11, 5, 'VR B (ISA bits 16:20)'),
  VRC: at(6, 5, 'VR C of VA-form (ISA bits 21:25)'),
  SHB: at(6, 4, 'byte shift of vsldoi (ISA bits 22:25)'),
  DM: at(8, 2, 'doubleword selector of xxpermdi (ISA bits 22:23)'),
  SHW: at(8, 2, 'word shift of xxsldwi (ISA bits 22:23)'),
  UIM4: at(16, 4, 'byte element of vspltb (ISA bits 12:15)'),
  UIM3: at(16, 3, 'halfword element of vsplth (ISA bits 13:15)'),
  UIM2: at(16, 2, 'word element of vspltw and xxspltw (ISA bits 14:15)'),
  SIM: at(16, 5, 'signed immediate of vspltis[bhw] (ISA bits 11:15)', { signed: true }),
  IMM8: at(11, 8, 'byte immediate of xxspltib (ISA bits 13:20)'),
  Rc_VC: at(10, 1, 'record bit of VC-form vector compares (ISA bit 21): set CR6'),
  ST: at(15, 1, 'SHA-256/512 function selector of vshasigma[wd] (ISA bit 16)'),
  SIX: at(11, 4, 'sigma function selectors of vshasigma[wd] (ISA bits 17:20)'),
  XO_VX: at(0, 11, 'extended opcode of VX-form (ISA bits 21:31)'),
  XO_VC: at(0, 10, 'extended opcode of VC-form (ISA bits 22:31)'),
  XO_XX2: at(2, 9, 'extended opcode of XX2-form (ISA bits 21:29)'),
  XO_XX3: at(3, 8, 'extended opcode of XX3-form (ISA bits 21:28)'),
  XO_XX4: at(4, 2, 'extended opcode of XX4-form (ISA bits 26:27)'),
  XO_DQ: at(0, 3, 'extended opcode of DQ-form lxv/stxv (ISA bits 29:31)'),
  EO: at(16, 5, 'EO, the A field (ISA bits 11:15) as an extended opcode: the XX2 rows xo 347/475 and the X rows of primary 63 xo 804/836 select their operation by it'),
  DCMX: at(16, 7, 'data class mask of xststdc[sdq]p (ISA bits 9:15): NaN, +inf, -inf, +0, -0, +denormal, -denormal'),
  DCMX_XV: split([[6, 1], [2, 1], [16, 5]], 'data class mask of xvtstdc[sd]p, dc||dm||dx (ISA bits 25, 29, 11:15)'),
  T_DST: at(25, 1, 'T of dst/dstst (ISA bit 6): the stream is transient'),
  STRM: at(21, 2, 'STRM of dst/dstst/dss (ISA bits 9:10): the data stream id'),
  R_Z23: at(16, 1, 'R of the Z23-form xsrqpi[x]/xsrqpxp (ISA bit 15): with RMC, the rounding mode'),
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELD_SPECS;

/**
 * A field's value in a word, computed from its spec (not for hot code: the generated
 * extractors are; this serves translation time, when the word is a constant).
 */
export function fieldValue(spec: FieldSpec, w: number): number {
  let v = 0;
  for (const p of spec.parts) v = v * 2 ** p.width + Math.floor((w >>> 0) / 2 ** p.shift) % 2 ** p.width;
  const width = fieldWidth(spec);
  if (spec.signed && v >= 2 ** (width - 1)) v -= 2 ** width;
  return v * 2 ** (spec.scale ?? 0);
}

/** Mask of the word's bits a field occupies. */
export function fieldMask(spec: FieldSpec): number {
  let m = 0;
  for (const p of spec.parts) m |= ((2 ** p.width - 1) << p.shift);
  return m >>> 0;
}

/** Total width of a field's value before scaling. */
export const fieldWidth = (spec: FieldSpec): number => spec.parts.reduce((n, p) => n + p.width, 0);

/**
 * The word mask of ISA bit positions written as the ISA's form diagrams show them
 * (MSB-0, "9:10 16:20 31"): how a row declares the reserved bits QEMU checks for it.
 */
export function isaBits(positions: string): number {
  let m = 0;
  for (const part of positions.trim().split(/\s+/)) {
    const [a, b] = part.split(':').map(Number) as [number, number | undefined];
    const last = b ?? a;
    if (!(a >= 0 && last <= 31 && a <= last)) throw new Error(`isaBits: bad range ${part}`);
    for (let bit = a; bit <= last; bit++) m |= 1 << (31 - bit);
  }
  return m >>> 0;
}

/** The word mask of the named fields: a row's reserved bits when they are whole fields (e.g. RA). */
export function fieldBits(...names: FieldName[]): number {
  let m = 0;
  for (const n of names) m |= fieldMask(FIELD_SPECS[n]);
  return m >>> 0;
}
