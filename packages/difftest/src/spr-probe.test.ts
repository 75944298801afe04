import { describe, it, expect } from '@jest/globals';
import { sprProbe, sprDifferences } from './spr-probe.js';

/**
 * Every SPR number in problem state, against qemu-ppc64le (spr-probe.ts): hvstep's
 * Linux-user runner must agree on access and on the value read everywhere but the
 * numbers listed here, each for a stated reason.
 */
const EXPECTED_DIFFERENCES: Record<number, string> = {
  287: 'PVR: hvstep models POWER9 DD2.2 (0x004e1202), QEMU 7.2\'s POWER9 is DD2.0 (0x004e1200)',
  ...Object.fromEntries([800, 801, 802, 803, 804, 805, 806].map((n) => [n,
    'EBB: qemu-ppc64le aborts (FSCR[EBB] is clear and its cpu_loop does not handle Facility Unavailable); a Linux process gets SIGILL, as in hvstep'])),
};

describe('problem-state SPR numbers against qemu-ppc64le', () => {
  it('agree on all 1,024 numbers but the listed ones', async () => {
    const answers = await sprProbe();
    const differing = sprDifferences(answers).filter((line) => !(Number(/^SPR (\d+):/.exec(line)![1]) in EXPECTED_DIFFERENCES));
    expect(differing).toEqual([]);
    // the listed differences are still there (a fixed one must leave the list)
    const listed = answers.filter((a) => a.spr in EXPECTED_DIFFERENCES);
    for (const a of listed) expect(a.qemuRead === a.hvstepRead && a.qemuWrite === a.hvstepWrite).toBe(false);
    // and the probe saw both kinds of answer
    expect(answers.filter((a) => a.qemuRead === 'SIGILL').length).toBeGreaterThan(900);
    expect(answers.filter((a) => a.qemuRead.startsWith('0x')).length).toBeGreaterThan(20);
  }, 600_000);
});
