import type { Cpu } from '../../cpu/cpu.js';
import { Flow, type InstructionDef } from '../../decode/instruction.js';
import { fRT, fL_DARN } from '../fields.js';
import { setGpr } from '../registers.js';
import { withReserved } from '../rows.js';

/** Scratch for the host's random source: filled per darn, never reallocated. */
const entropy = new Uint32Array(2);

/**
 * darn RT,L (X) Book I 3.3.20 "Deliver A Random Number": L=0 a 32-bit number
 * zero-extended, L=1 a 64-bit conditioned number, L=2 a 64-bit raw one; L=3 is
 * reserved and gives the error value, all ones (as QEMU's helper_darn does; measured:
 * qemu-ppc64le sets RT to 0xffffffffffffffff). The host's cryptographic generator stands
 * in for the hardware's, as QEMU's qemu_guest_getrandom does.
 */
function darn(c: Cpu, w: number): number {
  const l = fL_DARN(w);
  if (l === 3) { setGpr(c, fRT(w), -1, -1); return Flow.Next; }
  crypto.getRandomValues(entropy);
  setGpr(c, fRT(w), l === 0 ? 0 : entropy[1]! | 0, entropy[0]! | 0);
  return Flow.Next;
}

export const randomDefs: InstructionDef[] = [
  withReserved('11:13 16:20 31', { mnemonic: 'darn', form: 'X', primary: 31, xo: 755, exec: darn }),
];
