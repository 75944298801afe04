/** One expectation that did not hold: what was checked, what was expected, what was seen. */
export interface Failure {
  readonly what: string;
  readonly expected: string;
  readonly seen: string;
}

export const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

function show(v: unknown): string {
  if (typeof v === 'bigint') return hex(v);
  if (typeof v === 'number') return Number.isInteger(v) && v > 0xffff ? hex(v) : String(v);
  return String(v);
}

/** Collects a scenario's failed expectations instead of stopping at the first, so one run reports them all. */
export class Checker {
  readonly failures: Failure[] = [];
  /** Notes shown in the report even when the run passes (which path was taken, and so on). */
  readonly notes: string[] = [];

  fail(what: string, expected: string, seen: string): void { this.failures.push({ what, expected, seen }); }

  equal<T extends bigint | number | string | boolean>(what: string, expected: T, seen: T | undefined): boolean {
    if (seen === expected) return true;
    this.fail(what, show(expected), seen === undefined ? '(nothing)' : show(seen));
    return false;
  }

  oneOf<T extends bigint | number | string>(what: string, expected: readonly T[], seen: T | undefined): boolean {
    if (seen !== undefined && expected.includes(seen)) return true;
    this.fail(what, `one of ${expected.map(show).join(', ')}`, seen === undefined ? '(nothing)' : show(seen));
    return false;
  }

  that(what: string, ok: boolean, expected: string, seen: string): boolean {
    if (!ok) this.fail(what, expected, seen);
    return ok;
  }

  note(text: string): void { this.notes.push(text); }
}
