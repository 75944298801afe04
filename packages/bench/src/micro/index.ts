import { Bench } from 'tinybench';
import { switchLiteral, switchPropertyLabels, functionTable, switchLiteralWithBranchPoll } from './dispatch.js';
import { int32Halves, bigInt64, float64Inexact } from './representation.js';
import { decodeEveryWord, cachedDecode } from './decode-cache.js';
import { interpreterLoop, javascriptBlocks, javascriptChained, wasmBlocks, wasmChained, compiledWasmBlocks, compiledWasmChained } from './translator-race.js';

export interface MicroResult { group: string; name: string; opsPerSecond: number; note: string }

const WORK = 1_000_000;

/** Runs the kept design benchmarks; each task does WORK units, reported as units per second. */
export async function runMicroBenchmarks(timeMs = 400): Promise<MicroResult[]> {
  const groups: [string, [string, (n: number) => number, string][]][] = [
    ['dispatch', [
      ['switch, literal case labels (interp/fast-loop.ts)', switchLiteral, 'chosen'],
      ['  + stop/interrupt poll at taken branches', switchLiteralWithBranchPoll, 'what the privileged architecture adds'],
      ['switch, property case labels', switchPropertyLabels, ''],
      ['handler function table', functionTable, ''],
    ]],
    ['64-bit registers', [
      ['Int32 halves (state/layout.ts)', int32Halves, 'chosen'],
      ['BigInt64Array', bigInt64, ''],
      ['Float64Array (inexact above 2^53)', float64Inexact, 'rejected: wrong results'],
    ]],
    ['decode', [
      ['pre-decoded cache, word-validated', cachedDecode, 'chosen'],
      ['table decode of every word', decodeEveryWord, ''],
    ]],
    // units are loop iterations of 5 guest instructions (micro/translator-race.ts)
    ['translator (5-instruction loop iterations)', [
      ['interpreter (interp/fast-loop.ts)', interpreterLoop(), 'today'],
      ['generated JavaScript block, per-block dispatch', javascriptBlocks(), ''],
      ['generated JavaScript block, chained to itself', javascriptChained(), ''],
      ['hand-written WebAssembly block (GPRs as i64), per-block dispatch', wasmBlocks(), ''],
      ['hand-written WebAssembly block (GPRs as i64), chained to itself', wasmChained(), ''],
      ['WebAssembly compiled from the templates, per-block dispatch', compiledWasmBlocks(), ''],
      ['WebAssembly compiled from the templates, chained to itself', compiledWasmChained(), ''],
    ]],
  ];
  const results: MicroResult[] = [];
  for (const [group, tasks] of groups) {
    const bench = new Bench({ time: timeMs, warmupTime: 100 });
    for (const [name, fn] of tasks) bench.add(name, () => { fn(WORK); });
    await bench.run();
    for (const task of bench.tasks) {
      const hz = task.result && 'throughput' in task.result ? (task.result as { throughput: { mean: number } }).throughput.mean : 0;
      const note = tasks.find(([n]) => n === task.name)?.[2] ?? '';
      results.push({ group, name: task.name, opsPerSecond: hz * WORK, note });
    }
  }
  return results;
}
