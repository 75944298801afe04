import { describe, it, expect } from '@jest/globals';
import { runPairOutcomes } from './batch.js';
import { compareOutcomes } from './compare.js';
import { emptyState, readRecord, BLOCK_SIZE, IN_OFF, R } from './state.js';
import * as A from './asm.js';
import type { TestCase } from './testcase.js';

/**
 * After a case stops (here an illegal instruction), QEMU's side goes on in a new
 * process, which loads the program afresh; hvstep's side must start over the same way,
 * or state a case does not load (memory an earlier case wrote, the reservation and its
 * values, the softfloat flags) leaks into the cases after the stop on one side only.
 */

function gprCase(index: number, words: readonly number[]): TestCase {
  const input = emptyState();
  input.gpr[5] = 0x1111222233334444n;
  input.gpr[6] = 0x5555666677778888n;
  return {
    seed: 0, index, sprs: false, reservation: false, fp: false, input,
    slots: words.map((word) => ({ mnemonic: 'test', cls: 'test', word, setup: [] })),
  };
}

describe('restart after a stop', () => {
  it('the cases after a stop see the program as loaded, on both sides', async () => {
    const cases = [
      gprCase(0, [A.std(5, 2 * BLOCK_SIZE + IN_OFF + R.gpr(6), 31)]), // into case 2's input r6
      gprCase(1, [0]), // illegal: QEMU's process ends here
      gprCase(2, [A.nop()]),
    ];
    const r = await runPairOutcomes(cases);
    expect(r.qemuStarts).toBe(2);
    expect(r.hvstepStarts).toBe(2);
    const q = r.qemu[2]!, h = r.hvstep[2]!;
    if (!('record' in q)) throw new Error('QEMU did not complete case 2');
    expect(readRecord(q.record).state.gpr[6]).toBe(0x5555666677778888n);
    expect(compareOutcomes(q, h)).toEqual({ ok: true, kind: 'state' });
  }, 60000);
});
