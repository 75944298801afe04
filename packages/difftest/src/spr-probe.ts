import { fieldEncoder, CLOCK_SPRS, SPR_HDEC } from '@hvstep/emulator-core';
import { runPairOutcomes } from './batch.js';
import { emptyState, readRecord } from './state.js';
import type { CaseOutcome } from './outcome.js';
import type { Slot, TestCase } from './testcase.js';

/**
 * Which SPR numbers a problem-state program may read and write, according to
 * qemu-ppc64le and to hvstep's Linux-user runner, and what a read gives: every one of
 * the 1,024 numbers is tried with `mfspr r5,n` (r5 holding a marker first) and with
 * `mtspr n,r6` followed by `mfspr r7,n`. The answer per number and side is "illegal"
 * (the program stopped with SIGILL), another stop, or the value read.
 */
export interface SprAnswer {
  spr: number;
  /** mfspr: 'SIGILL' or another stop kind, or the value read (hex) */
  qemuRead: string;
  hvstepRead: string;
  /** mtspr then mfspr: the stop kind, or 'ok' with the value read back */
  qemuWrite: string;
  hvstepWrite: string;
}

/** r5 before the read: a value no SPR holds by chance. */
export const READ_MARKER = 0x5a5a_1234_a5a5_4321n;
/** The value written: bits in both words and in every byte. */
export const WRITE_VALUE = 0x0123_4567_89ab_cdefn;
/** Numbers whose value follows the clock (the core's list, and HDEC): compared on access only. */
const FOLLOWS_CLOCK = (spr: number): boolean => CLOCK_SPRS.has(spr) || spr === SPR_HDEC;

const MFSPR = 0x7c0002a6, MTSPR = 0x7c0003a6;
const slot = (mnemonic: string, word: number): Slot => ({ mnemonic, cls: 'spr', word: word >>> 0, setup: [] });

function probeCase(index: number, slots: Slot[]): TestCase {
  const input = emptyState();
  input.gpr[5] = READ_MARKER; input.gpr[6] = WRITE_VALUE; input.gpr[7] = READ_MARKER;
  return { seed: 0, index, slots, input, sprs: false, reservation: false, fp: false };
}

function describe(o: CaseOutcome, reg: number, spr: number): string {
  if ('stop' in o) return o.stop.kind;
  if (FOLLOWS_CLOCK(spr)) return 'ok (clock)';
  return `0x${readRecord(o.record).state.gpr[reg]!.toString(16)}`;
}

/** Runs the probe (two small cases per number, on both sides). */
export async function sprProbe(numbers: readonly number[] = Array.from({ length: 1024 }, (_, i) => i)): Promise<SprAnswer[]> {
  const E = fieldEncoder;
  const cases: TestCase[] = [];
  numbers.forEach((spr, i) => {
    cases.push(probeCase(2 * i, [slot('mfspr', MFSPR | E.RT(5) | E.SPR(spr))]));
    cases.push(probeCase(2 * i + 1, [slot('mtspr', MTSPR | E.RS(6) | E.SPR(spr)), slot('mfspr', MFSPR | E.RT(7) | E.SPR(spr))]));
  });
  const { qemu, hvstep } = await runPairOutcomes(cases);
  return numbers.map((spr, i) => ({
    spr,
    qemuRead: describe(qemu[2 * i]!, 5, spr),
    hvstepRead: describe(hvstep[2 * i]!, 5, spr),
    qemuWrite: describe(qemu[2 * i + 1]!, 7, spr),
    hvstepWrite: describe(hvstep[2 * i + 1]!, 7, spr),
  }));
}

/** The numbers where the two sides differ, as lines for a report. */
export function sprDifferences(answers: readonly SprAnswer[]): string[] {
  return answers
    .filter((a) => a.qemuRead !== a.hvstepRead || a.qemuWrite !== a.hvstepWrite)
    .map((a) => `SPR ${a.spr}: mfspr qemu ${a.qemuRead} hvstep ${a.hvstepRead}; mtspr+mfspr qemu ${a.qemuWrite} hvstep ${a.hvstepWrite}`);
}
