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
  xxpermdi, xxmrghw, xxmrglw, xxsldwi, xxspltw, xxspltib, vperm, vpermr, vsldoi,
  vspltb, vsplth, vspltw, vspltisb, vspltish, vspltisw, vmrghb, vmrghh, vmrghw, vmrglb, vmrglh, vmrglw,
} from './permute.js';
import { vmxIntDefs } from './vmx-int.js';
import {
  xscmpudp, xscmpodp, xscmpeqdp, xscmpgedp, xscmpgtdp,
  xvcmpeqdp, xvcmpgedp, xvcmpgtdp, xvcmpeqdpRc, xvcmpgedpRc, xvcmpgtdpRc,
  xvcmpeqsp, xvcmpgesp, xvcmpgtsp, xvcmpeqspRc, xvcmpgespRc, xvcmpgtspRc,
} from './vsx-fp-compare.js';
import { xsmaxcdp, xsmincdp, xsmaxjdp, xsminjdp } from './vsx-fp-minmax.js';
import {
  xsadddp, xssubdp, xsmuldp, xsdivdp, xssqrtdp, xsaddsp, xssubsp, xsmulsp, xsdivsp, xssqrtsp,
  xvadddp, xvsubdp, xvmuldp, xvdivdp, xvsqrtdp, xvaddsp, xvsubsp, xvmulsp, xvdivsp, xvsqrtsp,
} from './vsx-fp-arith.js';
import { fmaXsDp, fmaXsSp, fmaXvDp, fmaXvSp } from './vsx-fp-fma.js';
import {
  xsrdpi, xsrdpiz, xsrdpip, xsrdpim, xsrdpic, xvrdpi, xvrdpiz, xvrdpip,
  xvrdpim, xvrdpic, xvrspi, xvrspiz, xvrspip, xvrspim, xvrspic, xsrsp,
  xscvdpsp, xscvspdp, xscvdpspn, xscvspdpn, xvcvdpsp, xvcvspdp, xscvsxddp, xscvuxddp,
  xscvsxdsp, xscvuxdsp, xvcvsxddp, xvcvsxdsp, xvcvsxwdp, xvcvsxwsp, xvcvuxddp, xvcvuxdsp,
  xvcvuxwdp, xvcvuxwsp,
} from './vsx-fp-convert.js';
import {
  xsabsdp, xsnabsdp, xsnegdp, xscpsgndp, xvabsdp, xvnabsdp, xvnegdp, xvcpsgndp, xvabssp, xvnabssp, xvnegsp, xvcpsgnsp,
} from './vsx-fp-sign.js';

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
/** VX-form: the 11-bit xo (ISA bits 21:31) of primary 4. */
const VX = (mnemonic: string, xo: number, exec: Handler): InstructionDef =>
  ({ mnemonic, form: 'VX', primary: 4, xo, exec, facility: 'vec' });
/** VA-form: the 6-bit xo (ISA bits 26:31) of primary 4. */
const VA = (mnemonic: string, xo: number, exec: Handler): InstructionDef =>
  ({ mnemonic, form: 'VA', primary: 4, xo, xoMask: 0x3f, exec, facility: 'vec' });
/*
 * Primary 60 is indexed by ISA bits 21:30 (decode/opcode-space.ts): an XX3 xo (bits
 * 21:28) sits two places up, an XX2 xo (21:29) one.
 */
const XX3 = (mnemonic: string, xo: number, exec: Handler): InstructionDef =>
  ({ mnemonic, form: 'XX3', primary: 60, xo: xo << 2, xoMask: 0x3fc, exec, facility: 'vsx' });
/** XX3 with DM or SHW in ISA bits 22:23: the xo is bit 21 and bits 24:28. */
/** The eight fused multiply-add rows of one kind: xo of madda, then +8 maddm, +16 msuba, +24 msubm, +128 the negative forms. */
const FMA_FORMS = ['madda', 'maddm', 'msuba', 'msubm', 'nmadda', 'nmaddm', 'nmsuba', 'nmsubm'] as const;
const fmaRows = (prefix: string, suffix: string, xo: number, f: Record<(typeof FMA_FORMS)[number], Handler>): InstructionDef[] =>
  FMA_FORMS.map((form, i) => XX3(`${prefix}${form}${suffix}`, xo + (i & 3) * 8 + (i >> 2) * 128, f[form]));
/** XX2 with the xo in ISA bits 21:29; QEMU checks the A field (ISA bits 11:15) of some rows only. */
const XX2 = (mnemonic: string, xo: number, exec: Handler, reserved = 0): InstructionDef =>
  ({ mnemonic, form: 'XX2', primary: 60, xo: xo << 1, xoMask: 0x3fe, exec, facility: 'vsx', ...(reserved ? { reserved } : {}) });
/** The A field of an XX2 row, reserved where QEMU 7.2 checks it (measured by reserved-map.ts). */
const NO_XA = isaBits('11:15');
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

  // VSX scalar floating-point compares (7.6.1.6): QEMU 7.2 checks ISA bit 31, not 9:10
  { ...XX3('xscmpudp', 35, xscmpudp), reserved: isaBits('31') },
  { ...XX3('xscmpodp', 43, xscmpodp), reserved: isaBits('31') },
  XX3('xscmpeqdp', 3, xscmpeqdp), XX3('xscmpgtdp', 11, xscmpgtdp), XX3('xscmpgedp', 19, xscmpgedp),
  // vector compares: Rc is ISA bit 21, the top bit of the XX3 xo
  XX3('xvcmpeqdp', 99, xvcmpeqdp), XX3('xvcmpgtdp', 107, xvcmpgtdp), XX3('xvcmpgedp', 115, xvcmpgedp),
  XX3('xvcmpeqdp.', 99 | 128, xvcmpeqdpRc), XX3('xvcmpgtdp.', 107 | 128, xvcmpgtdpRc), XX3('xvcmpgedp.', 115 | 128, xvcmpgedpRc),
  XX3('xvcmpeqsp', 67, xvcmpeqsp), XX3('xvcmpgtsp', 75, xvcmpgtsp), XX3('xvcmpgesp', 83, xvcmpgesp),
  XX3('xvcmpeqsp.', 67 | 128, xvcmpeqspRc), XX3('xvcmpgtsp.', 75 | 128, xvcmpgtspRc), XX3('xvcmpgesp.', 83 | 128, xvcmpgespRc),
  // maximum and minimum of type C and J (ISA 3.0)
  XX3('xsmaxcdp', 128, xsmaxcdp), XX3('xsmincdp', 136, xsmincdp),
  XX3('xsmaxjdp', 144, xsmaxjdp), XX3('xsminjdp', 152, xsminjdp),

  // VSX floating-point arithmetic (7.6.1)
  XX3('xsadddp', 32, xsadddp), XX3('xssubdp', 40, xssubdp), XX3('xsmuldp', 48, xsmuldp), XX3('xsdivdp', 56, xsdivdp),
  XX3('xsaddsp', 0, xsaddsp), XX3('xssubsp', 8, xssubsp), XX3('xsmulsp', 16, xsmulsp), XX3('xsdivsp', 24, xsdivsp),
  XX3('xvadddp', 96, xvadddp), XX3('xvsubdp', 104, xvsubdp), XX3('xvmuldp', 112, xvmuldp), XX3('xvdivdp', 120, xvdivdp),
  XX3('xvaddsp', 64, xvaddsp), XX3('xvsubsp', 72, xvsubsp), XX3('xvmulsp', 80, xvmulsp), XX3('xvdivsp', 88, xvdivsp),
  XX2('xssqrtdp', 75, xssqrtdp), XX2('xssqrtsp', 11, xssqrtsp), XX2('xvsqrtdp', 203, xvsqrtdp), XX2('xvsqrtsp', 139, xvsqrtsp),

  ...fmaRows('xs', 'dp', 33, fmaXsDp), ...fmaRows('xs', 'sp', 1, fmaXsSp),
  ...fmaRows('xv', 'dp', 97, fmaXvDp), ...fmaRows('xv', 'sp', 65, fmaXvSp),

  // VSX roundings and conversions (7.6.1)
  XX2('xsrdpi', 73, xsrdpi), XX2('xsrdpiz', 89, xsrdpiz), XX2('xsrdpip', 105, xsrdpip), XX2('xsrdpim', 121, xsrdpim),
  XX2('xsrdpic', 107, xsrdpic), XX2('xvrdpi', 201, xvrdpi), XX2('xvrdpiz', 217, xvrdpiz), XX2('xvrdpip', 233, xvrdpip),
  XX2('xvrdpim', 249, xvrdpim), XX2('xvrdpic', 235, xvrdpic), XX2('xvrspi', 137, xvrspi), XX2('xvrspiz', 153, xvrspiz),
  XX2('xvrspip', 169, xvrspip), XX2('xvrspim', 185, xvrspim), XX2('xvrspic', 171, xvrspic), XX2('xsrsp', 281, xsrsp),
  XX2('xscvdpsp', 265, xscvdpsp), XX2('xscvspdp', 329, xscvspdp), XX2('xscvdpspn', 267, xscvdpspn), XX2('xscvspdpn', 331, xscvspdpn),
  XX2('xvcvdpsp', 393, xvcvdpsp), XX2('xvcvspdp', 457, xvcvspdp), XX2('xscvsxddp', 376, xscvsxddp), XX2('xscvuxddp', 360, xscvuxddp),
  XX2('xscvsxdsp', 312, xscvsxdsp), XX2('xscvuxdsp', 296, xscvuxdsp), XX2('xvcvsxddp', 504, xvcvsxddp), XX2('xvcvsxdsp', 440, xvcvsxdsp),
  XX2('xvcvsxwdp', 248, xvcvsxwdp), XX2('xvcvsxwsp', 184, xvcvsxwsp), XX2('xvcvuxddp', 488, xvcvuxddp), XX2('xvcvuxdsp', 424, xvcvuxdsp),
  XX2('xvcvuxwdp', 232, xvcvuxwdp), XX2('xvcvuxwsp', 168, xvcvuxwsp),

  // VSX sign operations (7.6.1): bit operations, no FPSCR change; QEMU checks the A
  // field of the xv forms only
  XX2('xsabsdp', 345, xsabsdp), XX2('xsnabsdp', 361, xsnabsdp), XX2('xsnegdp', 377, xsnegdp),
  XX3('xscpsgndp', 176, xscpsgndp),
  XX2('xvabsdp', 473, xvabsdp, NO_XA), XX2('xvnabsdp', 489, xvnabsdp, NO_XA), XX2('xvnegdp', 505, xvnegdp, NO_XA),
  XX3('xvcpsgndp', 240, xvcpsgndp),
  XX2('xvabssp', 409, xvabssp, NO_XA), XX2('xvnabssp', 425, xvnabssp, NO_XA), XX2('xvnegsp', 441, xvnegsp, NO_XA),
  XX3('xvcpsgnsp', 208, xvcpsgnsp),

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
];
