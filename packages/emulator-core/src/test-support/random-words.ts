import { decoder } from '../isa/index.js';
import { EXTENDED_FIELDS } from '../decode/opcode-space.js';
import { fieldEncoder as put, fSPR } from '../decode/fields.generated.js';
import { CLOCK_SPRS } from '../isa/spr-table.js';

/** A small deterministic generator (xorshift32), so that a failing random test is reproducible. */
export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return (): number => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}

/**
 * A random word that decodes to the row of `mnemonic`: its primary and extended
 * opcodes fixed, its reserved bits clear, every other bit from `next`. An `mfspr` of a
 * register that follows the clock is drawn again: its result would differ between runs.
 */
export function randomWordOf(next: () => number, mnemonic: string): number {
  const def = decoder.rows.find((d) => d.mnemonic === mnemonic);
  if (!def) throw new Error(`no row ${mnemonic}`);
  for (let tries = 0; tries < 10000; tries++) {
    let w = (next() & 0x03ffffff) | put.OPCD(def.primary);
    const f = EXTENDED_FIELDS[def.primary];
    if (f && def.xo !== undefined) {
      const mask = (def.xoMask ?? (1 << f.bits) - 1) << f.shift;
      w = (w & ~mask) | ((def.xo << f.shift) & mask);
    }
    w &= ~(def.reserved ?? 0);
    if (mnemonic === 'mfspr' && CLOCK_SPRS.has(fSPR(w))) continue;
    if (decoder.lookup(w)?.mnemonic === mnemonic) return w | 0;
  }
  throw new Error(`no word decodes to ${mnemonic}`);
}
