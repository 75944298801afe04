import type { InstructionDef } from '../../decode/instruction.js';
import { isaBits } from '../../decode/field-specs.js';
import { quad804, xscpsgnqp, xsiexpqp } from './vsx-quad-move.js';
import { xscmpuqp, xscmpoqp, xscmpexpqp } from './vsx-quad-compare.js';
import { xsaddqp, xssubqp, xsmulqp, xsdivqp, xsmaddqp, xsmsubqp, xsnmaddqp, xsnmsubqp } from './vsx-quad-arith.js';

/**
 * QEMU 7.2 checks ISA bit 31 of these rows, and bits 9:10 (after BF) of the compares
 * (measured by packages/difftest/src/reserved-map.ts).
 */
const NO_RC = isaBits('31');
const CMP = isaBits('9:10 31');

/*
 * The VSX quad-precision rows of primary 63 (Power ISA 3.0B Book I 7.6.1, X-form,
 * xo in ISA bits 21:30): MSR[VSX] gates them (QEMU 7.2's vsx-impl.c.inc). One row
 * holds the xo-804 group whose VRA field selects the operation (quad804Forms);
 * the other values of that field are illegal, as in QEMU, and so is ISA bit 31
 * except for xssqrtqp (its dispatcher checks).
 */
export const vsxQuadDefs: InstructionDef[] = [
  { mnemonic: 'xsabsqp', form: 'X', primary: 63, xo: 804, exec: quad804, facility: 'vsx' },
  // arithmetic: ISA bit 31 is RO (round to odd)
  { mnemonic: 'xsaddqp', form: 'X', primary: 63, xo: 4, exec: xsaddqp, facility: 'vsx' },
  { mnemonic: 'xssubqp', form: 'X', primary: 63, xo: 516, exec: xssubqp, facility: 'vsx' },
  { mnemonic: 'xsmulqp', form: 'X', primary: 63, xo: 36, exec: xsmulqp, facility: 'vsx' },
  { mnemonic: 'xsdivqp', form: 'X', primary: 63, xo: 548, exec: xsdivqp, facility: 'vsx' },
  { mnemonic: 'xsmaddqp', form: 'X', primary: 63, xo: 388, exec: xsmaddqp, facility: 'vsx' },
  { mnemonic: 'xsmsubqp', form: 'X', primary: 63, xo: 420, exec: xsmsubqp, facility: 'vsx' },
  { mnemonic: 'xsnmaddqp', form: 'X', primary: 63, xo: 452, exec: xsnmaddqp, facility: 'vsx' },
  { mnemonic: 'xsnmsubqp', form: 'X', primary: 63, xo: 484, exec: xsnmsubqp, facility: 'vsx' },
  { mnemonic: 'xscpsgnqp', form: 'X', primary: 63, xo: 100, exec: xscpsgnqp, facility: 'vsx', reserved: NO_RC },
  { mnemonic: 'xscmpuqp', form: 'X', primary: 63, xo: 644, exec: xscmpuqp, facility: 'vsx', reserved: CMP },
  { mnemonic: 'xscmpoqp', form: 'X', primary: 63, xo: 132, exec: xscmpoqp, facility: 'vsx', reserved: CMP },
  { mnemonic: 'xscmpexpqp', form: 'X', primary: 63, xo: 164, exec: xscmpexpqp, facility: 'vsx', reserved: CMP },
  { mnemonic: 'xsiexpqp', form: 'X', primary: 63, xo: 868, exec: xsiexpqp, facility: 'vsx', reserved: NO_RC },
];
