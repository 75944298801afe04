/**
 * The multi-vCPU scenarios of the single-step spec (13, 14, 15) and the concurrency
 * stress test: several vCPUs in the SMP kernel's smp_work — an lwarx/stwcx. race in
 * which every CPU also traces itself, so the others keep running into the Trace vector
 * where the stepped vCPU's breakpoint sits — while one or more are stepped.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { DebugDriver } from './testing/debug-driver.js';

jest.setTimeout(600_000);

/** smp_work's iterations per vCPU (bootargs iters=) where a test must not see it end. */
const LONG_ITERATIONS = 1_000_000;

async function inSmpWork(smp: number): Promise<{ d: DebugDriver; vcpu: number }> {
  const d = new DebugDriver({ smp, memoryBytes: 128 << 20 });
  const stop = await d.runTo(d.local('smp_work'));
  return { d, vcpu: stop.vcpu };
}

async function finishExact(d: DebugDriver, smp: number, iterations = 100000): Promise<void> {
  expect(d.breakpointWords()).toEqual([]);
  expect(await d.finish()).toBe(0);
  expect(d.console.out).toContain(`counters ok: ${smp * iterations}`);
  expect(d.console.out).toContain('kernel: all done');
}

describe('emulated single step with several vCPUs (hv)', () => {
  it('13: scheduler-locking off (vCont;s:X;c): the others run and meet the step breakpoint, no stray stop', async () => {
    const { d, vcpu } = await inSmpWork(4);
    const otherCounts = () => [0, 1, 2, 3].filter((i) => i !== vcpu).map((i) => d.vcpu(i).state.instructionCount);
    const before = otherCounts();
    for (let i = 0; i < 300; i++) {
      const stop = await d.step(vcpu, 'continue');
      expect({ vcpu: stop.vcpu, reason: stop.reason }).toEqual({ vcpu, reason: 'step' });
    }
    otherCounts().forEach((c, i) => expect(c).toBeGreaterThan(before[i]!));
    await finishExact(d, 4);
  });

  it('14: scheduler-locking on (vCont;s:X): the others do not move', async () => {
    const { d, vcpu } = await inSmpWork(2);
    const other = 1 - vcpu;
    const count = d.vcpu(other).state.instructionCount, nip = d.vcpu(other).state.nip;
    for (let i = 0; i < 200; i++) expect((await d.step(vcpu, 'stop')).vcpu).toBe(vcpu);
    expect(d.vcpu(other).state.instructionCount).toBe(count);
    expect(d.vcpu(other).state.nip).toBe(nip);
    await finishExact(d, 2);
  });

  it('15: several vCPUs stepping in turn, each stop on the vCPU that stepped', async () => {
    // the others run during every step with `continue` (as long as the step's round trip
    // takes, FIRST_QUANTUM instructions at least): a longer smp_work keeps every vCPU in
    // it for the 200 steps (with the default 100,000 iterations a vCPU finished it in
    // round 33 and the next step of it ran into its stop-self)
    const d = new DebugDriver({ smp: 4, memoryBytes: 128 << 20, bootargs: `iters=${LONG_ITERATIONS}` });
    await d.runTo(d.local('smp_work'));
    const started = d.machine.startedVcpus.sort();
    expect(started.length).toBeGreaterThan(1);
    for (let round = 0; round < 50; round++) {
      for (const v of started) {
        const count = d.vcpu(v).state.instructionCount;
        const stop = await d.step(v, round % 2 === 0 ? 'stop' : 'continue');
        expect(stop).toEqual({ vcpu: v, reason: 'step', signal: 5 });
        expect(d.vcpu(v).state.instructionCount).toBeGreaterThan(count);
      }
    }
    await finishExact(d, 4, LONG_ITERATIONS);
  });

  it('stress: 4 vCPUs, 10,000 steps of one with the others running: no stray stop, exact counters, no breakpoint left', async () => {
    const { d, vcpu } = await inSmpWork(4);
    for (let i = 0; i < 10_000; i++) {
      const stop = await d.step(vcpu, 'continue');
      if (stop.vcpu !== vcpu || stop.reason !== 'step') throw new Error(`step ${i}: stray stop ${JSON.stringify(stop)}`);
    }
    const counts = d.target.stepper.counts;
    // only this vCPU steps and only its completions stop the VM: every step armed completed, none went pending
    expect(counts.armed).toBe(10_000);
    expect(counts.completed).toBe(10_000);
    expect(counts.pending).toBe(0);
    expect(counts.foreignHits).toBeGreaterThan(0);
    // what `monitor sstep` shows a user
    expect(await d.target.monitor.run('sstep')).toContain(
      `emulated steps: 10000 armed, 10000 completed; other vCPUs met a step breakpoint ${counts.foreignHits} time(s)\n`);
    await finishExact(d, 4);
  });
});
