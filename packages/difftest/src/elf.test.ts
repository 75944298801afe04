import { describe, it, expect } from '@jest/globals';
import { writeElf, wordsToBytes, PF_R, PF_X, PF_W } from './elf.js';
import * as A from './asm.js';
import { runQemuImage } from './qemu.js';
import { buildProgram } from './program.js';
import { runQemuProgram } from './qemu.js';
import { readRecord, diffStates, RECORD_SIZE } from './state.js';
import { randomState } from './values.js';
import { Rng } from './rng.js';
import type { TestCase } from './testcase.js';

describe('ELF writer', () => {
  it('produces a static ppc64le ELFv2 executable that qemu runs to a chosen exit code', async () => {
    const code = [A.li(0, 234), A.li(3, 42), A.sc()];
    const elf = writeElf(0x100000, [{ vaddr: 0x100000, data: wordsToBytes(code), flags: PF_R | PF_X }]);
    expect(Array.from(elf.subarray(0, 4))).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    const r = await runQemuImage(elf);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(42);
  });

  it('loads a data segment and writes it with the write system call', async () => {
    const text = new TextEncoder().encode('hello from ppc64le\n');
    const data = 0x200000;
    const code = [A.li(0, 4), A.li(3, 1), ...A.loadAddress(4, data), A.li(5, text.length), A.sc(), A.li(0, 234), A.li(3, 0), A.sc()];
    const elf = writeElf(0x100000, [
      { vaddr: 0x100000, data: wordsToBytes(code), flags: PF_R | PF_X },
      { vaddr: data, data: text, memSize: 0x1000, flags: PF_R | PF_W },
    ]);
    const r = await runQemuImage(elf);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe('hello from ppc64le\n');
  });
});

describe('test program wrapper', () => {
  it('gives back the input state unchanged for empty sequences (qemu)', async () => {
    const cases: TestCase[] = [];
    for (let i = 0; i < 50; i++) {
      cases.push({ seed: 7, index: i, slots: [], input: randomState(new Rng(7, i)), sprs: i % 2 === 0, reservation: i % 3 === 0, fp: true });
    }
    const q = await runQemuProgram(buildProgram(cases));
    expect(q.starts).toBe(1);
    q.outcomes.forEach((o, i) => {
      if (!('record' in o)) throw new Error(`case ${i} stopped: ${o.stop.detail}`);
      expect(o.record.length).toBe(RECORD_SIZE);
      const { state, index } = readRecord(o.record);
      expect(index).toBe(i);
      const expected = { ...cases[i]!.input, gpr: [...cases[i]!.input.gpr] };
      expected.gpr[31] = state.gpr[31]!; // the block base
      if (!cases[i]!.sprs) { expected.tar = 0n; expected.vrsave = 0n; expected.ppr = 0n; }
      expect(diffStates(expected, state)).toEqual([]);
    });
  });

  it('restarts after a case that kills the process and attributes the stop to that case', async () => {
    const mk = (i: number, word?: number): TestCase => ({
      seed: 1, index: i, input: randomState(new Rng(1, i)), sprs: false, reservation: false, fp: true,
      slots: word === undefined ? [] : [{ mnemonic: 'tw', cls: 'trap', word, setup: [] }],
    });
    const trap = 0x7fe00008; // tw 31,0,0: always traps
    const q = await runQemuProgram(buildProgram([mk(0), mk(1, trap), mk(2), mk(3, 0x7c0000a6 /* mfmsr r0 */), mk(4)]));
    expect(q.starts).toBe(3);
    expect(q.outcomes.map((o) => ('record' in o ? 'ok' : o.stop.kind))).toEqual(['ok', 'SIGTRAP', 'ok', 'SIGILL', 'ok']);
  });
});
