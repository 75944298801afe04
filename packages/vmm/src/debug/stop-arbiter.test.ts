/** All-stop arbitration without a machine: one stop per resume, the rest queued; Ctrl-C's thread. */
import { describe, it, expect } from '@jest/globals';
import type { StopEvent } from '@hvstep/gdbstub';
import { StopArbiter, interruptedVcpu } from './stop-arbiter.js';

function arbiter(): { a: StopArbiter; stops: StopEvent[]; guestStops: () => number } {
  let n = 0;
  const a = new StopArbiter(async () => { n++; });
  const stops: StopEvent[] = [];
  a.onStop((e) => stops.push(e));
  return { a, stops, guestStops: () => n };
}

describe('StopArbiter', () => {
  it('reports the first stop, queues the ones that arrive while held, and offers them at the next resume', async () => {
    const { a, stops, guestStops } = arbiter();
    await Promise.all([a.report({ vcpu: 1, reason: 'swbreak', signal: 5 }), a.report({ vcpu: 0, reason: 'watch', address: 8n, signal: 5 })]);
    expect(stops).toEqual([{ vcpu: 1, reason: 'swbreak', signal: 5 }]);
    expect(guestStops()).toBe(1);
    expect(a.held).toBe(true);
    // vCPU 0 stays stopped in this resume: its event is not for now
    expect(a.takeQueued(['stop', 'continue'], () => true)).toBeUndefined();
    await a.report({ vcpu: 0, reason: 'watch', address: 8n, signal: 5 });
    expect(a.takeQueued(['continue', 'continue'], () => true)).toEqual({ vcpu: 0, reason: 'watch', address: 8n, signal: 5 });
  });

  it('drops a queued event that is no longer valid, and a queued Ctrl-C (any stop answers it)', async () => {
    const { a } = arbiter();
    await a.hold();
    await a.report({ vcpu: 0, reason: 'signal', signal: 2 });
    await a.report({ vcpu: 1, reason: 'swbreak', signal: 5 });
    expect(a.takeQueued(['continue', 'continue'], () => false)).toBeUndefined();
    a.release();
    expect(a.held).toBe(false);
  });

  it('hold() stops the guest once and reports nothing', async () => {
    const { a, stops, guestStops } = arbiter();
    await a.hold();
    await a.hold();
    expect(guestStops()).toBe(1);
    expect(stops).toEqual([]);
  });
});

describe('the thread a Ctrl-C names', () => {
  it('the stepping vCPU first (scheduler-locking: the only one running)', () => {
    expect(interruptedVcpu(['stop', 'step'], [0, 1], 0)).toBe(1);
    expect(interruptedVcpu(['continue', 'step'], [0, 1], 0)).toBe(1);
  });
  it('else the last stop vCPU if it runs, else the first running one', () => {
    expect(interruptedVcpu(['continue', 'continue'], [0, 1], 1)).toBe(1);
    expect(interruptedVcpu(['continue', 'stop'], [0, 1], 1)).toBe(0);
    expect(interruptedVcpu(['stop', 'continue'], [0, 1], undefined)).toBe(1);
  });
  it('a vCPU not yet started never counts', () => {
    expect(interruptedVcpu(['continue', 'step'], [0], undefined)).toBe(0);
    expect(interruptedVcpu(['stop', 'stop'], [], undefined)).toBe(0);
  });
});
