import { RECORD_SIZE, readRecord, diffStates, type StateDiff } from './state.js';
import type { CaseOutcome } from './outcome.js';

/** The verdict on one case: both sides agree, or how they differ. */
export type Verdict =
  | { ok: true; kind: 'state' | 'stop'; stop?: string }
  | { ok: false; kind: 'state'; diffs: StateDiff[] }
  | { ok: false; kind: 'stop'; qemu: string; hvstep: string };

const describe = (o: CaseOutcome): string => ('record' in o ? 'completed the case' : `${o.stop.kind}: ${o.stop.detail}`);

/**
 * Compares QEMU's outcome (a) with hvstep's (b): records byte for byte; stops by
 * kind (the guest-visible signal), since details like host messages differ.
 */
export function compareOutcomes(a: CaseOutcome, b: CaseOutcome): Verdict {
  if ('record' in a && 'record' in b) {
    if (a.record.length === RECORD_SIZE && b.record.length === RECORD_SIZE && a.record.every((x, i) => x === b.record[i])) {
      return { ok: true, kind: 'state' };
    }
    // not byte-identical: compare field by field (some bits are not compared, see state.ts)
    const diffs = diffStates(readRecord(a.record).state, readRecord(b.record).state);
    return diffs.length === 0 ? { ok: true, kind: 'state' } : { ok: false, kind: 'state', diffs };
  }
  if ('stop' in a && 'stop' in b && a.stop.kind === b.stop.kind && a.stop.kind !== 'crash' && a.stop.kind !== 'timeout') {
    return { ok: true, kind: 'stop', stop: a.stop.kind };
  }
  return { ok: false, kind: 'stop', qemu: describe(a), hvstep: describe(b) };
}
