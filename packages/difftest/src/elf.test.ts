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
import { runHvstepProgram } from './hvstep.js';
import { compareOutcomes } from './compare.js';

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
      cases.push({ seed: 7, index: i, slots: [], input: randomState(new Rng(7, i)), sprs: i % 2 === 0, reservation: i % 3 === 0, fp: true, vec: i % 4 !== 3 });
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
      // without the vector harness only the FPRs (VSR dw0 of 0-31) are loaded and dumped
      if (!cases[i]!.vec) { expected.vsrLow = expected.vsrLow.map(() => 0n); expected.vr = expected.vr.map(() => 0n); expected.vscr = 0; }
      expect(diffStates(expected, state)).toEqual([]);
    });
  });

  it('places forward branches and branch-to-register targets at slot labels', async () => {
    const input = randomState(new Rng(3));
    const li = (rt: number, v: number): number => A.li(rt, v);
    const tc: TestCase = {
      seed: 0, index: 0, input, sprs: true, reservation: false, fp: true,
      slots: [
        { mnemonic: 'b', cls: 'branch', word: 0x48000000, setup: [], branch: { target: 2, field: 'LI' } },
        { mnemonic: 'addi', cls: 'arith', word: li(3, 77), setup: [] },
        { mnemonic: 'bctar', cls: 'branch', word: 0x4e800460, setup: [{ kind: 'label', reg: 9, target: 4, lowBits: 3, spr: A.SPR_TAR }] },
        { mnemonic: 'addi', cls: 'arith', word: li(4, 66), setup: [] },
        { mnemonic: 'addi', cls: 'arith', word: li(5, 55), setup: [] },
        { mnemonic: 'bcl', cls: 'branch', word: 0x42800001, setup: [], branch: { target: 6, field: 'BD' } },
      ],
    };
    const q = await runQemuProgram(buildProgram([tc]));
    const o = q.outcomes[0]!;
    if (!('record' in o)) throw new Error(o.stop.detail);
    const { state } = readRecord(o.record);
    expect(state.gpr[3]).toBe(input.gpr[3]); // skipped by b
    expect(state.gpr[4]).toBe(input.gpr[4]); // skipped by bctar
    expect(state.gpr[5]).toBe(55n);
    expect(state.tar & 3n).toBe(3n);
    expect(state.lr).toBe(BigInt(buildProgram([tc]).listings[0]!.at(-1)!.address + 4)); // bcl always: LR = next
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

  it('hvstep runner: stops become the outcome of their case, the run goes on', async () => {
    const mk = (i: number, word?: number): TestCase => ({
      seed: 2, index: i, input: randomState(new Rng(2, i)), sprs: false, reservation: false, fp: true,
      slots: word === undefined ? [] : [{ mnemonic: 'x', cls: 'x', word, setup: [] }],
    });
    const image = buildProgram([mk(0), mk(1, 0 /* illegal */), mk(2), mk(3, 0x7fe00008 /* tw 31,0,0 */), mk(4)]);
    const h = runHvstepProgram(image);
    const q = await runQemuProgram(image);
    expect(h.outcomes.map((o) => ('record' in o ? 'ok' : o.stop.kind))).toEqual(['ok', 'SIGILL', 'ok', 'SIGTRAP', 'ok']);
    h.outcomes.forEach((o, i) => expect(compareOutcomes(q.outcomes[i]!, o).ok).toBe(true));
  });
});
