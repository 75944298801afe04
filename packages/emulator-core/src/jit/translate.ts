import type { Cpu } from '../cpu/cpu.js';
import * as helpers from '../isa/semantics/helpers.js';
import { blockSource, type BlockInstruction } from './block-source.js';
import { blockEntryFor, endsBlock } from './templates.js';
import type { Handler } from '../decode/instruction.js';

/** The longest block: bounds the instructions between two looks at other threads' requests. */
export const MAX_BLOCK = 64;

/** A compiled block (block-source.ts describes the arguments and the answer). */
export type BlockFunction = (
  cpu: Cpu, r: Int32Array, le: boolean, words: Int32Array, limit: number, ctl: Int32Array, ci: number, fault: unknown,
  handlers: readonly Handler[],
) => number;

/**
 * A block: where it starts, under which mode, its length, and its code once it has
 * been compiled. A block is first only scanned (its extent found, nothing compiled):
 * the interpreter runs its instructions until it has been entered `hotThreshold`
 * times (block-cache.ts), and only then is it compiled, so code that runs a few times
 * (start-up, a kernel's boot) does not pay for compiling.
 */
export interface Block {
  readonly ciaHi: number;
  readonly ciaLo: number;
  /** 0: the first word is not a valid instruction; the interpreter runs it (and delivers its interrupt). */
  readonly length: number;
  /** The first word as guest memory held it (host-order view): what a length-0 block is valid for. */
  readonly firstRaw: number;
  /** The compiled code, or undefined while the block is only scanned. */
  readonly run: BlockFunction | undefined;
  /** Entries while only scanned. */
  entries: number;
}

const HELPER_NAMES = Object.keys(helpers);

/** The host-order word at real address pa read as an instruction in the guest's byte order. */
const instructionWord = (raw: number, le: boolean): number =>
  le ? raw : ((raw & 0xff) << 24) | ((raw & 0xff00) << 8) | ((raw >>> 8) & 0xff00) | (raw >>> 24);

/**
 * Translates the block at real address `pa` (effective address ciaHi:ciaLo): the
 * instructions up to and including the first branch (or handler that always writes
 * NIP), stopping before an invalid word, at the end of the page, or after MAX_BLOCK
 * instructions (templates.ts says how each is put in). When the first word is invalid
 * the answer is a block of length 0 (the interpreter runs that word). With `compile`
 * false the block is only scanned (no code).
 */
export function translate(words: Int32Array, pa: number, ciaHi: number, ciaLo: number, le: boolean, mode64: boolean, compile = true): Block {
  const list: BlockInstruction[] = [];
  const pageEnd = (pa | 0xfff) + 1;
  for (let a = pa; a < pageEnd && list.length < MAX_BLOCK; a += 4) {
    const raw = words[a >>> 2]!;
    const w = instructionWord(raw, le);
    const e = blockEntryFor(w);
    if (!e) break;
    if (e.kind === 'template') {
      list.push({ s: e.s, w, raw });
      if (endsBlock(e.s)) break;
    } else {
      list.push({ op: e.op, handlerStores: e.stores, w, raw });
      if (e.ends) break;
    }
  }
  const firstRaw = words[pa >>> 2]! | 0;
  const hi = mode64 ? ciaHi | 0 : 0, lo = ciaLo | 0;
  // one object shape for every block (the run loop reads these fields on every block)
  if (list.length === 0 || !compile) return { ciaHi: hi, ciaLo: lo, length: list.length, firstRaw, run: undefined, entries: 0 };
  const source = `const { ${HELPER_NAMES.join(', ')} } = helpers;
return function block(cpu, r, le, words, limit, ctl, ci, Fault, handlers) {${blockSource(list, pa, ciaHi, ciaLo, mode64)}
};`;
  const run = (new Function('helpers', source) as (h: typeof helpers) => BlockFunction)(helpers);
  return { ciaHi: hi, ciaLo: lo, length: list.length, firstRaw, run, entries: 0 };
}
