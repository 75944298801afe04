import type { FacilitySplit, Handler, InstructionDef } from '../../decode/instruction.js';
import { fXS, fXT, fXT_DQ } from '../fields.js';
import { fieldBits, isaBits } from '../../decode/field-specs.js';
import { mfvsrd, mfvsrwz, mfvsrld, mtvsrd, mtvsrwa, mtvsrwz, mtvsrdd, mtvsrws } from './moves.js';
import { lvx, stvx, lvebx, lvehx, lvewx, stvebx, stvehx, stvewx, lvsl, lvsr, mfvscr, mtvscr } from './load-store-vmx.js';
import {
  lxvd2x, lxvw4x, lxvh8x, lxvb16x, lxvx, stxvd2x, stxvw4x, stxvh8x, stxvb16x, stxvx, lxv, stxv, lxvdsx, lxvwsx,
  lxvl, lxvll, stxvl, stxvll, lxsdx, lxsspx, lxsiwax, lxsiwzx, lxsibzx, lxsihzx,
  stxsdx, stxsspx, stxsiwx, stxsibx, stxsihx, lxsd, lxssp, stxsd, stxssp,
} from './load-store-vsx.js';
import {
  xxland, xxlandc, xxlor, xxlorc, xxlxor, xxlnor, xxlnand, xxleqv, xxsel,
  vand, vandc, vor, vorc, vxor, vnor, vnand, veqv, vsel,
} from './logical.js';
import {
  xxpermdi, xxmrghw, xxmrglw, xxsldwi, xxspltw, xxspltib, xxperm, xxpermr, xxextractuw, xxinsertw, vperm, vpermr, vsldoi,
  vspltb, vsplth, vspltw, vspltisb, vspltish, vspltisw, vmrghb, vmrghh, vmrghw, vmrglb, vmrglh, vmrglw,
} from './permute.js';
import { vmxIntDefs } from './vmx-int.js';
import { VX, VA } from './vmx-rows.js';
import { vsxFpDefs } from './vsx-fp.js';
import { vmxFpDefs } from './vmx-fp-defs.js';
import { vsxQuadDefs } from './vsx-quad-defs.js';
import { vsxMiscDefs } from './vsx-misc-defs.js';

/*
 * The vector (VMX, Power ISA 3.0B Book I chapter 6) and VSX (chapter 7) rows. Which
 * MSR bit gates each is QEMU 7.2's choice (target/ppc/translate/vsx-impl.c.inc,
 * vmx-impl.c.inc): the VMX instructions and the DS-form scalar loads and stores need
 * MSR[VEC]; most VSX instructions MSR[VSX]; a few check the facility of the VSR they
 * name: the FP or VSX facility for VSRs 0-31, the vector facility for VSRs 32-63.
 */

/** GPR<->VSR moves of ISA 2.07 (gen_mtvsrd...): MSR[FP] for VSRs 0-31. */
const FP_OR_VEC_T: FacilitySplit = { low: 'fp', high: 'vec', vsr: fXT };
const FP_OR_VEC_S: FacilitySplit = { low: 'fp', high: 'vec', vsr: fXS };
/** ISA 3.0 moves, lxvx/lxv, the length loads, lxvwsx, xxspltib: MSR[VSX] for VSRs 0-31. */
const VSX_OR_VEC_T: FacilitySplit = { low: 'vsx', high: 'vec', vsr: fXT };
const VSX_OR_VEC_S: FacilitySplit = { low: 'vsx', high: 'vec', vsr: fXS };
const VSX_OR_VEC_DQ: FacilitySplit = { low: 'vsx', high: 'vec', vsr: fXT_DQ };

/*
 * Reserved bits QEMU 7.2 checks (measured by packages/difftest/src/reserved-map.ts):
 * RB of the one-GPR moves, Rc of the VMX X-forms, the unused register fields of the
 * VSCR moves and ISA bits 11:12 of xxspltib.
 */
const NO_RB = fieldBits('RB');
const NO_RC = isaBits('31');

type Gate = InstructionDef['facility'];
const X = (mnemonic: string, xo: number, exec: Handler, facility: Gate): InstructionDef =>
  ({ mnemonic, form: 'X', primary: 31, xo, exec, facility, reserved: NO_RC });
const XX1 = (mnemonic: string, xo: number, exec: Handler, facility: Gate, reserved = 0): InstructionDef =>
  ({ mnemonic, form: 'XX1', primary: 31, xo, exec, facility, ...(reserved ? { reserved } : {}) });
/*
 * Primary 60 is indexed by ISA bits 21:30 (decode/opcode-space.ts): an XX3 xo (bits
 * 21:28) sits two places up, an XX2 xo (21:29) one.
 */
const XX3 = (mnemonic: string, xo: number, exec: Handler): InstructionDef =>
  ({ mnemonic, form: 'XX3', primary: 60, xo: xo << 2, xoMask: 0x3fc, exec, facility: 'vsx' });
/** XX3 with DM or SHW in ISA bits 22:23: the xo is bit 21 and bits 24:28. */
const XX3_2 = (mnemonic: string, xo5: number, exec: Handler): InstructionDef =>
  ({ mnemonic, form: 'XX3', primary: 60, xo: xo5 << 2, xoMask: 0x27c, exec, facility: 'vsx' });

export const vectorDefs: InstructionDef[] = [
  // moves between GPRs and VSRs (7.6.1.x)
  XX1('mfvsrd', 51, mfvsrd, FP_OR_VEC_S, NO_RB),
  XX1('mfvsrwz', 115, mfvsrwz, FP_OR_VEC_S, NO_RB),
  XX1('mfvsrld', 307, mfvsrld, VSX_OR_VEC_S, NO_RB),
  XX1('mtvsrd', 179, mtvsrd, FP_OR_VEC_T, NO_RB),
  XX1('mtvsrwa', 211, mtvsrwa, FP_OR_VEC_T, NO_RB),
  XX1('mtvsrwz', 243, mtvsrwz, FP_OR_VEC_T, NO_RB),
  XX1('mtvsrdd', 435, mtvsrdd, VSX_OR_VEC_T),
  XX1('mtvsrws', 403, mtvsrws, VSX_OR_VEC_T, NO_RB),

  // vector loads and stores (6.7.2-6.7.4): lvxl/stvxl are lvx/stvx with an LRU hint
  X('lvx', 103, lvx, 'vec'), X('lvxl', 359, lvx, 'vec'),
  X('stvx', 231, stvx, 'vec'), X('stvxl', 487, stvx, 'vec'),
  X('lvebx', 7, lvebx, 'vec'), X('lvehx', 39, lvehx, 'vec'), X('lvewx', 71, lvewx, 'vec'),
  X('stvebx', 135, stvebx, 'vec'), X('stvehx', 167, stvehx, 'vec'), X('stvewx', 199, stvewx, 'vec'),
  X('lvsl', 6, lvsl, 'vec'), X('lvsr', 38, lvsr, 'vec'),
  { ...VX('mfvscr', 1540, mfvscr), reserved: isaBits('11:20') },
  { ...VX('mtvscr', 1604, mtvscr), reserved: isaBits('6:15') },

  // VSX loads and stores (7.6.1)
  XX1('lxvd2x', 844, lxvd2x, 'vsx'), XX1('stxvd2x', 972, stxvd2x, 'vsx'),
  XX1('lxvw4x', 780, lxvw4x, 'vsx'), XX1('stxvw4x', 908, stxvw4x, 'vsx'),
  XX1('lxvh8x', 812, lxvh8x, 'vsx'), XX1('stxvh8x', 940, stxvh8x, 'vsx'),
  XX1('lxvb16x', 876, lxvb16x, 'vsx'), XX1('stxvb16x', 1004, stxvb16x, 'vsx'),
  XX1('lxvx', 268, lxvx, VSX_OR_VEC_T), XX1('stxvx', 396, stxvx, VSX_OR_VEC_S),
  XX1('lxvdsx', 332, lxvdsx, 'vsx'), XX1('lxvwsx', 364, lxvwsx, VSX_OR_VEC_T),
  XX1('lxvl', 269, lxvl, VSX_OR_VEC_T), XX1('lxvll', 301, lxvll, VSX_OR_VEC_T),
  XX1('stxvl', 397, stxvl, VSX_OR_VEC_S), XX1('stxvll', 429, stxvll, VSX_OR_VEC_S),
  XX1('lxsdx', 588, lxsdx, 'vsx'), XX1('lxsspx', 524, lxsspx, 'vsx'),
  XX1('lxsiwax', 76, lxsiwax, 'vsx'), XX1('lxsiwzx', 12, lxsiwzx, 'vsx'),
  XX1('lxsibzx', 781, lxsibzx, 'vsx'), XX1('lxsihzx', 813, lxsihzx, 'vsx'),
  XX1('stxsdx', 716, stxsdx, 'vsx'), XX1('stxsspx', 652, stxsspx, 'vsx'), XX1('stxsiwx', 140, stxsiwx, 'vsx'),
  XX1('stxsibx', 909, stxsibx, 'vsx'), XX1('stxsihx', 941, stxsihx, 'vsx'),
  { mnemonic: 'lxv', form: 'DQ', primary: 61, xo: 1, xoMask: 7, exec: lxv, facility: VSX_OR_VEC_DQ },
  { mnemonic: 'stxv', form: 'DQ', primary: 61, xo: 5, xoMask: 7, exec: stxv, facility: VSX_OR_VEC_DQ },
  { mnemonic: 'lxsd', form: 'DS', primary: 57, xo: 2, exec: lxsd, facility: 'vec' },
  { mnemonic: 'lxssp', form: 'DS', primary: 57, xo: 3, exec: lxssp, facility: 'vec' },
  { mnemonic: 'stxsd', form: 'DS', primary: 61, xo: 2, xoMask: 3, exec: stxsd, facility: 'vec' },
  { mnemonic: 'stxssp', form: 'DS', primary: 61, xo: 3, xoMask: 3, exec: stxssp, facility: 'vec' },

  // VSX logical (7.6.1.14), xxsel (XX4: ISA bits 26:27 = 3, index bits 3:4)
  XX3('xxland', 130, xxland), XX3('xxlandc', 138, xxlandc), XX3('xxlor', 146, xxlor),
  XX3('xxlxor', 154, xxlxor), XX3('xxlnor', 162, xxlnor), XX3('xxlorc', 170, xxlorc),
  XX3('xxlnand', 178, xxlnand), XX3('xxleqv', 186, xxleqv),
  { mnemonic: 'xxsel', form: 'XX4', primary: 60, xo: 0x18, xoMask: 0x18, exec: xxsel, facility: 'vsx' },
  // VSX permutes (7.6.1.16-19)
  XX3_2('xxpermdi', 10, xxpermdi), XX3_2('xxsldwi', 2, xxsldwi),
  XX3('xxmrghw', 18, xxmrghw), XX3('xxmrglw', 50, xxmrglw),
  { mnemonic: 'xxspltw', form: 'XX2', primary: 60, xo: 164 << 1, xoMask: 0x3fe, exec: xxspltw, facility: 'vsx' },
  { mnemonic: 'xxspltib', form: 'XX1', primary: 60, xo: 360, exec: xxspltib, facility: VSX_OR_VEC_T, reserved: isaBits('11:12') },
  XX3('xxperm', 26, xxperm), XX3('xxpermr', 58, xxpermr),
  { mnemonic: 'xxextractuw', form: 'XX2', primary: 60, xo: 165 << 1, xoMask: 0x3fe, exec: xxextractuw, facility: 'vsx' },
  { mnemonic: 'xxinsertw', form: 'XX2', primary: 60, xo: 181 << 1, xoMask: 0x3fe, exec: xxinsertw, facility: 'vsx' },

  // vector logical (6.9.4)
  VX('vand', 1028, vand), VX('vandc', 1092, vandc), VX('vor', 1156, vor), VX('vxor', 1220, vxor),
  VX('vnor', 1284, vnor), VX('vorc', 1348, vorc), VX('vnand', 1412, vnand), VX('veqv', 1668, veqv),
  VA('vsel', 42, vsel),
  // vector permute and formatting (6.8)
  VA('vperm', 43, vperm), VA('vpermr', 59, vpermr), VA('vsldoi', 44, vsldoi),
  VX('vspltb', 524, vspltb), VX('vsplth', 588, vsplth), VX('vspltw', 652, vspltw),
  VX('vspltisb', 780, vspltisb), VX('vspltish', 844, vspltish), VX('vspltisw', 908, vspltisw),
  VX('vmrghb', 12, vmrghb), VX('vmrghh', 76, vmrghh), VX('vmrghw', 140, vmrghw),
  VX('vmrglb', 268, vmrglb), VX('vmrglh', 332, vmrglh), VX('vmrglw', 396, vmrglw),

  // VMX integer arithmetic, compares, shifts, pack, bit and crypto operations (vmx-int.ts)
  ...vmxIntDefs,
  // VSX floating point (vsx-fp.ts)
  ...vsxFpDefs,
  // VMX floating point (vmx-fp-defs.ts)
  ...vmxFpDefs,
  // VSX quad precision (vsx-quad-defs.ts)
  ...vsxQuadDefs,
  ...vsxMiscDefs,
];
