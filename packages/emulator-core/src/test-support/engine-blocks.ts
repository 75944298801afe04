import { blockExtent } from '../jit/translate.js';
import { blockEntryFor } from '../jit/templates.js';
import type { BlockInstruction } from '../jit/block-source.js';
import { engineBlockModule } from '../jit/wasm/engine-block.js';
import { TemplateCompileError } from '../jit/wasm/values.js';

/*
 * WebAssembly blocks made without a machine, for the tests that compare how they are
 * made (jit/wasm/fragments.test.ts, prebuilt-fragments.test.ts): a program's words at
 * BLOCK_PA, the block starting at each of them, and the module's bytes for one.
 */

export const BLOCK_PA = 0x10000;
const TLB = 0x30000, REQUESTS = 0x2f000;

/** A word as the translator puts it in a block: its template, or its row's handler. */
export function blockInstruction(w: number): BlockInstruction {
  const e = blockEntryFor(w | 0)!;
  return e.kind === 'template' ? { s: e.s, w: w | 0, raw: w | 0 } : { op: e.op, handlerStores: e.stores, w: w | 0, raw: w | 0 };
}

/** The block starting at each word of `program` (at BLOCK_PA, little-endian), those of at least one instruction. */
export function blocksOf(program: readonly number[]): { start: number; list: BlockInstruction[] }[] {
  const words = new Int32Array((BLOCK_PA >>> 2) + program.length + 1);
  words.set(program, BLOCK_PA >>> 2);
  const out: { start: number; list: BlockInstruction[] }[] = [];
  for (let start = 0; start < program.length; start++) {
    const length = blockExtent(words, BLOCK_PA + 4 * start, true);
    if (length > 0) out.push({ start, list: program.slice(start, start + length).map(blockInstruction) });
  }
  return out;
}

/** The block's module bytes from fragments or compiled whole, or the refusal's message. */
export function blockModuleBytes(list: readonly BlockInstruction[], pa: number, ciaHi: number, ciaLo: number, mode64: boolean, le: boolean, whole: boolean): Uint8Array | string {
  try {
    return engineBlockModule(list, pa, ciaHi, ciaLo, mode64, le, { pages: 8 }, TLB, REQUESTS, whole);
  } catch (e) {
    if (e instanceof TemplateCompileError) return e.message;
    throw e;
  }
}
