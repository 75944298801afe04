import { describe, test, expect } from '@jest/globals';
import { GuestMemory } from '@hvstep/emulator-core';
import { BreakpointTable } from './breakpoints.js';

const DEBUG_WORD = new Uint8Array([0x00, 0xdd, 0xdd, 0x00]);

function table(): { memory: GuestMemory; t: BreakpointTable } {
  const memory = new GuestMemory(new SharedArrayBuffer(1 << 16));
  for (let i = 0; i < memory.size; i++) memory.u8[i] = (i * 7 + 1) & 0xff;
  return { memory, t: new BreakpointTable(memory, () => DEBUG_WORD) };
}

const word = (m: GuestMemory, pa: number): number[] => [...m.u8.subarray(pa, pa + 4)];

describe('BreakpointTable', () => {
  test('a removed word keeps no trace: size, has, originalByte and writeUnder see nothing', () => {
    const { memory, t } = table();
    const before = word(memory, 0x100);
    t.insert(0x100, 'step');
    expect(word(memory, 0x100)).toEqual([...DEBUG_WORD]);
    expect(t.size).toBe(1);
    expect(t.originalByte(0x102)).toBe(before[2]);
    expect(t.remove(0x100, 'step')).toBe(true);
    expect(word(memory, 0x100)).toEqual(before);
    expect(t.size).toBe(0);
    expect(t.has(0x100)).toBe(false);
    expect(t.has(0x100, 'step')).toBe(false);
    expect(t.originalByte(0x101)).toBeUndefined();
    // a debugger write where a word was planted goes to memory (the caller writes it)
    expect(t.writeUnder(0x101, 0x55)).toBe(false);
    expect(t.remove(0x100, 'step')).toBe(false);
  });

  test('re-planting at the same address reads the original again (the guest may have changed it meanwhile)', () => {
    const { memory, t } = table();
    t.insert(0x200, 'step');
    t.remove(0x200, 'step');
    memory.u8.set([1, 2, 3, 4], 0x200);
    t.insert(0x200, 'user');
    expect(word(memory, 0x200)).toEqual([...DEBUG_WORD]);
    expect(t.originalByte(0x203)).toBe(4);
    expect(t.has(0x200, 'user')).toBe(true);
    expect(t.has(0x200, 'step')).toBe(false);
    t.remove(0x200, 'user');
    expect(word(memory, 0x200)).toEqual([1, 2, 3, 4]);
  });

  test('many distinct addresses planted and removed in turn: every word comes back, nothing stays planted', () => {
    const { memory, t } = table();
    const snapshot = [...memory.u8];
    for (let round = 0; round < 3; round++) {
      for (let a = 0; a < 300 * 4; a += 4) t.insert(0x1000 + a, 'step');
      expect(t.size).toBe(300);
      for (let a = 0; a < 300 * 4; a += 4) t.remove(0x1000 + a, 'step');
      expect(t.size).toBe(0);
      expect([...memory.u8]).toEqual(snapshot);
    }
    t.insert(0x1000, 'user');
    t.insert(0x1000, 'step');
    t.clear('user');
    expect(t.has(0x1000, 'step')).toBe(true);
    expect(t.userCount).toBe(0);
    t.clear('step');
    expect(t.size).toBe(0);
    expect([...memory.u8]).toEqual(snapshot);
  });
});
