import { describe, expect, it } from '@jest/globals';
import { xorshift32, randomWordOf } from '../../test-support/random-words.js';
import { randomProgram } from '../../test-support/random-programs.js';
import { BLOCK_PA, blocksOf, blockInstruction, blockModuleBytes } from '../../test-support/engine-blocks.js';
import { hotSemantics } from '../../isa/semantics/hot.js';

/*
 * A block put together from fragments (fragments.ts) is byte for byte the block the
 * template compiler makes whole: every block of random programs (templates with random
 * fields, handlers, branches, loads and stores), in both modes and byte orders, and
 * blocks of one template's random words, which make every template learn its steering
 * fields and meet many fragments of each. Any difference (a relocation written wrong, a
 * steering field missed, a local numbered apart) shows as differing bytes.
 */

function compareBlocks(program: readonly number[], mode64: boolean, le: boolean): number {
  let compared = 0;
  for (const { start, list } of blocksOf(program)) {
    const pc = BLOCK_PA + 4 * start;
    const fromFragments = blockModuleBytes(list, pc, mode64 ? 1 : 0, pc, mode64, le, false);
    const whole = blockModuleBytes(list, pc, mode64 ? 1 : 0, pc, mode64, le, true);
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
      const list = [0x38630001, 0x7c632214, branch].map(blockInstruction);
      const ciaLo = (0xffffffe0 + 4 * (next() % 16)) | 0, ciaHi = (n & 2) ? 0xc0000000 | 0 : 0x7fffffff;
      const build = (whole: boolean): Uint8Array | string => blockModuleBytes(list, BLOCK_PA, ciaHi, ciaLo, true, true, whole);
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
