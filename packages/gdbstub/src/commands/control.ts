/** `?`, `D[;pid]`, `k`, `vKill;pid`. */
import { parseHexInt } from '../hex.js';
import { malformed, type Command } from './types.js';

export function parseControl(p: string): Command | undefined {
  if (p === '?') return { kind: 'haltReason' };
  if (p === 'k') return { kind: 'kill' };
  if (p === 'D') return { kind: 'detach' };
  if (p.startsWith('D;')) {
    const pid = parseHexInt(p.slice(2));
    return pid === undefined ? malformed(p, 'bad pid') : { kind: 'detach', pid };
  }
  if (p.startsWith('vKill;')) {
    const pid = parseHexInt(p.slice(6));
    return pid === undefined ? malformed(p, 'bad pid') : { kind: 'vKill', pid };
  }
  return undefined;
}
