import { F } from '../fields.js';
import type { Gen } from '../gen.js';
import type { Generated, Rule, RuleEntry } from './rule.js';

/**
 * Rules for the VSX floating-point rows (Book I chapter 7): the compares, the
 * ISA 3.0 maximum/minimum of type C and J, and the sign operations. Inputs are the case's edge-biased VSR values (values.ts: FPRs
 * hold edge doubles, the other doublewords edge doubles, edge singles or bit
 * patterns: NaNs with payloads, SNaNs, denormals, infinities, ±0) and its random
 * FPSCR (rounding mode and sticky bits varied; enables stay off, as for the scalar FP
 * rules: QEMU's linux-user turns an enabled exception into a signal, and these rows'
 * enabled-exception paths are not measured yet, so their rules do not set Rule.fpEnables).
 */

const rule = (cls: string, gen: (g: Gen) => number): Rule => ({ cls, gen: (g): Generated => ({ word: gen(g) }) });

/** BF,XA,XB: a CR field and two VSRs, sometimes the same one. */
const xsCmp = rule('vsx-fp-compare', (g) => {
  const a = g.vsr();
  return F.BF(g.crField()) | F.XA(a) | F.XB(g.rng.chance(0.1) ? a : g.vsr());
});
/** XT,XB */
const xx2 = rule('vsx-fp-move', (g) => F.XT(g.vsr()) | F.XB(g.vsr()));
/** XT,XA,XB */
const xx3 = rule('vsx-fp-move', (g) => F.XT(g.vsr()) | F.XA(g.vsr()) | F.XB(g.vsr()));

/** XT,XA,XB compares and max/min: XA and XB sometimes the same register. */
const xx3Cmp = (cls: string): Rule => rule(cls, (g) => {
  const a = g.vsr();
  return F.XT(g.vsr()) | F.XA(a) | F.XB(g.rng.chance(0.1) ? a : g.vsr());
});
const vCmp = xx3Cmp('vsx-fp-compare');
const minMax = xx3Cmp('vsx-fp-minmax');

const arith3 = rule('vsx-fp-arith', (g) => F.XT(g.vsr()) | F.XA(g.vsr()) | F.XB(g.vsr()));
const arith2 = rule('vsx-fp-arith', (g) => F.XT(g.vsr()) | F.XB(g.vsr()));

const FMA = ['madda', 'maddm', 'msuba', 'msubm', 'nmadda', 'nmaddm', 'nmsuba', 'nmsubm'];
const fmaRules: Record<string, RuleEntry> = Object.fromEntries(
  ['xs', 'xv'].flatMap((p) => ['dp', 'sp'].flatMap((s) => FMA.map((f) => [`${p}${f}${s}`, arith3]))),
);

const CONVERT = [
  'xsrdpi', 'xsrdpiz', 'xsrdpip', 'xsrdpim', 'xsrdpic', 'xvrdpi', 'xvrdpiz', 'xvrdpip', 'xvrdpim',
  'xvrdpic', 'xvrspi', 'xvrspiz', 'xvrspip', 'xvrspim', 'xvrspic', 'xsrsp', 'xscvdpsp', 'xscvspdp',
  'xscvdpspn', 'xscvspdpn', 'xvcvdpsp', 'xvcvspdp', 'xscvsxddp', 'xscvuxddp', 'xscvsxdsp', 'xscvuxdsp', 'xvcvsxddp',
  'xvcvsxdsp', 'xvcvsxwdp', 'xvcvsxwsp', 'xvcvuxddp', 'xvcvuxdsp', 'xvcvuxwdp', 'xvcvuxwsp',
];
const convertRules: Record<string, RuleEntry> = Object.fromEntries(CONVERT.map((m) => [m, rule('vsx-fp-convert', (g) => F.XT(g.vsr()) | F.XB(g.vsr()))]));

export const vsxFpRules: Record<string, RuleEntry> = {
  ...fmaRules, ...convertRules,
  xsadddp: arith3, xssubdp: arith3, xsmuldp: arith3, xsdivdp: arith3, xsaddsp: arith3, xssubsp: arith3, xsmulsp: arith3, xsdivsp: arith3,
  xvadddp: arith3, xvsubdp: arith3, xvmuldp: arith3, xvdivdp: arith3, xvaddsp: arith3, xvsubsp: arith3, xvmulsp: arith3, xvdivsp: arith3,
  xssqrtdp: arith2, xssqrtsp: arith2, xvsqrtdp: arith2, xvsqrtsp: arith2,
  xscmpudp: xsCmp, xscmpodp: xsCmp,
  xscmpeqdp: vCmp, xscmpgtdp: vCmp, xscmpgedp: vCmp,
  xvcmpeqdp: vCmp, xvcmpgtdp: vCmp, xvcmpgedp: vCmp, xvcmpeqsp: vCmp, xvcmpgtsp: vCmp, xvcmpgesp: vCmp,
  'xvcmpeqdp.': vCmp, 'xvcmpgtdp.': vCmp, 'xvcmpgedp.': vCmp, 'xvcmpeqsp.': vCmp, 'xvcmpgtsp.': vCmp, 'xvcmpgesp.': vCmp,
  xsmaxcdp: minMax, xsmincdp: minMax, xsmaxjdp: minMax, xsminjdp: minMax,
  xsmaxdp: minMax, xsmindp: minMax, xvmaxdp: minMax, xvmindp: minMax, xvmaxsp: minMax, xvminsp: minMax,
  xsabsdp: xx2, xsnabsdp: xx2, xsnegdp: xx2, xscpsgndp: xx3,
  xvabsdp: xx2, xvnabsdp: xx2, xvnegdp: xx2, xvcpsgndp: xx3,
  xvabssp: xx2, xvnabssp: xx2, xvnegsp: xx2, xvcpsgnsp: xx3,
};
