import { Piscina } from 'piscina';
import { makePool, type BatchResult, type BatchTask, type Counter, type RunOptions } from './batch.js';

/**
 * Runs `count` cases of a seed in batches on a piscina pool (one QEMU process and
 * one in-process hvstep run per batch and thread) and aggregates the results.
 */

export interface DifftestOptions extends RunOptions {
  count: number;
  threads?: number;
  batchSize?: number;
  /** full (minimised) reports across the whole run; the rest are one line each */
  maxReports?: number;
  onProgress?: (done: number, total: number, mismatches: number) => void;
}

/** A whole run: the batches' results summed, with the run's seed and its wall time in ms. */
export interface DifftestSummary extends Omit<BatchResult, 'ms'> {
  seed: number;
  ms: number;
}

function merge(into: Record<string, Counter>, from: Record<string, Counter>): void {
  for (const [k, c] of Object.entries(from)) {
    const t = (into[k] ??= { instructions: 0, cases: 0, mismatches: 0 });
    t.instructions += c.instructions; t.cases += c.cases; t.mismatches += c.mismatches;
  }
}

export async function runDifftest(o: DifftestOptions): Promise<DifftestSummary> {
  const t0 = Date.now();
  const threads = Math.max(1, o.threads ?? 2);
  const batchSize = o.batchSize ?? Math.max(1, Math.min(1000, Math.ceil(o.count / threads)));
  const { fp } = makePool(o);
  const summary: DifftestSummary = {
    seed: o.seed, cases: 0, passed: 0, stopsMatched: 0, knownQemuBugs: [], mismatches: [], perClass: {}, perMnemonic: {},
    qemuStarts: 0, hvstepStarts: 0, ms: 0, fp,
  };
  const pool = new Piscina({ filename: new URL('./worker.js', import.meta.url).href, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  let reportsLeft = o.maxReports ?? 20;
  try {
    const tasks: Promise<void>[] = [];
    for (let start = 0; start < o.count; start += batchSize) {
      const count = Math.min(batchSize, o.count - start);
      const task = async (): Promise<void> => {
        const full = Math.min(reportsLeft, 10);
        const t: BatchTask = { ...o, start, count, fullReports: full, fp };
        delete (t as Partial<DifftestOptions>).onProgress;
        const r: BatchResult = await pool.run(t);
        reportsLeft -= Math.min(full, r.mismatches.length);
        summary.cases += r.cases; summary.passed += r.passed; summary.stopsMatched += r.stopsMatched;
        summary.mismatches.push(...r.mismatches);
        summary.knownQemuBugs.push(...r.knownQemuBugs);
        summary.qemuStarts += r.qemuStarts; summary.hvstepStarts += r.hvstepStarts;
        merge(summary.perClass, r.perClass); merge(summary.perMnemonic, r.perMnemonic);
        o.onProgress?.(summary.cases, o.count, summary.mismatches.length);
      };
      tasks.push(task());
    }
    await Promise.all(tasks);
  } finally {
    await pool.destroy();
  }
  summary.mismatches.sort((a, b) => a.index - b.index);
  summary.ms = Date.now() - t0;
  return summary;
}

/** The per-class table of a summary. */
export function classTable(s: DifftestSummary): string {
  const rows = Object.entries(s.perClass).sort(([a], [b]) => a.localeCompare(b))
    .map(([k, c]) => [k, String(c.instructions), String(c.cases), String(c.mismatches)]);
  const head = ['class', 'instructions', 'cases', 'failing cases'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((x, i) => (i ? x.padStart(w[i]!) : x.padEnd(w[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
