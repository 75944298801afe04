import { describe, it, expect } from '@jest/globals';
import { runDifftest, classTable } from './run.js';

/**
 * The differential test proper: a fixed seed of 20,000 random cases, run under
 * qemu-ppc64le and hvstep in batches of 1000 on two threads. Any mismatch fails,
 * with its minimised reproduction in the failure message.
 */
const SEED = 0x5eed2026;
const COUNT = Number(process.env['HVSTEP_DIFFTEST_COUNT'] ?? 20000);

describe('differential test against qemu-ppc64le', () => {
  it(`${COUNT} random cases (seed ${SEED}) agree`, async () => {
    const s = await runDifftest({ seed: SEED, count: COUNT, threads: 2, maxReports: 8 });
    const text = s.mismatches.map((m) => m.text).join('\n\n');
    if (s.mismatches.length) console.log(`${classTable(s)}\n\n${text}`);
    expect(s.cases).toBe(COUNT);
    expect(s.mismatches.length === 0 ? 'no mismatch' : `${s.mismatches.length} mismatches:\n${text}`).toBe('no mismatch');
  }, 900000);
});
