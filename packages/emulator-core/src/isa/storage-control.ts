import type { Cpu } from '../cpu/cpu.js';
import { Flow, type InstructionDef } from '../decode/instruction.js';
import { ACCESS_READ } from '../mmu/translation.js';
import { fRA, fRB } from './fields.js';
import { ea, eaX } from './registers.js';
import { withReserved } from './rows.js';
import { isaBits } from '../decode/field-specs.js';

/*
 * Storage control, Book II chapters 4-5. Memory is sequentially consistent inside
 * one vCPU and every store goes straight to the shared RAM, so the barriers have
 * nothing to order; the pre-decoded instruction cache validates each slot against
 * memory on every fetch (see cpu/cpu.ts), so icbi/isync need not flush it either.
 * The block operations still translate their address, because they can fault.
 */

/** POWER9's data cache block size, which dcbz zeroes. */
export const CACHE_BLOCK_BYTES = 128;

// sync L / lwsync / ptesync (X), eieio (X), isync (XL): ordering only
const barrier = (_c: Cpu, _w: number): number => Flow.Next;

// dcbf, dcbst (X): treated as a load by the MMU (QEMU gen_dcbf), so a bad address faults
function dcbFlush(c: Cpu, w: number): number {
  eaX(c, fRA(w), fRB(w));
  c.translate(ea.hi, ea.lo, 1, ACCESS_READ);
  return Flow.Next;
}
// icbi (X): checked like a load (QEMU helper_icbi); the decode cache needs no flush
const icbi = dcbFlush;
// dcbt, dcbtst, icbt (X): hints, never fault
const hint = (_c: Cpu, _w: number): number => Flow.Next;

// dcbz RA,RB (X): zero the aligned 128-byte block
function dcbz(c: Cpu, w: number): number {
  eaX(c, fRA(w), fRB(w));
  const blockLo = ea.lo & ~(CACHE_BLOCK_BYTES - 1);
  const pa = c.probeWrite(ea.hi, blockLo, CACHE_BLOCK_BYTES);
  c.u8.fill(0, pa, pa + CACHE_BLOCK_BYTES);
  return Flow.Next;
}

const X = (mnemonic: string, xo: number, exec: (c: Cpu, w: number) => number): InstructionDef =>
  ({ mnemonic, form: 'X', primary: 31, xo, exec });

export const storageControlDefs: InstructionDef[] = [
  withReserved('6:8 11:20 31', X('sync', 598, barrier)),
  withReserved('7:20 31', X('eieio', 854, barrier)),
  { mnemonic: 'isync', form: 'XL', primary: 19, xo: 150, exec: barrier, reserved: isaBits('6:20 31') },
  withReserved('6:9 31', X('dcbf', 86, dcbFlush)),
  withReserved('6:10 31', X('dcbst', 54, dcbFlush)),
  withReserved('6:10 31', X('icbi', 982, icbi)),
  withReserved('31', X('dcbt', 278, hint)),
  withReserved('31', X('dcbtst', 246, hint)),
  X('icbt', 22, hint),
  withReserved('6:9 31', X('dcbz', 1014, dcbz)),
  // cp_abort (X) Book II 4.4 (copy-paste facility, ISA 3.0): no copy-paste buffer is
  // modelled, so there is nothing to abort; QEMU 7.2's gen_cp_abort does nothing either.
  // Linux issues it on a context switch to a process with VAS windows.
  withReserved('6:20 31', X('cp_abort', 838, barrier)),
];
