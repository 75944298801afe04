/**
 * Non-stop mode at the debug target, without GDB: one vCPU stepped thousands of times
 * while the other three run smp_work (which traces itself, so on hv the runners keep
 * meeting the stepping vCPU's Trace-handler breakpoint and must pass it unseen). Every
 * stop is the stepping vCPU's own step; every armed step completes; the runners make
 * progress; stopping the runners reports each once; after the client leaves, the
 * guest's counters are exact and no debug word is left in memory.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { DebugDriver } from './testing/debug-driver.js';
import type { StopEvent } from '@hvstep/gdbstub';

jest.setTimeout(600_000);

const SMP = 4;
const STEPS = 5_000;

describe.each(['hv', 'pr'] as const)('non-stop stepping on the %s model', (accel) => {
  it(`${STEPS} steps of one vCPU while three run: no stray stop, exact counters, nothing left behind`, async () => {
    const d = new DebugDriver({ smp: SMP, accel, memoryBytes: 128 << 20, bootargs: 'iters=3000000' });
    const first = await d.runTo(d.local('smp_work'));
    const vcpu = first.vcpu;
    const ns = d.target.nonStop;
    await ns.setEnabled(true);
    expect(await ns.stopped()).toEqual([0, 1, 2, 3]);
    const others = [0, 1, 2, 3].filter((i) => i !== vcpu);
    await ns.resume([0, 1, 2, 3].map((i) => (i === vcpu ? undefined : 'continue')));
    expect(await ns.stopped()).toEqual([vcpu]);
    const before = others.map((i) => d.vcpu(i).state.instructionCount);
    const counts = { ...d.target.stepper.counts };
    for (let i = 0; i < STEPS; i++) {
      await ns.resume([0, 1, 2, 3].map((v) => (v === vcpu ? 'step' : undefined)));
      const stop = await d.nextStop();
      if (stop.vcpu !== vcpu || stop.reason !== 'step') throw new Error(`step ${i}: stray stop ${JSON.stringify(stop)}`);
    }
    // the runners ran meanwhile (their counts are read racily, only as progress)
    others.forEach((v, k) => expect(d.vcpu(v).state.instructionCount).toBeGreaterThan(before[k]!));
    const c = d.target.stepper.counts;
    if (accel === 'hv') {
      expect(c.armed - counts.armed).toBe(STEPS);
      expect(c.completed - counts.completed).toBe(STEPS);
      expect(c.pending).toBe(counts.pending);
      expect(c.foreignHits).toBeGreaterThan(counts.foreignHits);
    }
    // interrupt -a: each runner reported once, with the signal asked for
    await ns.stop([0, 1, 2, 3], 0);
    const stops: StopEvent[] = [];
    for (let i = 0; i < others.length; i++) stops.push(await d.nextStop());
    expect(stops.map((s) => s.vcpu).sort()).toEqual(others);
    expect(stops.every((s) => s.reason === 'signal' && s.signal === 0)).toBe(true);
    expect(await ns.stopped()).toEqual([0, 1, 2, 3]);
    // held: nothing moves
    const held = d.vcpu(others[0]!).state.instructionCount;
    await new Promise((r) => setTimeout(r, 50));
    expect(d.vcpu(others[0]!).state.instructionCount).toBe(held);
    expect(await d.finish()).toBe(0);
    expect(d.console.out).toContain(`counters ok: ${SMP * 3000000}`);
    expect(d.console.out).toContain('kernel: all done');
    expect(d.breakpointWords()).toEqual([]);
  });
});
