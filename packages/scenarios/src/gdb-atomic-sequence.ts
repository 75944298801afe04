import { decoder, fAA, fBD, fOPCD, fRc } from '@hvstep/emulator-core';

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

/**
 * The reserve and store-conditional forms, by the decoder's mnemonics; GDB ignores a
 * reserve's EH bit and wants a store conditional's Rc set (the decoder's row takes Rc=0 too).
 */
const LOAD_AND_RESERVE: ReadonlySet<string> = new Set(['lbarx', 'lharx', 'lwarx', 'ldarx', 'lqarx']);
const STORE_CONDITIONAL: ReadonlySet<string> = new Set(['stbcx.', 'sthcx.', 'stwcx.', 'stdcx.', 'stqcx.']);
/** bc's primary opcode, and that of a Power ISA 3.1 prefix (an 8-byte instruction). */
const OPCD_BC = 16;
const OPCD_PREFIX = 1;
const SEQUENCE_LENGTH = 16;
const ADDRESS_MASK = (1n << 64n) - 1n;

const mnemonicOf = (word: number): string | undefined => decoder.lookup(word)?.mnemonic;
export const isLoadAndReserve = (word: number): boolean => LOAD_AND_RESERVE.has(mnemonicOf(word) ?? '');
export const isStoreConditional = (word: number): boolean => fRc(word) === 1 && STORE_CONDITIONAL.has(mnemonicOf(word) ?? '');

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
    loc += fOPCD(insn) === OPCD_PREFIX ? 8n : 4n;
    const next = wordAt(loc);
    if (next === undefined) return undefined;
    insn = next;
    if (fOPCD(insn) === OPCD_BC) {
      if (branchTarget !== undefined) return undefined;
      const displacement = BigInt(fBD(insn));
      branchTarget = (fAA(insn) !== 0 ? displacement : loc + displacement) & ADDRESS_MASK;
    }
    if (isStoreConditional(insn)) { closed = true; break; }
  }
  if (!closed) return undefined;
  const after = loc + 4n;
  if (branchTarget === undefined || branchTarget === after || (branchTarget >= pc && branchTarget <= loc)) return [after];
  return [after, branchTarget];
}
