import type { InstructionDef } from '../../decode/instruction.js';
import { VX, VA, VC } from './vmx-rows.js';
import { fieldBits } from '../../decode/field-specs.js';
import * as F from './vmx-fp.js';

/*
 * The VMX floating-point rows of primary opcode 4 (Power ISA 3.0B Book I 6.9.2, the
 * opcode map of Appendix D): VX-form (11-bit xo, ISA bits 21:31), VA-form multiply-adds
 * (6-bit xo) and VC-form compares (10-bit xo; one row covers Rc). MSR[VEC] gates all.
 * QEMU 7.2 declares the one-source forms (vrefp, vrsqrtefp, vexptefp, vlogefp, vrfi*)
 * with GEN_VXFORM_NOA, whose invalid mask is the VRA field (measured by
 * packages/difftest/src/reserved-map.ts); vcf*, vct* use that field as UIM.
 */

const NO_VRA = fieldBits('VRA');


export const vmxFpDefs: InstructionDef[] = [
  VX('vaddfp', 10, F.vaddfp), VX('vsubfp', 74, F.vsubfp),
  VX('vmaxfp', 1034, F.vmaxfp), VX('vminfp', 1098, F.vminfp),
  VA('vmaddfp', 46, F.vmaddfp), VA('vnmsubfp', 47, F.vnmsubfp),
  VX('vrefp', 266, F.vrefp, NO_VRA), VX('vrsqrtefp', 330, F.vrsqrtefp, NO_VRA),
  VX('vexptefp', 394, F.vexptefp, NO_VRA), VX('vlogefp', 458, F.vlogefp, NO_VRA),
  VX('vrfin', 522, F.vrfin, NO_VRA), VX('vrfiz', 586, F.vrfiz, NO_VRA),
  VX('vrfip', 650, F.vrfip, NO_VRA), VX('vrfim', 714, F.vrfim, NO_VRA),
  VX('vcfux', 778, F.vcfux), VX('vcfsx', 842, F.vcfsx),
  VX('vctuxs', 906, F.vctuxs), VX('vctsxs', 970, F.vctsxs),
  VC('vcmpeqfp', 198, F.vcmpeqfp), VC('vcmpgefp', 454, F.vcmpgefp),
  VC('vcmpgtfp', 710, F.vcmpgtfp), VC('vcmpbfp', 966, F.vcmpbfp),
];
