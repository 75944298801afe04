import { F } from '../fields.js';
import * as A from '../asm.js';
import type { Gen } from '../gen.js';
import type { Generated, Rule, RuleEntry } from './rule.js';

/**
 * Rules for the vector (VMX, Book I chapter 6) and VSX (chapter 7) rows: GPR<->VSR
 * moves, loads and stores in every element order, the VSCR moves, and the logical,
 * select, permute, merge and splat operations. Register inputs are the case's
 * edge-biased vector values (values.ts edgeVector: NaN payloads, denormals, singles,
 * byte ramps that make permute controls, splats of every special byte); the permutes
 * also get controls built here. VSRs 32..63 are the VRs.
 */

const rule = (cls: string, gen: (g: Gen) => number): Rule => ({ cls, gen: (g): Generated => ({ word: gen(g) }) });

// ---- moves (7.6.1.x) ----
const mfvsr = rule('vsx-move', (g) => F.RA(g.dst()) | F.XS(g.vsr()));
const mtvsr = rule('vsx-move', (g) => F.XT(g.vsr()) | F.RA(g.src()));
const mtvsrdd = rule('vsx-move', (g) => F.XT(g.vsr()) | F.RA(g.rng.chance(0.2) ? 0 : g.src()) | F.RB(g.src()));

// ---- loads and stores ----
/** X-form XT/XS or VRT/VRS, RA, RB with an access of `size` bytes in scratch. */
function xVec(cls: string, size: number, vr = false): Rule {
  return rule(cls, (g) => {
    const { ra, rb } = g.memX({ size: Math.max(size, 16), align: size, pAligned: 0.5 });
    return (vr ? F.VRT(g.vr()) : F.XT(g.vsr())) | F.RA(ra) | F.RB(rb);
  });
}
/** DQ-form lxv/stxv: XT = TX||T with TX in ISA bit 28, DQ a multiple of 16. */
const dqVec = (cls: string): Rule => rule(cls, (g) => {
  const { ra, d } = g.memD({ size: 16, dMask: 15, pAligned: 0.5 });
  return F.XT_DQ(g.vsr()) | F.RA(ra) | F.DQ(d);
});
/** DS-form lxsd/lxssp/stxsd/stxssp: VRT, DS(RA). */
const dsVec = (cls: string, size: number): Rule => rule(cls, (g) => {
  const { ra, d } = g.memD({ size, dMask: 3 });
  return F.VRT(g.vr()) | F.RA(ra) | F.DS(d);
});
/**
 * lxvl/lxvll/stxvl/stxvll XT,RA,RB: EA = (RA|0), the byte count in RB bits 0:7, set
 * by the setup (0, 1..16, and counts above 16, which mean 16).
 */
const lengthVec = (cls: string): Rule => rule(cls, (g) => {
  const { ra } = g.memD({ size: 16, noDisp: true });
  const rb = g.addrReg([ra]);
  const n = g.rng.pick([0, 1, 16, 17, 255, 8, 15, g.rng.int(17), g.rng.int(17)]);
  g.setup.push(A.li(rb, n), A.sldi(rb, rb, 56));
  if (g.rng.bit()) g.setup.push(A.ori(rb, rb, g.rng.int(0x10000)));
  return F.XT(g.vsr()) | F.RA(ra) | F.RB(rb);
});

// ---- logical, select, permute ----
const xx3 = (cls: string, extra: (g: Gen) => number = () => 0): Rule =>
  rule(cls, (g) => F.XT(g.vsr()) | F.XA(g.vsr()) | F.XB(g.vsr()) | extra(g));
const vx3 = (cls: string): Rule => rule(cls, (g) => F.VRT(g.vr()) | F.VRA(g.vr()) | F.VRB(g.vr()));
const va4 = (cls: string): Rule => rule(cls, (g) => F.VRT(g.vr()) | F.VRA(g.vr()) | F.VRB(g.vr()) | F.VRC(g.vr()));
/** xxperm/xxpermr: XB is the control, often random bytes (every index of XA || XT). */
const xxpermRule: Rule = rule('vsx-permute', (g) => {
  const b = g.vsr();
  if (g.rng.chance(0.4)) {
    let v = 0n;
    for (let i = 0; i < 16; i++) v = (v << 8n) | BigInt(g.rng.int(256));
    g.setVsr(b, v);
  }
  return F.XT(g.vsr()) | F.XA(g.vsr()) | F.XB(b);
});
/** vperm/vpermr: a control register (VRC) that is often a byte ramp or has the index bits set at random. */
const vpermRule = (cls: string): Rule => rule(cls, (g) => {
  const c = g.vr();
  if (g.rng.chance(0.4)) {
    let v = 0n;
    for (let i = 0; i < 16; i++) v = (v << 8n) | BigInt(g.rng.int(256));
    g.setVsr(32 + c, v);
  }
  return F.VRT(g.vr()) | F.VRA(g.vr()) | F.VRB(g.vr()) | F.VRC(c);
});
const vsplt = (field: 'UIM4' | 'UIM3' | 'UIM2', n: number): Rule =>
  rule('vmx-permute', (g) => F.VRT(g.vr()) | F.VRB(g.vr()) | F[field](g.rng.int(n)));
const vspltis = rule('vmx-permute', (g) => F.VRT(g.vr()) | F.SIM(g.rng.pick([-16, -1, 0, 1, 15, g.rng.range(-16, 15)])));

export const vectorRules: Record<string, RuleEntry> = {
  mfvsrd: mfvsr, mfvsrwz: mfvsr, mfvsrld: mfvsr,
  mtvsrd: mtvsr, mtvsrwa: mtvsr, mtvsrwz: mtvsr, mtvsrws: mtvsr, mtvsrdd,

  lvx: xVec('vmx-load', 16, true), lvxl: xVec('vmx-load', 16, true),
  stvx: xVec('vmx-store', 16, true), stvxl: xVec('vmx-store', 16, true),
  lvebx: xVec('vmx-load', 1, true), lvehx: xVec('vmx-load', 2, true), lvewx: xVec('vmx-load', 4, true),
  stvebx: xVec('vmx-store', 1, true), stvehx: xVec('vmx-store', 2, true), stvewx: xVec('vmx-store', 4, true),
  lvsl: xVec('vmx-load', 1, true), lvsr: xVec('vmx-load', 1, true),
  mfvscr: rule('vmx-vscr', (g) => F.VRT(g.vr())),
  mtvscr: rule('vmx-vscr', (g) => F.VRB(g.vr())),

  lxvd2x: xVec('vsx-load', 8), lxvw4x: xVec('vsx-load', 4), lxvh8x: xVec('vsx-load', 2), lxvb16x: xVec('vsx-load', 1),
  lxvx: xVec('vsx-load', 16), lxvdsx: xVec('vsx-load', 8), lxvwsx: xVec('vsx-load', 4),
  stxvd2x: xVec('vsx-store', 8), stxvw4x: xVec('vsx-store', 4), stxvh8x: xVec('vsx-store', 2),
  stxvb16x: xVec('vsx-store', 1), stxvx: xVec('vsx-store', 16),
  lxv: dqVec('vsx-load'), stxv: dqVec('vsx-store'),
  lxvl: lengthVec('vsx-load'), lxvll: lengthVec('vsx-load'), stxvl: lengthVec('vsx-store'), stxvll: lengthVec('vsx-store'),
  lxsdx: xVec('vsx-load', 8), lxsspx: xVec('vsx-load', 4), lxsiwax: xVec('vsx-load', 4), lxsiwzx: xVec('vsx-load', 4),
  lxsibzx: xVec('vsx-load', 1), lxsihzx: xVec('vsx-load', 2),
  stxsdx: xVec('vsx-store', 8), stxsspx: xVec('vsx-store', 4), stxsiwx: xVec('vsx-store', 4),
  stxsibx: xVec('vsx-store', 1), stxsihx: xVec('vsx-store', 2),
  lxsd: dsVec('vsx-load', 8), lxssp: dsVec('vsx-load', 4), stxsd: dsVec('vsx-store', 8), stxssp: dsVec('vsx-store', 4),

  xxland: xx3('vsx-logical'), xxlandc: xx3('vsx-logical'), xxlor: xx3('vsx-logical'), xxlxor: xx3('vsx-logical'),
  xxlnor: xx3('vsx-logical'), xxlorc: xx3('vsx-logical'), xxlnand: xx3('vsx-logical'), xxleqv: xx3('vsx-logical'),
  xxsel: xx3('vsx-logical', (g) => F.XC(g.vsr())),
  xxpermdi: xx3('vsx-permute', (g) => F.DM(g.rng.int(4))),
  xxsldwi: xx3('vsx-permute', (g) => F.SHW(g.rng.int(4))),
  xxmrghw: xx3('vsx-permute'), xxmrglw: xx3('vsx-permute'),
  xxspltw: rule('vsx-permute', (g) => F.XT(g.vsr()) | F.XB(g.vsr()) | F.UIM2(g.rng.int(4))),
  xxperm: xxpermRule, xxpermr: xxpermRule,
  xxextractuw: rule('vsx-permute', (g) => F.XT(g.vsr()) | F.XB(g.vsr()) | F.UIM4(g.rng.int(16))),
  xxinsertw: rule('vsx-permute', (g) => F.XT(g.vsr()) | F.XB(g.vsr()) | F.UIM4(g.rng.int(16))),
  xxspltib: rule('vsx-permute', (g) => F.XT(g.vsr()) | F.IMM8(g.rng.pick([0, 0xff, 0x80, 0x7f, g.rng.int(256)]))),

  vand: vx3('vmx-logical'), vandc: vx3('vmx-logical'), vor: vx3('vmx-logical'), vxor: vx3('vmx-logical'),
  vnor: vx3('vmx-logical'), vorc: vx3('vmx-logical'), vnand: vx3('vmx-logical'), veqv: vx3('vmx-logical'),
  vsel: va4('vmx-logical'),
  vperm: vpermRule('vmx-permute'), vpermr: vpermRule('vmx-permute'),
  vsldoi: rule('vmx-permute', (g) => F.VRT(g.vr()) | F.VRA(g.vr()) | F.VRB(g.vr()) | F.SHB(g.rng.int(16))),
  vspltb: vsplt('UIM4', 16), vsplth: vsplt('UIM3', 8), vspltw: vsplt('UIM2', 4),
  vspltisb: vspltis, vspltish: vspltis, vspltisw: vspltis,
  vmrghb: vx3('vmx-permute'), vmrghh: vx3('vmx-permute'), vmrghw: vx3('vmx-permute'),
  vmrglb: vx3('vmx-permute'), vmrglh: vx3('vmx-permute'), vmrglw: vx3('vmx-permute'),
};
