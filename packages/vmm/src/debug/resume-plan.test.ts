import { describe, it, expect } from '@jest/globals';
import { SSTEP_ENABLE, SSTEP_NOIRQ, SSTEP_NOTIMER } from '@hvstep/gdbstub';
import { planResume, clockRuns } from './resume-plan.js';

const two = { vcpuCount: 2, started: new Set([0, 1]), stepsEnabled: true };

describe('planResume', () => {
  it('scheduler-locking on: only the stepped vCPU is released', () => {
    expect(planResume(['stop', 'step'], two)).toEqual({ kind: 'run', actions: ['stop', 'step'], release: [1], stepping: [1] });
  });
  it('scheduler-locking off: the others continue', () => {
    expect(planResume(['continue', 'step'], two)).toEqual({ kind: 'run', actions: ['continue', 'step'], release: [0, 1], stepping: [1] });
  });
  it('a step that will not be attempted is a continue', () => {
    expect(planResume(['step', 'stop'], { ...two, stepsEnabled: false })).toEqual({ kind: 'run', actions: ['continue', 'stop'], release: [0], stepping: [] });
  });
  it('a vCPU not yet started is released but not armed; missing actions are stops', () => {
    expect(planResume(['continue', 'step'], { vcpuCount: 3, started: new Set([0]), stepsEnabled: true }))
      .toEqual({ kind: 'run', actions: ['continue', 'step', 'stop'], release: [0, 1], stepping: [] });
  });
  it('nothing that exists can run: report the first asked-for vCPU at once', () => {
    expect(planResume(['stop', 'step'], { vcpuCount: 2, started: new Set([0]), stepsEnabled: true })).toEqual({ kind: 'nothing-runs', vcpu: 1 });
    expect(planResume(['stop', 'stop'], two)).toEqual({ kind: 'nothing-runs', vcpu: 0 });
  });
});

describe('clockRuns (SSTEP_NOTIMER)', () => {
  const all = SSTEP_ENABLE | SSTEP_NOIRQ | SSTEP_NOTIMER;
  it('stopped for a single instruction under NOTIMER', () => expect(clockRuns(['stop', 'step'], false, all)).toBe(false));
  it('running when a vCPU continues, for a long step (sc, successor), or without NOTIMER', () => {
    expect(clockRuns(['continue', 'step'], false, all)).toBe(true);
    expect(clockRuns(['stop', 'step'], true, all)).toBe(true);
    expect(clockRuns(['stop', 'step'], false, SSTEP_ENABLE)).toBe(true);
  });
});
