import type { Cpu } from '../cpu/cpu.js';
import { Flow, type InstructionDef } from '../decode/instruction.js';
import { W_CR, W_XER, XER_OV, XER_OV32, XER_CA, XER_CA32 } from '../state/layout.js';
import { fRT, fBF, fBFA, fRA, fRB, fFXM, fONE } from './fields.js';
import { lo, setGpr, setCrField } from './registers.js';
import { ctz32 } from '../cpu/int64.js';
import { withReserved } from './rows.js';
import { isaBits } from '../decode/field-specs.js';

/*
 * The branch facility, Book I chapter 2: the condition register instructions. The
 * branches (b, bc, bclr, bcctr, bctar) are templates in isa/semantics/hot.ts.
 */

/** CR bit `bi` (MSB-0, 0..31). */
const crBit = (c: Cpu, bi: number): number => (c.r[W_CR]! >>> (31 - bi)) & 1;

/** CR logical ops (XL) 2.5.1: CR[BT] = f(CR[BA], CR[BB]). */
function crLogical(op: (a: number, b: number) => number) {
  return (c: Cpu, w: number): number => {
    const bt = fRT(w), v = op(crBit(c, fRA(w)), crBit(c, fRB(w))) & 1;
    const m = 1 << (31 - bt);
    c.r[W_CR] = v ? c.r[W_CR]! | m : c.r[W_CR]! & ~m;
    return Flow.Next;
  };
}

// mcrf BF,BFA (XL)
function mcrf(c: Cpu, w: number): number {
  setCrField(c, fBF(w), (c.r[W_CR]! >>> ((7 - fBFA(w)) * 4)) & 15);
  return Flow.Next;
}
// mcrxrx BF (X) 3.3.16: CR[BF] = OV || OV32 || CA || CA32
function mcrxrx(c: Cpu, w: number): number {
  const x = c.r[W_XER]!;
  setCrField(c, fBF(w), ((x & XER_OV) ? 8 : 0) | ((x & XER_OV32) ? 4 : 0) | ((x & XER_CA) ? 2 : 0) | ((x & XER_CA32) ? 1 : 0));
  return Flow.Next;
}
// mtcrf FXM,RS / mtocrf FXM,RS (XFX) 3.3.16: mtocrf with one FXM bit writes that field only
function mtcrf(c: Cpu, w: number): number {
  const fxm = fFXM(w), v = lo(c, fRT(w));
  if (fONE(w)) {
    if (fxm === 0 || (fxm & (fxm - 1)) !== 0) return Flow.Next; // more than one bit: no field is defined to change (QEMU leaves CR)
  }
  let mask = 0;
  for (let i = 0; i < 8; i++) if (fxm & (0x80 >>> i)) mask |= 0xf0000000 >>> (i * 4);
  c.r[W_CR] = (c.r[W_CR]! & ~mask) | (v & mask);
  return Flow.Next;
}
// mfcr RT / mfocrf RT,FXM (XFX): mfocrf with one FXM bit returns that field in place
function mfcr(c: Cpu, w: number): number {
  const cr = c.r[W_CR]!;
  if (fONE(w)) {
    const fxm = fFXM(w);
    if (fxm === 0 || (fxm & (fxm - 1)) !== 0) return Flow.Next; // undefined: QEMU leaves RT unchanged
    const field = 7 - ctz32(fxm);
    const m = 0xf0000000 >>> (field * 4);
    setGpr(c, fRT(w), 0, cr & m);
    return Flow.Next;
  }
  setGpr(c, fRT(w), 0, cr);
  return Flow.Next;
}

const XL = (mnemonic: string, xo: number, exec: (c: Cpu, w: number) => number): InstructionDef =>
  ({ mnemonic, form: 'XL', primary: 19, xo, exec });

export const branchDefs: InstructionDef[] = [
  // b, bc, bclr, bcctr, bctar: isa/semantics/hot.ts
  { mnemonic: 'b', form: 'I', primary: 18 },
  { mnemonic: 'bc', form: 'B', primary: 16 },
  { mnemonic: 'bclr', form: 'XL', primary: 19, xo: 16 },
  { mnemonic: 'bcctr', form: 'XL', primary: 19, xo: 528 },
  { mnemonic: 'bctar', form: 'XL', primary: 19, xo: 560 },
  withReserved('31', XL('crand', 257, crLogical((a, b) => a & b))),
  withReserved('31', XL('cror', 449, crLogical((a, b) => a | b))),
  withReserved('31', XL('crxor', 193, crLogical((a, b) => a ^ b))),
  withReserved('31', XL('crnand', 225, crLogical((a, b) => ~(a & b)))),
  withReserved('31', XL('crnor', 33, crLogical((a, b) => ~(a | b)))),
  withReserved('31', XL('creqv', 289, crLogical((a, b) => ~(a ^ b)))),
  withReserved('31', XL('crandc', 129, crLogical((a, b) => a & ~b))),
  withReserved('31', XL('crorc', 417, crLogical((a, b) => a | ~b))),
  withReserved('31', XL('mcrf', 0, mcrf)),
  { mnemonic: 'mcrxrx', form: 'X', primary: 31, xo: 576, exec: mcrxrx, reserved: isaBits('9:20 31') },
  { mnemonic: 'mtcrf', form: 'XFX', primary: 31, xo: 144, exec: mtcrf, reserved: isaBits('20 31') },
  { mnemonic: 'mfcr', form: 'XFX', primary: 31, xo: 19, exec: mfcr, reserved: isaBits('20 31') },
];
