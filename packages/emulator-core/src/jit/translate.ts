import type { Cpu } from '../cpu/cpu.js';
import * as helpers from '../isa/semantics/helpers.js';
import { blockSource, type BlockInstruction } from './block-source.js';
import { blockEntryFor } from './templates.js';
import type { Handler } from '../decode/instruction.js';
import { engineBlock } from './wasm/engine-block.js';

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
 * The extent of the block at real address `pa` as memory holds it now: the instructions
 * up to and including the first branch (or handler that always writes NIP), stopping
 * before an invalid word, at the end of the page, or after MAX_BLOCK instructions. 0 when
 * the first word is invalid. Allocates nothing: the run loop asks it for cold blocks
 * while hypervisor breakpoints are armed (run-blocks.ts).
 */
export function blockExtent(words: Int32Array, pa: number, le: boolean): number {
  const pageEnd = (pa | 0xfff) + 1;
  let length = 0;
  for (let a = pa; a < pageEnd && length < MAX_BLOCK; a += 4) {
    const e = blockEntryFor(instructionWord(words[a >>> 2]!, le));
    if (!e) break;
    length++;
    if (e.ends) break;
  }
  return length;
}

/**
 * Translates the block at real address `pa` (effective address ciaHi:ciaLo), its extent
 * from blockExtent (templates.ts says how each instruction is put in). When the first
 * word is invalid the answer is a block of length 0 (the interpreter runs that word).
 * With `compile` false the block is only scanned (no code). With `wasmFor`, a vCPU in
 * an arena (memory/arena.ts), a block of templates becomes WebAssembly
 * (wasm/engine-block.ts); any other stays JavaScript.
 */
export function translate(words: Int32Array, pa: number, ciaHi: number, ciaLo: number, le: boolean, mode64: boolean, compile = true, wasmFor?: Cpu): Block {
  const length = blockExtent(words, pa, le);
  const firstRaw = words[pa >>> 2]! | 0;
  const hi = mode64 ? ciaHi | 0 : 0, lo = ciaLo | 0;
  // one object shape for every block (the run loop reads these fields on every block)
  if (length === 0 || !compile) return { ciaHi: hi, ciaLo: lo, length, firstRaw, run: undefined, entries: 0 };
  const list: BlockInstruction[] = [];
  for (let i = 0; i < length; i++) {
    const raw = words[(pa >>> 2) + i]!;
    const w = instructionWord(raw, le);
    const e = blockEntryFor(w)!;
    list.push(e.kind === 'template' ? { s: e.s, w, raw } : { op: e.op, handlerStores: e.stores, w, raw });
  }
  // a vCPU in an arena: the block as WebAssembly when it is templates only and the compiler takes it
  const compiled = wasmFor !== undefined ? engineBlock(wasmFor, list, pa, ciaHi, ciaLo, mode64, le) : undefined;
  if (compiled !== undefined) return { ciaHi: hi, ciaLo: lo, length, firstRaw, run: compiled, entries: 0 };
  const source = `const { ${HELPER_NAMES.join(', ')} } = helpers;
return function block(cpu, r, le, words, limit, ctl, ci, Fault, handlers) {${blockSource(list, pa, ciaHi, ciaLo, mode64)}
};`;
  const run = (new Function('helpers', source) as (h: typeof helpers) => BlockFunction)(helpers);
  return { ciaHi: hi, ciaLo: lo, length, firstRaw, run, entries: 0 };
}
