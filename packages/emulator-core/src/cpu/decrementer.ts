import type { Cpu } from './cpu.js';
import { sprWord } from '../state/layout.js';
import { SPR_LPCR } from './spr-numbers.js';
import { LPCR_LD } from './msr.js';

/*
 * The decrementer (Power ISA 3.0B Book III 9.3; QEMU hw/ppc/ppc.c cpu_ppc_load_decr and
 * cpu_ppc_store_decr for a POWER9 with 56 decrementer bits). It counts down at the time
 * base rate from the value last written. With LPCR[LD] = 0 it is 32 bits: a write takes
 * the low word as a signed number, a read gives the low 32 bits zero-extended. With
 * LPCR[LD] = 1 (the large decrementer) it is 56 bits: a write is sign-extended from ISA
 * bit 8, a read is sign-extended to 64 bits. The interrupt is pending once the count
 * has reached zero (cpu/events.ts compares the time base with `decrementerExpiry`).
 *
 * The written value and the time of the write are kept in halves so that a read is
 * exact even for counts beyond 2^53 (Linux writes 2^55 - 1 to a large decrementer).
 */

/** The large decrementer's width on POWER9 (the device tree's ibm,dec-bits). */
export const LARGE_DECREMENTER_BITS = 56;
const TWO32 = 4294967296;
/** High word of the largest 56-bit count, 2^55 - 1. */
const LARGE_MAX_HI = 2 ** (LARGE_DECREMENTER_BITS - 33) - 1;

const large = (c: Cpu): boolean => (c.r[sprWord(SPR_LPCR)]! & LPCR_LD) !== 0;

/** mtspr DEC: the value RS holds (`hi`:`lo`). */
export function writeDecrementer(c: Cpu, hi: number, lo: number): void {
  const h = large(c) ? (hi << (64 - LARGE_DECREMENTER_BITS)) >> (64 - LARGE_DECREMENTER_BITS) : (lo >> 31);
  const now = c.clock.ticks();
  c.decWrittenHi = h; c.decWrittenLo = lo; c.decWrittenAt = now;
  c.decrementerExpiry = now + h * TWO32 + (lo >>> 0);
}

/** mfspr DEC: the current count into `out` (no allocation). */
export function readDecrementer(c: Cpu, out: { hi: number; lo: number }): void {
  if (c.decrementerExpiry === Number.MAX_SAFE_INTEGER) { out.hi = 0; out.lo = 0x7fffffff; return; }
  // count = written - elapsed, in halves with a borrow
  const elapsed = c.clock.ticks() - c.decWrittenAt;
  const eHi = Math.floor(elapsed / TWO32), eLo = elapsed - eHi * TWO32;
  let lo = (c.decWrittenLo >>> 0) - eLo;
  let hi = c.decWrittenHi - eHi;
  if (lo < 0) { lo += TWO32; hi -= 1; }
  if (!large(c)) { out.hi = 0; out.lo = lo | 0; return; }
  // a count that ran past -2^55 stays there
  if (hi < ~LARGE_MAX_HI) { out.hi = ~LARGE_MAX_HI; out.lo = 0; return; }
  out.hi = hi | 0; out.lo = lo | 0;
}
