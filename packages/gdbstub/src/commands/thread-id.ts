/** Thread-id syntax: `pP.T`, `pP`, `T`; each part hex, `-1` = all, `0` = any. */
import { parseHexInt } from '../hex.js';
import type { IdPart, ThreadId } from './types.js';

function part(s: string): IdPart | undefined {
  if (s === '-1') return 'all';
  const n = parseHexInt(s);
  if (n === undefined) return undefined;
  return n === 0 ? 'any' : n;
}

export function parseThreadId(s: string): ThreadId | undefined {
  if (s.startsWith('p')) {
    const dot = s.indexOf('.');
    const pid = part(dot < 0 ? s.slice(1) : s.slice(1, dot));
    if (pid === undefined) return undefined;
    if (dot < 0) return { pid, tid: 'all' };
    const tid = part(s.slice(dot + 1));
    return tid === undefined ? undefined : { pid, tid };
  }
  const tid = part(s);
  return tid === undefined ? undefined : { tid };
}

/** The stub's single process. */
export const PID = 1;

/** Formats tid (vcpu + 1) as `p1.T` (multiprocess) or `T`. */
export function formatThreadId(vcpu: number, multiprocess: boolean): string {
  const t = (vcpu + 1).toString(16);
  return multiprocess ? `p${PID.toString(16)}.${t}` : t;
}

/** vCPU indexes in [0, count) the id designates ('any' -> the first). */
export function threadMatches(id: ThreadId, vcpu: number): boolean {
  if (id.pid !== undefined && id.pid !== 'all' && id.pid !== 'any' && id.pid !== PID) return false;
  return id.tid === 'all' || id.tid === 'any' || id.tid === vcpu + 1;
}

/** A single vCPU for a specific id, 'any' for 0/-1, or undefined if it names no thread. */
export function resolveThread(id: ThreadId, count: number): number | 'any' | undefined {
  if (id.pid !== undefined && id.pid !== 'all' && id.pid !== 'any' && id.pid !== PID) return undefined;
  if (id.tid === 'all' || id.tid === 'any') return 'any';
  return id.tid >= 1 && id.tid <= count ? id.tid - 1 : undefined;
}
