import type { Handler, InstructionDef } from '../../decode/instruction.js';
import { isaBits } from '../../decode/field-specs.js';
import {
  xscmpudp, xscmpodp, xscmpeqdp, xscmpgedp, xscmpgtdp,
  xvcmpeqdp, xvcmpgedp, xvcmpgtdp, xvcmpeqdpRc, xvcmpgedpRc, xvcmpgtdpRc,
  xvcmpeqsp, xvcmpgesp, xvcmpgtsp, xvcmpeqspRc, xvcmpgespRc, xvcmpgtspRc,
} from './vsx-fp-compare.js';
import {
  xsmaxcdp, xsmincdp, xsmaxjdp, xsminjdp, xsmaxdp, xsmindp, xvmaxdp, xvmindp, xvmaxsp, xvminsp,
} from './vsx-fp-minmax.js';
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
import {
  xscvdpsxds, xscvdpsxws, xscvdpuxds, xscvdpuxws, xvcvdpsxds, xvcvdpsxws, xvcvdpuxds, xvcvdpuxws,
  xvcvspsxds, xvcvspsxws, xvcvspuxds, xvcvspuxws,
} from './vsx-fp-to-int.js';
import {
  xsredp, xsresp, xvredp, xvresp, xsrsqrtedp, xsrsqrtesp, xvrsqrtedp, xvrsqrtesp,
} from './vsx-fp-estimate.js';
import { xstdivdp, xvtdivdp, xvtdivsp, xstsqrtdp, xvtsqrtdp, xvtsqrtsp, xscmpexpdp } from './vsx-fp-test.js';

/*
 * The VSX floating-point rows (Power ISA 3.0B Book I chapter 7), all gated by
 * MSR[VSX] as in QEMU 7.2. Primary 60 is indexed by ISA bits 21:30
 * (decode/opcode-space.ts): an XX3 xo (bits 21:28) sits two places up, an XX2 xo
 * (bits 21:29) one. Reserved masks are what QEMU 7.2 checks, measured by
 * packages/difftest/src/reserved-map.ts.
 */

const XX3 = (mnemonic: string, xo: number, exec: Handler): InstructionDef =>
  ({ mnemonic, form: 'XX3', primary: 60, xo: xo << 2, xoMask: 0x3fc, exec, facility: 'vsx' });
/** XX2 with the xo in ISA bits 21:29; QEMU checks the A field (ISA bits 11:15) of some rows only. */
const XX2 = (mnemonic: string, xo: number, exec: Handler, reserved = 0): InstructionDef =>
  ({ mnemonic, form: 'XX2', primary: 60, xo: xo << 1, xoMask: 0x3fe, exec, facility: 'vsx', ...(reserved ? { reserved } : {}) });
/** The A field of an XX2 row, reserved where QEMU 7.2 checks it. */
const NO_XA = isaBits('11:15');
/** The eight fused multiply-add rows of one kind: xo of madda, then +8 maddm, +16 msuba, +24 msubm, +128 the negative forms. */
const FMA_FORMS = ['madda', 'maddm', 'msuba', 'msubm', 'nmadda', 'nmaddm', 'nmsuba', 'nmsubm'] as const;
const fmaRows = (prefix: string, suffix: string, xo: number, f: Record<(typeof FMA_FORMS)[number], Handler>): InstructionDef[] =>
  FMA_FORMS.map((form, i) => XX3(`${prefix}${form}${suffix}`, xo + (i & 3) * 8 + (i >> 2) * 128, f[form]));

export const vsxFpDefs: InstructionDef[] = [
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
  // maxnum/minnum (7.6.1)
  XX3('xsmaxdp', 160, xsmaxdp), XX3('xsmindp', 168, xsmindp), XX3('xvmaxdp', 224, xvmaxdp),
  XX3('xvmindp', 232, xvmindp), XX3('xvmaxsp', 192, xvmaxsp), XX3('xvminsp', 200, xvminsp),

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

  // VSX floating point to integer, rounding toward zero (7.6.1)
  XX2('xscvdpsxds', 344, xscvdpsxds), XX2('xscvdpsxws', 88, xscvdpsxws), XX2('xscvdpuxds', 328, xscvdpuxds),
  XX2('xscvdpuxws', 72, xscvdpuxws), XX2('xvcvdpsxds', 472, xvcvdpsxds), XX2('xvcvdpsxws', 216, xvcvdpsxws),
  XX2('xvcvdpuxds', 456, xvcvdpuxds), XX2('xvcvdpuxws', 200, xvcvdpuxws), XX2('xvcvspsxds', 408, xvcvspsxds),
  XX2('xvcvspsxws', 152, xvcvspsxws), XX2('xvcvspuxds', 392, xvcvspuxds), XX2('xvcvspuxws', 136, xvcvspuxws),
  // reciprocal and reciprocal square root estimates (7.6.1)
  XX2('xsredp', 90, xsredp), XX2('xsresp', 26, xsresp), XX2('xvredp', 218, xvredp), XX2('xvresp', 154, xvresp),
  XX2('xsrsqrtedp', 74, xsrsqrtedp), XX2('xsrsqrtesp', 10, xsrsqrtesp), XX2('xvrsqrtedp', 202, xvrsqrtedp),
  XX2('xvrsqrtesp', 138, xvrsqrtesp),
  // software divide and square root tests, exponent compare (7.6.1)
  XX3('xstdivdp', 61, xstdivdp), XX3('xvtdivdp', 125, xvtdivdp), XX3('xvtdivsp', 93, xvtdivsp),
  XX2('xstsqrtdp', 106, xstsqrtdp), XX2('xvtsqrtdp', 234, xvtsqrtdp), XX2('xvtsqrtsp', 170, xvtsqrtsp),
  XX3('xscmpexpdp', 59, xscmpexpdp),
];
