import type { Engine } from '@hvstep/emulator-core';
import { LoopVm } from './loop-vm.js';

/** Aggregate throughput of N vCPUs on one engine: every vCPU's retired instructions over the wall time of the run. */
export interface SmpRate {
  engine: Engine;
  vcpus: number;
  iterationsPerVcpu: number;
  /** Instructions of the run whose rate was the median of the repetitions. */
  instructions: number;
  seconds: number;
  mips: number;
  repetitions: number;
}

/** Iterations every vCPU runs before the measured runs: starts the worker threads and translates the loop. */
const WARM_UP_ITERATIONS = 200_000;

/**
 * One VM with `vcpus` vCPUs: a warm-up run, then `repetitions` measured runs of
 * `iterationsPerVcpu` on every vCPU at once (the same work per vCPU whatever N, so
 * on a host with fewer free cores than vCPUs the wall time grows); the median rate.
 */
export async function smpRate(engine: Engine, vcpus: number, iterationsPerVcpu: number, repetitions: number): Promise<SmpRate> {
  const vm = LoopVm.create(engine, vcpus);
  try {
    await vm.run(WARM_UP_ITERATIONS);
    const runs = [];
    for (let i = 0; i < repetitions; i++) runs.push(await vm.run(iterationsPerVcpu));
    runs.sort((a, b) => a.instructions / a.seconds - b.instructions / b.seconds);
    const median = runs[Math.floor(runs.length / 2)]!;
    return { engine, vcpus, iterationsPerVcpu, instructions: median.instructions, seconds: median.seconds, mips: median.instructions / median.seconds / 1e6, repetitions };
  } finally {
    await vm.destroy();
  }
}

/**
 * Iterations that keep one vCPU of this engine busy for about `seconds`: a warm
 * 1-vCPU VM timed on a short run, so each engine's rows take similar wall time.
 */
export async function calibrate(engine: Engine, seconds: number): Promise<number> {
  const vm = LoopVm.create(engine, 1);
  try {
    await vm.run(WARM_UP_ITERATIONS);
    const probe = 2_000_000;
    const r = await vm.run(probe);
    return Math.max(WARM_UP_ITERATIONS, Math.round(probe * seconds / r.seconds));
  } finally {
    await vm.destroy();
  }
}

/** 1, 2 and 4 vCPUs (or `counts`) on one engine with the same per-vCPU work. */
export async function smpSeries(engine: Engine, seconds: number, repetitions: number, counts: readonly number[] = [1, 2, 4]): Promise<SmpRate[]> {
  const iterations = await calibrate(engine, seconds);
  const rows: SmpRate[] = [];
  for (const n of counts) rows.push(await smpRate(engine, n, iterations, repetitions));
  return rows;
}
