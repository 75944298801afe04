import { describe, it, expect } from '@jest/globals';
import { decoder, instructionDefs } from '../isa/index.js';
import { EXTENDED_FIELDS } from './opcode-space.js';
import { OP_ILLEGAL } from './decoder.js';

/** Builds a word that carries a def's primary and extended opcode, other fields zero. */
function wordFor(primary: number, xo: number | undefined): number {
  let w = primary << 26;
  const f = EXTENDED_FIELDS[primary];
  if (f && xo !== undefined) w |= xo << f.shift;
  return w | 0;
}

describe('decode table', () => {
  it('every row decodes back to itself', () => {
    for (const def of instructionDefs) {
      const found = decoder.lookup(wordFor(def.primary, def.xo));
      expect(found?.mnemonic).toBe(def.mnemonic);
    }
  });

  it('record and overflow forms share the row; Rc/OE forms leave the hot path', () => {
    const add = 0x7c632214;   // add r3,r3,r4
    const addDot = 0x7c632215; // add. r3,r3,r4
    const addo = 0x7c632614;  // addo r3,r3,r4
    expect(decoder.lookup(add)?.mnemonic).toBe('add');
    expect(decoder.lookup(addDot)?.mnemonic).toBe('add');
    expect(decoder.lookup(addo)?.mnemonic).toBe('add');
    expect(decoder.decode(add)).toBeLessThan(decoder.firstColdOp);
    expect(decoder.decode(addDot)).toBeGreaterThanOrEqual(decoder.firstColdOp);
    expect(decoder.decode(addo)).toBeGreaterThanOrEqual(decoder.firstColdOp);
  });

  it('primary opcode 0 (the KVM debug instruction 0x00dddd00) and unknown words are illegal', () => {
    expect(decoder.decode(0x00dddd00)).toBe(OP_ILLEGAL);
    expect(decoder.decode(0)).toBe(OP_ILLEGAL);
    expect(decoder.decode(0x7c0007fe)).toBe(OP_ILLEGAL); // primary 31, xo 1023: unassigned
  });

  it('has one handler per cold op and a mnemonic for each', () => {
    expect(decoder.handlers.length).toBe(decoder.mnemonics.length);
    const names = new Set(instructionDefs.map((d) => d.mnemonic));
    expect(names.size).toBe(instructionDefs.length);
  });
});
