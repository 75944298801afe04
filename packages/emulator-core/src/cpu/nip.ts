import type { Cpu } from './cpu.js';
import { W_NIP } from '../state/layout.js';

const TWO32 = 4294967296;

/** Output of nextSequential (no allocation): read right after the call. */
export const nextAddress = { hi: 0, lo: 0 };

/**
 * The address of the instruction after the one at hi:lo. In 64-bit mode (MSR[SF]=1)
 * a 64-bit add; in 32-bit mode the address wraps at 2^32 and its high word is zero
 * (Power ISA 3.0B Book III 6.3.2: the high-order 32 bits of NIA are set to 0).
 */
export function nextSequential(mode64: boolean, hi: number, lo: number): void {
  const s = (lo >>> 0) + 4;
  nextAddress.lo = s | 0;
  nextAddress.hi = mode64 ? (hi + (s >= TWO32 ? 1 : 0)) | 0 : 0;
}

/** NIP = the next sequential instruction, under MSR[SF]. */
export function advanceNip(cpu: Cpu): void {
  const r = cpu.r;
  nextSequential(cpu.mode64, r[W_NIP + 1]!, r[W_NIP]!);
  r[W_NIP] = nextAddress.lo; r[W_NIP + 1] = nextAddress.hi;
}
