import { describe, expect, it } from '@jest/globals';
import { xorshift32 } from '../../test-support/random-words.js';
import { randomProgram, WORDS } from '../../test-support/random-programs.js';
import { blockExtent } from '../translate.js';
import { blockEntryFor } from '../templates.js';
import type { BlockInstruction } from '../block-source.js';
import { engineBlockModule } from './engine-block.js';
import { TemplateCompileError } from './values.js';
import { hotSemantics } from '../../isa/semantics/hot.js';
import { randomWordOf } from '../../test-support/random-words.js';

/*
 * A block put together from fragments (fragments.ts) is byte for byte the block the
 * template compiler makes whole: every block of random programs (templates with random
 * fields, handlers, branches, loads and stores), in both modes and byte orders, and
 * blocks of one template's random words, which make every template learn its steering
 * fields and meet many fragments of each. Any difference (a relocation written wrong, a
 * steering field missed, a local numbered apart) shows as differing bytes.
 */

const TLB = 0x30000, REQUESTS = 0x2f000, PA = 0x10000;

function blockAt(words: Int32Array, start: number): BlockInstruction[] {
  const length = blockExtent(words, PA + 4 * start, true);
  const list: BlockInstruction[] = [];
  for (let i = 0; i < length; i++) {
    const w = words[(PA >>> 2) + start + i]! | 0;
    const e = blockEntryFor(w)!;
    list.push(e.kind === 'template' ? { s: e.s, w, raw: w } : { op: e.op, handlerStores: e.stores, w, raw: w });
  }
  return list;
}

/** The module's bytes, or the refusal's message. */
function build(list: readonly BlockInstruction[], start: number, mode64: boolean, le: boolean, whole: boolean): Uint8Array | string {
  try {
    return engineBlockModule(list, PA + 4 * start, mode64 ? 1 : 0, PA + 4 * start, mode64, le, { pages: 8 }, TLB, REQUESTS, whole);
  } catch (e) {
    if (e instanceof TemplateCompileError) return e.message;
    throw e;
  }
}

function compareBlocks(program: readonly number[], mode64: boolean, le: boolean): number {
  const words = new Int32Array((PA >>> 2) + WORDS + 1);
  words.set(program, PA >>> 2);
  let compared = 0;
  for (let start = 0; start < program.length; start++) {
    const list = blockAt(words, start);
    if (list.length === 0) continue;
    const fromFragments = build(list, start, mode64, le, false);
    const whole = build(list, start, mode64, le, true);
    if (typeof whole !== 'string') compared++;
    expect({ start, words: list.map((i) => (i.w >>> 0).toString(16)), bytes: fromFragments })
      .toEqual({ start, words: list.map((i) => (i.w >>> 0).toString(16)), bytes: whole });
  }
  return compared;
}

describe('WebAssembly blocks from fragments', () => {
  it('are the bytes of the whole-block compile for random programs, in both modes and byte orders', () => {
    const next = xorshift32(0x5eed1234);
    let compared = 0;
    for (let n = 0; n < 40; n++) {
      const program = randomProgram(next, (n & 1) === 1);
      compared += compareBlocks(program, (n & 2) === 0, true);
      if (n % 8 === 0) compared += compareBlocks(program, true, false);
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('write branch targets and link addresses across the 4 GiB carry, at kernel addresses', () => {
    const next = xorshift32(0xc0ffee);
    // a branch (b/bc, with and without LK and AA) after a few instructions, placed so that
    // CIA, CIA + 4 or the target crosses a 4 GiB boundary of the 64-bit address
    for (let n = 0; n < 200; n++) {
      const branch = (n & 1) ? randomWordOf(next, 'b') : randomWordOf(next, 'bc');
      const list: BlockInstruction[] = [0x38630001, 0x7c632214, branch].map((w) => {
        const e = blockEntryFor(w)!;
        return e.kind === 'template' ? { s: e.s, w, raw: w } : { op: e.op, handlerStores: e.stores, w, raw: w };
      });
      const ciaLo = (0xffffffe0 + 4 * (next() % 16)) | 0, ciaHi = (n & 2) ? 0xc0000000 | 0 : 0x7fffffff;
      const build = (whole: boolean): Uint8Array | string => {
        try { return engineBlockModule(list, PA, ciaHi, ciaLo, true, true, { pages: 8 }, TLB, REQUESTS, whole); } catch (e) {
          if (e instanceof TemplateCompileError) return e.message;
          throw e;
        }
      };
      expect({ n, bytes: build(false) }).toEqual({ n, bytes: build(true) });
    }
  });

  it('are the same for every template over many of its words (its steering fields learned on the way)', () => {
    const next = xorshift32(0x0badcafe);
    for (const s of hotSemantics) {
      if (s.mnemonic === 'b' || s.mnemonic === 'bc') continue; // a branch ends the block: met in the programs above
      // eight words of one template then a blr: a block of nine
      for (let round = 0; round < 6; round++) {
        const program = Array.from({ length: 8 }, () => randomWordOf(next, s.mnemonic));
        program.push(0x4e800020);
        compareBlocks(program, round % 3 !== 0, true);
      }
    }
  });
});
