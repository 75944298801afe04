/**
 * GDB's own way of stepping a load-and-reserve (gdb/rs6000-tdep.c,
 * ppc_deal_with_atomic_sequence): a step that starts on lbarx/lharx/lwarx/ldarx/lqarx
 * is not a single step at all. GDB scans at most 16 instructions ahead for the closing
 * store conditional, plants a breakpoint after it (and one on the target of the one
 * conditional `bc` the sequence may contain, unless that target lies inside the
 * sequence) and resumes; stepping into the sequence would lose the reservation on
 * every try. The scenarios' oracle needs the same rule to know where such a "step"
 * may stop. Decided on words, as GDB does, not on disassembly.
 */

/** Primary opcode mask and the X-form extended opcode of the reserve/conditional forms. */
const OP_MASK = 0xfc000000;
const X_FORM_MASK = 0xfc0007fe;
const X_FORM_RC_MASK = 0xfc0007ff;
/** lbarx, lharx, lwarx, ldarx, lqarx (opcode 31, XO 52, 116, 20, 84, 276; EH ignored). */
const LOAD_AND_RESERVE = [0x7c000068, 0x7c0000e8, 0x7c000028, 0x7c0000a8, 0x7c000228];
/** stbcx., sthcx., stwcx., stdcx., stqcx. (opcode 31, XO 694, 726, 150, 214, 182, Rc=1). */
const STORE_CONDITIONAL = [0x7c00056d, 0x7c0005ad, 0x7c00012d, 0x7c0001ad, 0x7c00016d];
/** bc (primary opcode 16) and the prefix of a Power ISA 3.1 prefixed instruction (opcode 1). */
const BC = 16 << 26;
const PREFIX = 1 << 26;
const SEQUENCE_LENGTH = 16;

export const isLoadAndReserve = (word: number): boolean => LOAD_AND_RESERVE.includes((word & X_FORM_MASK) >>> 0);
export const isStoreConditional = (word: number): boolean => STORE_CONDITIONAL.includes((word & X_FORM_RC_MASK) >>> 0);

/**
 * Where GDB's step of the load-and-reserve at `pc` can stop, or undefined when GDB
 * steps it as a plain instruction (not a reserve, no closing store conditional within
 * 16 instructions, more than one conditional branch, or a word that cannot be read).
 */
export function atomicSequenceStops(pc: bigint, wordAt: (address: bigint) => number | undefined): bigint[] | undefined {
  let insn = wordAt(pc);
  if (insn === undefined || !isLoadAndReserve(insn)) return undefined;
  let loc = pc;
  let branchTarget: bigint | undefined;
  let closed = false;
  for (let n = 0; n < SEQUENCE_LENGTH; n++) {
    loc += (insn & OP_MASK) >>> 0 === PREFIX ? 8n : 4n;
    const next = wordAt(loc);
    if (next === undefined) return undefined;
    insn = next;
    if ((insn & OP_MASK) >>> 0 === BC) {
      if (branchTarget !== undefined) return undefined;
      const displacement = BigInt(((insn & 0xfffc) ^ 0x8000) - 0x8000);
      branchTarget = (insn & 2) !== 0 ? displacement & ((1n << 64n) - 1n) : (loc + displacement) & ((1n << 64n) - 1n);
    }
    if (isStoreConditional(insn)) { closed = true; break; }
  }
  if (!closed) return undefined;
  const after = loc + 4n;
  if (branchTarget === undefined || branchTarget === after || (branchTarget >= pc && branchTarget <= loc)) return [after];
  return [after, branchTarget];
}
