/**
 * The few instruction forms the software single step must recognise (spec section 3;
 * Power ISA 3.0 Book I/III encodings). Fields are LSB-0 positions in the 32-bit word:
 * op = bits 26..31, xop = bits 1..10, rt/rs = bits 21..25, spr = (bits 11..15) << 5 |
 * (bits 16..20) — the SPR number's two 5-bit halves are swapped in the encoding.
 */
export const opcode = (word: number): number => (word >>> 26) & 0x3f;
export const extendedOpcode = (word: number): number => (word >>> 1) & 0x3ff;
export const rt = (word: number): number => (word >>> 21) & 0x1f;
export const sprField = (word: number): number => (((word >>> 11) & 0x1f) << 5) | ((word >>> 16) & 0x1f);

export const OP_BC = 16;
export const OP_SC = 17;
export const OP_B = 18;
export const OP_XL = 19;
export const OP_X = 31;
export const XOP_RFID = 18;
export const XOP_HRFID = 274;
export const XOP_BCLR = 16;
export const XOP_BCCTR = 528;
export const XOP_BCTAR = 560;
export const XOP_MFMSR = 83;
export const XOP_MTMSR = 146;
export const XOP_MTMSRD = 178;
export const XOP_MTSPR = 467;
export const SPR_SRR0 = 26;
export const SPR_SRR1 = 27;

/** What the stepper needs to know about the instruction it steps. */
export type SteppedInstruction =
  | { kind: 'rfid' }
  | { kind: 'hrfid' }
  /** sc LEV=0 (system call), LEV=1 (hypercall), or scv. */
  | { kind: 'sc'; level: number }
  | { kind: 'mtsrr'; srr: 0 | 1; rs: number }
  | { kind: 'mfmsr'; rt: number }
  /** mtmsr (32-bit, low word only) or mtmsrd; L=1 changes only EE and RI. */
  | { kind: 'mtmsr'; rs: number; doubleword: boolean; l: number }
  | { kind: 'branch' }
  | { kind: 'other' };

export function classify(word: number): SteppedInstruction {
  const op = opcode(word);
  if (op === OP_SC) {
    // sc: bit 1 set; scv: bit 0 set (LEV in bits 5..11)
    return { kind: 'sc', level: (word & 1) !== 0 ? -1 : (word >>> 5) & 0x7f };
  }
  if (op === OP_B || op === OP_BC) return { kind: 'branch' };
  const xop = extendedOpcode(word);
  if (op === OP_XL) {
    if (xop === XOP_RFID) return { kind: 'rfid' };
    if (xop === XOP_HRFID) return { kind: 'hrfid' };
    if (xop === XOP_BCLR || xop === XOP_BCCTR || xop === XOP_BCTAR) return { kind: 'branch' };
  }
  if (op === OP_X) {
    if (xop === XOP_MFMSR) return { kind: 'mfmsr', rt: rt(word) };
    if (xop === XOP_MTMSR || xop === XOP_MTMSRD) return { kind: 'mtmsr', rs: rt(word), doubleword: xop === XOP_MTMSRD, l: (word >>> 16) & 1 };
    if (xop === XOP_MTSPR) {
      const spr = sprField(word);
      if (spr === SPR_SRR0 || spr === SPR_SRR1) return { kind: 'mtsrr', srr: spr === SPR_SRR0 ? 0 : 1, rs: rt(word) };
    }
  }
  return { kind: 'other' };
}

/** Registers a branch's targets depend on. */
export interface BranchContext { nip: bigint; lr: bigint; ctr: bigint; tar: bigint }

const MASK64 = (1n << 64n) - 1n;
const signExtend = (value: number, bits: number): bigint => BigInt.asIntN(bits, BigInt(value));

/**
 * Every address a branch at `nip` can go to next (both ways of a conditional one),
 * or undefined when `word` is not a branch. Used where the Trace interrupt cannot end
 * a step: the planted breakpoints go on each possible successor instead (GDB's own
 * software single step, ppc_deal_with_atomic_sequence's neighbour).
 */
export function branchSuccessors(word: number, ctx: BranchContext): bigint[] | undefined {
  const op = opcode(word);
  const absolute = (word & 2) !== 0;
  const next = (ctx.nip + 4n) & MASK64;
  if (op === OP_B) {
    const disp = signExtend(word & 0x03fffffc, 26);
    return [(absolute ? disp : ctx.nip + disp) & MASK64];
  }
  if (op === OP_BC) {
    const disp = signExtend(word & 0xfffc, 16);
    return unique([(absolute ? disp : ctx.nip + disp) & MASK64, next]);
  }
  if (op === OP_XL) {
    const xop = extendedOpcode(word);
    if (xop === XOP_BCLR) return unique([ctx.lr & ~3n & MASK64, next]);
    if (xop === XOP_BCCTR) return unique([ctx.ctr & ~3n & MASK64, next]);
    if (xop === XOP_BCTAR) return unique([ctx.tar & ~3n & MASK64, next]);
  }
  return undefined;
}

function unique(list: bigint[]): bigint[] { return [...new Set(list)]; }
