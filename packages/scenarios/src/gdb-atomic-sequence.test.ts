import { describe, it, expect } from '@jest/globals';
import { atomicSequenceStops, isLoadAndReserve, isStoreConditional } from './gdb-atomic-sequence.js';

// words assembled by powerpc64le-linux-gnu-as -mpower9 (objdump shown beside each)
const code = new Map<bigint, number>([
  [0x00n, 0x7d201828], // lwarx r9,0,r3
  [0x04n, 0x7c092000], // cmpw r9,r4
  [0x08n, 0x40c2000c], // bne- 0x14
  [0x0cn, 0x7ca0192d], // stwcx. r5,0,r3
  [0x10n, 0x40c2fff0], // bne- 0x0 (after the closing store: not scanned)
  [0x14n, 0x4c00012c], // isync
  [0x18n, 0x7d2018a9], // ldarx r9,0,r3,1
  [0x1cn, 0x2c290000], // cmpdi r9,0
  [0x20n, 0x40c20008], // bne- 0x28 (the address after the stdcx.)
  [0x24n, 0x7ca019ad], // stdcx. r5,0,r3
  [0x28n, 0x60000000], // nop
  [0x2cn, 0x7d201868], // lbarx r9,0,r3
  [0x30n, 0x7c092000], // cmpw r9,r4
  [0x34n, 0x40c2000c], // bne- 0x40
  [0x38n, 0x41c20008], // beq- 0x40 (a second conditional branch)
  [0x3cn, 0x7ca01d6d], // stbcx. r5,0,r3
  [0x40n, 0x60000000], // nop
]);
const wordAt = (a: bigint): number | undefined => code.get(a);

describe('GDB\'s atomic-sequence step (rs6000-tdep.c ppc_deal_with_atomic_sequence)', () => {
  it('recognises the reserve and conditional-store forms, not their neighbours', () => {
    expect([0x7d201828, 0x7d2018a9, 0x7d201868].map(isLoadAndReserve)).toEqual([true, true, true]);
    expect([0x7ca0192d, 0x7ca019ad, 0x7ca01d6d].map(isStoreConditional)).toEqual([true, true, true]);
    expect(isLoadAndReserve(0x7d20182e)).toBe(false); // lwzx r9,0,r3
    expect(isStoreConditional(0x7ca0192c)).toBe(false); // the same word with Rc=0 is not the conditional store
  });

  it('stops after the store conditional or at the one conditional branch\'s target', () => {
    expect(atomicSequenceStops(0x00n, wordAt)).toEqual([0x10n, 0x14n]);
    // a branch to the address after the store is one breakpoint, not two
    expect(atomicSequenceStops(0x18n, wordAt)).toEqual([0x28n]);
  });

  it('falls back to a plain step: two conditional branches, no closing store, unreadable code, not a reserve', () => {
    expect(atomicSequenceStops(0x2cn, wordAt)).toBeUndefined();
    expect(atomicSequenceStops(0x00n, (a) => (a === 0x0cn ? 0x60000000 : wordAt(a) ?? 0x60000000))).toBeUndefined();
    expect(atomicSequenceStops(0x00n, (a) => (a < 0x08n ? wordAt(a) : undefined))).toBeUndefined();
    expect(atomicSequenceStops(0x04n, wordAt)).toBeUndefined();
  });
});
