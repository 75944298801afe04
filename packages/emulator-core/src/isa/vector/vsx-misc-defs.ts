import type { Handler, InstructionDef } from '../../decode/instruction.js';
import { isaBits } from '../../decode/field-specs.js';
import { xx2Eo347, xx2Eo475, xsiexpdp, xviexpdp, xviexpsp } from './vsx-bits.js';
import { xststdcdp, xststdcsp, xststdcqp, xvtstdcdp, xvtstdcsp } from './vsx-test-class.js';
import { quad836, xsrqpi, xsrqpxp } from './vsx-quad-convert.js';

/*
 * The ISA 3.0 VSX rows for taking values apart (vsx-bits.ts), testing their data
 * class (vsx-test-class.ts), half-precision conversions (vsx-half.ts, reached through
 * the XX2 rows whose EO field selects the operation) and the quad-precision
 * conversions and roundings (vsx-quad-convert.ts), all gated by MSR[VSX] as in QEMU
 * 7.2. Primary 60 is indexed by ISA bits 21:30 (decode/opcode-space.ts), primary 63
 * likewise. Reserved masks are what QEMU 7.2 checks, measured by
 * packages/difftest/src/reserved-map.ts.
 */

const XX2 = (mnemonic: string, xo: number, exec: Handler, reserved = 0): InstructionDef =>
  ({ mnemonic, form: 'XX2', primary: 60, xo: xo << 1, xoMask: 0x3fe, exec, facility: 'vsx', ...(reserved ? { reserved } : {}) });
const XX3 = (mnemonic: string, xo: number, exec: Handler): InstructionDef =>
  ({ mnemonic, form: 'XX3', primary: 60, xo: xo << 2, xoMask: 0x3fc, exec, facility: 'vsx' });
/**
 * xvtstdc[sd]p: XX2 with DCMX split over ISA bits 25 and 29, so the xo is ISA bits
 * 21:24 and 26:28 (mask over bits 21:30 without 25, 29 and BX at 30).
 */
const XX2_DCMX = (mnemonic: string, xo: number, exec: Handler): InstructionDef =>
  ({ mnemonic, form: 'XX2', primary: 60, xo, xoMask: 0x3dc, exec, facility: 'vsx' });
const X63 = (mnemonic: string, xo: number, exec: Handler, reserved = 0): InstructionDef =>
  ({ mnemonic, form: 'X', primary: 63, xo, exec, facility: 'vsx', ...(reserved ? { reserved } : {}) });
/** Z23-form: the xo is ISA bits 23:30, under RMC (21:22). */
const Z23 = (mnemonic: string, xo: number, exec: Handler, reserved = 0): InstructionDef =>
  ({ mnemonic, form: 'Z23', primary: 63, xo, xoMask: 0xff, exec, facility: 'vsx', ...(reserved ? { reserved } : {}) });

export const vsxMiscDefs: InstructionDef[] = [
  // rows whose EO field (ISA bits 11:15) selects the operation (xx2Eo475Forms, xx2Eo347Forms, quad836Forms)
  XX2('xvxexpdp', 475, xx2Eo475),
  XX2('xsxexpdp', 347, xx2Eo347),
  X63('xscvqpuwz', 836, quad836),
  // insert exponent (7.6.1)
  { mnemonic: 'xsiexpdp', form: 'XX1', primary: 60, xo: 918, exec: xsiexpdp, facility: 'vsx' },
  XX3('xviexpsp', 216, xviexpsp), XX3('xviexpdp', 248, xviexpdp),
  // test data class (7.6.1)
  XX2('xststdcsp', 298, xststdcsp), XX2('xststdcdp', 362, xststdcdp),
  XX2_DCMX('xvtstdcsp', 0x354, xvtstdcsp), XX2_DCMX('xvtstdcdp', 0x3d4, xvtstdcdp),
  X63('xststdcqp', 708, xststdcqp),
  // quad-precision round to integral / to 64-bit precision; ISA bit 31 is EX of xsrqpi (QEMU
  // 7.2 ignores it in xsrqpxp) and bits 11:14, between VRT and R, are reserved
  Z23('xsrqpi', 5, xsrqpi, isaBits('11:14')), Z23('xsrqpxp', 37, xsrqpxp, isaBits('11:14')),
];
