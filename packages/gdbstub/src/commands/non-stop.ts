/** `QNonStop:0|1`, `vStopped`, `vCtrlC` (GDB remote protocol, "Remote Non-Stop"). */
import { malformed, type Command } from './types.js';

export function parseNonStop(p: string): Command | undefined {
  if (p.startsWith('QNonStop:')) {
    const v = p.slice(9);
    return v === '0' || v === '1' ? { kind: 'setNonStop', on: v === '1' } : malformed(p, 'QNonStop takes 0 or 1');
  }
  if (p === 'vStopped') return { kind: 'vStopped' };
  if (p === 'vCtrlC') return { kind: 'vCtrlC' };
  return undefined;
}
