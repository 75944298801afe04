import { instructionDefs, decoder, type Engine } from '@hvstep/emulator-core';
import { generateCase } from './generator.js';
import { makePlan, type PlanEntry } from './rules/index.js';
import { buildProgram, FP_HARNESS_WORDS, vecHarnessAvailable } from './program.js';
import { runQemuProgram } from './qemu.js';
import { runHvstepProgram, useEngine } from './hvstep.js';
import { compareOutcomes, type Verdict } from './compare.js';
import { dropSlot, type TestCase } from './testcase.js';
import { formatReport, shortReport } from './report.js';
import { QUIRK_MNEMONICS, knownQuirk } from './quirks.js';
import { readRecord, type MachineState } from './state.js';
import type { CaseOutcome } from './outcome.js';

/**
 * One batch: generate cases [start, start+count) of a seed, run them in one program
 * under QEMU and hvstep, compare every case, and minimise and report the
 * mismatches. This is what a worker thread executes.
 */

export interface RunOptions {
  seed: number;
  /** restrict the generator to these mnemonics */
  only?: string[];
  maxLength?: number;
  /** probability of flipping a non-opcode bit of an instruction (generator.ts mutate) */
  mutate?: number;
  /** minimise and fully report at most this many mismatches per batch (default 10) */
  fullReports?: number;
  minimise?: boolean;
  /** load/save FP state: default when the emulator has lfd/stfd/mtfsf/mffs */
  fp?: boolean;
  /** hvstep's execution engine (--engine): the interpreter (default) or the translator */
  engine?: Engine;
}

export interface BatchTask extends RunOptions {
  start: number;
  count: number;
  /** run exactly these case indices instead of a range */
  indices?: number[];
}

export interface Counter { instructions: number; cases: number; mismatches: number }

export interface MismatchReport {
  seed: number;
  index: number;
  mnemonics: string[];
  classes: string[];
  text: string;
}

export interface BatchResult {
  cases: number;
  passed: number;
  /** cases where both sides stopped the same way (trap, alignment, privileged...) */
  stopsMatched: number;
  /** mismatches explained by a known QEMU bug (quirks.ts), one line each */
  knownQemuBugs: string[];
  mismatches: MismatchReport[];
  perClass: Record<string, Counter>;
  perMnemonic: Record<string, Counter>;
  qemuStarts: number;
  hvstepStarts: number;
  ms: { generate: number; run: number; minimise: number };
  fp: boolean;
}

export const fpHarnessAvailable = (): boolean => FP_HARNESS_WORDS.every((w) => decoder.lookup(w) !== undefined);

const FP_CLASSES = (cls: string): boolean => cls.startsWith('fp');
/** Vector rule classes: drawn only when the cases dump the VSRs (program.ts vecHarnessAvailable). */
const VEC_CLASSES = (cls: string): boolean => /^(vmx|vsx)/.test(cls);

/** The rows the generator draws from under these options. */
export function makePool(opts: RunOptions): { plan: PlanEntry[]; pool: PlanEntry[]; fp: boolean } {
  const fp = opts.fp ?? fpHarnessAvailable();
  const plan = makePlan(instructionDefs);
  const only = opts.only?.length ? new Set(opts.only) : undefined;
  const vec = vecHarnessAvailable();
  const pool = plan.filter((e) => e.rule && (fp || !FP_CLASSES(e.rule.cls)) && (vec || !VEC_CLASSES(e.rule.cls))
    && (!only || only.has(e.def.mnemonic)));
  return { plan, pool, fp };
}

/** QEMU's and hvstep's outcome of each case, run as one program on each side, and how many times each side started. */
export async function runPairOutcomes(cases: TestCase[]): Promise<{ qemu: CaseOutcome[]; hvstep: CaseOutcome[]; qemuStarts: number; hvstepStarts: number }> {
  const image = buildProgram(cases);
  const qemuRun = runQemuProgram(image, 20000 + 20 * cases.length);
  let h;
  try {
    h = runHvstepProgram(image);
  } finally {
    await qemuRun.catch(() => undefined);
  }
  const q = await qemuRun;
  return { qemu: q.outcomes, hvstep: h.outcomes, qemuStarts: q.starts, hvstepStarts: h.starts };
}

async function runPair(cases: TestCase[]): Promise<{ verdicts: Verdict[]; qemuStarts: number; hvstepStarts: number; qemu: CaseOutcome[] }> {
  const r = await runPairOutcomes(cases);
  return {
    verdicts: cases.map((_, i) => compareOutcomes(r.qemu[i]!, r.hvstep[i]!)),
    qemuStarts: r.qemuStarts,
    hvstepStarts: r.hvstepStarts,
    qemu: r.qemu,
  };
}

/** Runs one case alone: the verdict and, when QEMU completed it, QEMU's final state. */
export async function probeCase(tc: TestCase): Promise<{ verdict: Verdict; qemu?: MachineState }> {
  const r = await runPair([tc]);
  const o = r.qemu[0]!;
  return { verdict: r.verdicts[0]!, ...('record' in o ? { qemu: readRecord(o.record).state } : {}) };
}

/** Runs one case alone. */
export async function checkCase(tc: TestCase): Promise<Verdict> {
  return (await runPair([tc])).verdicts[0]!;
}

/** Drops instructions while the case still mismatches. */
export async function minimiseCase(tc: TestCase, budget = 60): Promise<{ tc: TestCase; verdict: Verdict; isolatedOk: boolean }> {
  let verdict = await checkCase(tc);
  if (verdict.ok) return { tc, verdict, isolatedOk: true };
  let cur = tc;
  let changed = true;
  while (changed && budget > 0) {
    changed = false;
    for (let k = cur.slots.length - 1; k >= 0 && budget > 0; k--) {
      if (cur.slots.length === 1) break;
      const cand = dropSlot(cur, k);
      budget--;
      const v = await checkCase(cand);
      if (!v.ok) { cur = cand; verdict = v; changed = true; }
    }
  }
  return { tc: cur, verdict, isolatedOk: false };
}

function bump(map: Record<string, Counter>, key: string, field: keyof Counter, n = 1): void {
  (map[key] ??= { instructions: 0, cases: 0, mismatches: 0 })[field] += n;
}

export async function runBatch(task: BatchTask): Promise<BatchResult> {
  const t0 = Date.now();
  useEngine(task.engine ?? 'interp');
  const { pool, fp } = makePool(task);
  const indices = task.indices ?? Array.from({ length: task.count }, (_, i) => task.start + i);
  const cases = indices.map((i) => generateCase(task.seed, i, { pool, fp, ...(task.maxLength ? { maxLength: task.maxLength } : {}), ...(task.mutate ? { mutate: task.mutate } : {}) }));
  const t1 = Date.now();
  const { verdicts, qemuStarts, hvstepStarts } = await runPair(cases);
  const t2 = Date.now();
  const result: BatchResult = {
    cases: cases.length, passed: 0, stopsMatched: 0, knownQemuBugs: [], mismatches: [], perClass: {}, perMnemonic: {},
    qemuStarts, hvstepStarts, ms: { generate: t1 - t0, run: t2 - t1, minimise: 0 }, fp,
  };
  let full = task.fullReports ?? 10;
  const generatorArgs = (task.only?.length ? ` --only ${task.only.join(',')}` : '') + (task.maxLength ? ` --max-length ${task.maxLength}` : '') + (task.mutate ? ` --mutate ${task.mutate}` : '');
  for (let i = 0; i < cases.length; i++) {
    const tc = cases[i]!;
    const v = verdicts[i]!;
    for (const s of tc.slots) { bump(result.perClass, s.cls, 'instructions'); bump(result.perMnemonic, s.row ?? s.mnemonic, 'instructions'); }
    for (const c of new Set(tc.slots.map((s) => s.cls))) bump(result.perClass, c, 'cases');
    for (const m of new Set(tc.slots.map((s) => s.row ?? s.mnemonic))) bump(result.perMnemonic, m, 'cases');
    if (v.ok) {
      result.passed++;
      if (v.kind === 'stop') result.stopsMatched++;
      continue;
    }
    let reported = tc, text: string;
    // a mismatch that may be a known QEMU bug is always minimised, to recognise it
    const quirkCandidate = task.minimise !== false && tc.slots.some((s) => QUIRK_MNEMONICS.has(s.mnemonic));
    if (quirkCandidate) {
      const m = await minimiseCase(tc);
      const q = m.isolatedOk ? undefined : await knownQuirk(m.tc, m.verdict, probeCase);
      if (q) {
        result.passed++;
        result.knownQemuBugs.push(`seed ${tc.seed} case ${tc.index} [${m.tc.slots.map((s) => s.mnemonic).join(', ')}]: ${q.explain}`);
        continue;
      }
    }
    if (full > 0) {
      full--;
      const m = task.minimise === false ? { tc, verdict: v, isolatedOk: false } : await minimiseCase(tc);
      reported = m.isolatedOk ? tc : m.tc;
      text = formatReport({ tc: reported, verdict: m.isolatedOk ? v : m.verdict, originalLength: tc.slots.length, isolatedOk: m.isolatedOk, generatorArgs });
    } else {
      text = shortReport(tc, v);
    }
    const classes = [...new Set(reported.slots.map((s) => s.cls))];
    const mnemonics = [...new Set(reported.slots.map((s) => s.row ?? s.mnemonic))];
    for (const c of classes) bump(result.perClass, c, 'mismatches');
    for (const m of mnemonics) bump(result.perMnemonic, m, 'mismatches');
    if (reported.slots.length === 0) bump(result.perClass, '(harness)', 'mismatches');
    result.mismatches.push({ seed: tc.seed, index: tc.index, mnemonics, classes, text });
  }
  result.ms.minimise = Date.now() - t2;
  return result;
}
