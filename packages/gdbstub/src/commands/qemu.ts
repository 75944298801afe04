/**
 * QEMU's single-step packets, so that `maintenance packet qqemu.sstep=...` works on
 * hvstep as on QEMU: `qqemu.sstepbits` (the flag names), `qqemu.sstep` (the flags in
 * force) and `Qqemu.sstep=HEX` (set them). The value is hex, with or without `0x`,
 * as QEMU reads it with strtoul(…, 16).
 */
import { parseHexInt } from '../hex.js';
import { malformed, type Command } from './types.js';

export function parseQemu(p: string): Command | undefined {
  if (p === 'qqemu.sstepbits') return { kind: 'sstepBits' };
  if (p === 'qqemu.sstep') return { kind: 'sstepQuery' };
  if (p.startsWith('Qqemu.sstep=')) {
    const value = p.slice(12).replace(/^0[xX]/, '');
    const flags = parseHexInt(value);
    return flags === undefined ? malformed(p, 'bad sstep flags') : { kind: 'sstepSet', flags };
  }
  return undefined;
}
