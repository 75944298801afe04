import { describe, expect, it } from '@jest/globals';
import { xorshift32, randomWordOf } from '../../test-support/random-words.js';
import { randomProgram } from '../../test-support/random-programs.js';
import { blockExtent } from '../translate.js';
import { blockEntryFor } from '../templates.js';
import type { BlockInstruction } from '../block-source.js';
import { engineBlockModule, engineBlockFragmentsJson } from './engine-block.js';
import { usePrebuiltFragments, type PrebuiltFragmentsFile } from './prebuilt-fragments.js';
import { fragmentStatistics } from './fragments.js';
import { TemplateCompileError } from './values.js';

/*
 * fragments.json as the bundle carries it (engineBlockFragmentsJson, read back through
 * JSON): blocks put together from its fragments are the bytes of the whole-block
 * compile, and a block of templates whose fragments are all prebuilt compiles none.
 */

const TLB = 0x30000, REQUESTS = 0x2f000, PA = 0x10000;
const file = JSON.parse(engineBlockFragmentsJson()) as PrebuiltFragmentsFile;
usePrebuiltFragments(file);

function blocks(program: readonly number[]): { start: number; list: BlockInstruction[] }[] {
  const words = new Int32Array((PA >>> 2) + program.length + 1);
  words.set(program, PA >>> 2);
  const out: { start: number; list: BlockInstruction[] }[] = [];
  for (let start = 0; start < program.length; start++) {
    const length = blockExtent(words, PA + 4 * start, true);
    const list: BlockInstruction[] = [];
    for (let i = 0; i < length; i++) {
      const w = program[start + i]! | 0;
      const e = blockEntryFor(w)!;
      list.push(e.kind === 'template' ? { s: e.s, w, raw: w } : { op: e.op, handlerStores: e.stores, w, raw: w });
    }
    if (length > 0) out.push({ start, list });
  }
  return out;
}

function build(list: readonly BlockInstruction[], start: number, whole: boolean): Uint8Array | string {
  try {
    return engineBlockModule(list, PA + 4 * start, 0, PA + 4 * start, true, true, { pages: 8 }, TLB, REQUESTS, whole);
  } catch (e) {
    if (e instanceof TemplateCompileError) return e.message;
    throw e;
  }
}

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
      for (const { start, list } of blocks(randomProgram(next, (n & 1) === 1))) {
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
    const [first] = blocks(program);
    expect(first!.list).toHaveLength(11);
    expect(build(first!.list, 0, false)).toEqual(build(first!.list, 0, true));
    expect(fragmentStatistics.compiled - before).toBe(1);
  });
});
