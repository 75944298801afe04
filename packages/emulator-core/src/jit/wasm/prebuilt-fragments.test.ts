import { describe, expect, it } from '@jest/globals';
import { xorshift32, randomWordOf } from '../../test-support/random-words.js';
import { randomProgram } from '../../test-support/random-programs.js';
import type { BlockInstruction } from '../block-source.js';
import { engineBlockFragmentsJson } from './engine-block.js';
import { BLOCK_PA, blocksOf, blockModuleBytes } from '../../test-support/engine-blocks.js';
import { usePrebuiltFragments, type PrebuiltFragmentsFile } from './prebuilt-fragments.js';
import { fragmentStatistics } from './fragments.js';

/*
 * fragments.json as the bundle carries it (engineBlockFragmentsJson, read back through
 * JSON): blocks put together from its fragments are the bytes of the whole-block
 * compile, and a block of templates whose fragments are all prebuilt compiles none.
 */

const file = JSON.parse(engineBlockFragmentsJson()) as PrebuiltFragmentsFile;
usePrebuiltFragments(file);

const build = (list: readonly BlockInstruction[], start: number, whole: boolean): Uint8Array | string =>
  blockModuleBytes(list, BLOCK_PA + 4 * start, 0, BLOCK_PA + 4 * start, true, true, whole);

describe('prebuilt fragments (fragments.json)', () => {
  it('hold every template with few steering combinations, and each fragment once', () => {
    const templates = file.contexts['64le']!;
    for (const m of ['addi', 'add', 'ld', 'std', 'cmpi', 'lwzx', 'stdu', 'extsw']) {
      expect(Object.keys(templates[m]!.fragments).length).toBeGreaterThan(0);
    }
    // add: OE and Rc steer; each combination a fragment
    expect(templates.add!.steering.values).toEqual(['$OE', '$Rc']);
    expect(Object.keys(templates.add!.fragments).sort()).toEqual(['$OE=0,$Rc=0,', '$OE=0,$Rc=1,', '$OE=1,$Rc=0,', '$OE=1,$Rc=1,']);
    // a branch steers on its address: none prebuilt
    expect(templates.bc!.fragments).toEqual({});
  });

  it('put blocks together byte for byte as the whole-block compile', () => {
    const next = xorshift32(0x1234abcd);
    let compared = 0;
    for (let n = 0; n < 30; n++) {
      for (const { start, list } of blocksOf(randomProgram(next, (n & 1) === 1))) {
        const fromFragments = build(list, start, false), whole = build(list, start, true);
        expect({ start, bytes: fromFragments }).toEqual({ start, bytes: whole });
        if (typeof whole !== 'string') compared++;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('compile no fragment for a block of prebuilt templates', () => {
    const next = xorshift32(77);
    const program = ['addi', 'add', 'ld', 'std', 'cmpi', 'lwzx', 'stdu', 'extsw', 'or', 'subf'].map((m) => randomWordOf(next, m));
    program.push(0x4e800020); // blr: its fragment steers on the address
    const before = fragmentStatistics.compiled;
    const [first] = blocksOf(program);
    expect(first!.list).toHaveLength(11);
    expect(build(first!.list, 0, false)).toEqual(build(first!.list, 0, true));
    expect(fragmentStatistics.compiled - before).toBe(1);
  });
});
