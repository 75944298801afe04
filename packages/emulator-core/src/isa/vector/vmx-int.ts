import type { InstructionDef } from '../../decode/instruction.js';
import { VX, VA, VC } from './vmx-rows.js';
import { fieldBits, isaBits } from '../../decode/field-specs.js';
import * as A from './vmx-arith.js';
import * as C from './vmx-compare.js';
import * as S from './vmx-shift.js';
import * as P from './vmx-pack.js';
import * as B from './vmx-bits.js';
import * as X from './vmx-crypto.js';

/*
 * The VMX integer rows of primary opcode 4 (Power ISA 3.0B Book I chapter 6, the
 * opcode map of Appendix D): VX-form with the 11-bit xo of ISA bits 21:31, VA-form
 * with the 6-bit xo of bits 26:31, and VC-form compares with the 10-bit xo of bits
 * 22:31 (one row covers Rc = ISA bit 21). All need MSR[VEC] (QEMU 7.2's
 * translate/vmx-impl.c.inc). `reserved` holds the bits QEMU 7.2 checks (measured by
 * packages/difftest/src/reserved-map.ts).
 */


/*
 * QEMU 7.2 checks the unused VRA field of vupk[hl]s[bh] and vupk[hl]px, and the unused
 * VRB field of vmul10uq and vmul10cuq; it ignores the unused fields of the other
 * one-source forms (vupk[hl]sw, vclz[bhwd], vpopcnt[bhwd], vgbbd, vsbox) and ISA bit 11
 * of vextractu[bhw] and vinsert[bhwd], but not of vextractd.
 */
const NO_VRA = fieldBits('VRA');
const NO_VRB = fieldBits('VRB');

export const vmxIntDefs: InstructionDef[] = [
  // modulo, carry and quadword add/subtract (6.9.1.1-6.9.1.2)
  VX('vaddubm', 0, A.vaddubm), VX('vadduhm', 64, A.vadduhm), VX('vadduwm', 128, A.vadduwm), VX('vaddudm', 192, A.vaddudm),
  VX('vadduqm', 256, A.vadduqm), VX('vaddcuq', 320, A.vaddcuq), VX('vaddcuw', 384, A.vaddcuw),
  VX('vsububm', 1024, A.vsububm), VX('vsubuhm', 1088, A.vsubuhm), VX('vsubuwm', 1152, A.vsubuwm), VX('vsubudm', 1216, A.vsubudm),
  VX('vsubuqm', 1280, A.vsubuqm), VX('vsubcuq', 1344, A.vsubcuq), VX('vsubcuw', 1408, A.vsubcuw),
  VA('vaddeuqm', 60, A.vaddeuqm), VA('vaddecuq', 61, A.vaddecuq), VA('vsubeuqm', 62, A.vsubeuqm), VA('vsubecuq', 63, A.vsubecuq),
  // saturating add/subtract
  VX('vaddubs', 512, A.vaddubs), VX('vadduhs', 576, A.vadduhs), VX('vadduws', 640, A.vadduws),
  VX('vaddsbs', 768, A.vaddsbs), VX('vaddshs', 832, A.vaddshs), VX('vaddsws', 896, A.vaddsws),
  VX('vsububs', 1536, A.vsububs), VX('vsubuhs', 1600, A.vsubuhs), VX('vsubuws', 1664, A.vsubuws),
  VX('vsubsbs', 1792, A.vsubsbs), VX('vsubshs', 1856, A.vsubshs), VX('vsubsws', 1920, A.vsubsws),
  // maximum, minimum, average, absolute difference
  VX('vmaxub', 2, A.vmaxub), VX('vmaxuh', 66, A.vmaxuh), VX('vmaxuw', 130, A.vmaxuw), VX('vmaxud', 194, A.vmaxud),
  VX('vmaxsb', 258, A.vmaxsb), VX('vmaxsh', 322, A.vmaxsh), VX('vmaxsw', 386, A.vmaxsw), VX('vmaxsd', 450, A.vmaxsd),
  VX('vminub', 514, A.vminub), VX('vminuh', 578, A.vminuh), VX('vminuw', 642, A.vminuw), VX('vminud', 706, A.vminud),
  VX('vminsb', 770, A.vminsb), VX('vminsh', 834, A.vminsh), VX('vminsw', 898, A.vminsw), VX('vminsd', 962, A.vminsd),
  VX('vavgub', 1026, A.vavgub), VX('vavguh', 1090, A.vavguh), VX('vavguw', 1154, A.vavguw),
  VX('vavgsb', 1282, A.vavgsb), VX('vavgsh', 1346, A.vavgsh), VX('vavgsw', 1410, A.vavgsw),
  VX('vabsdub', 1027, A.vabsdub), VX('vabsduh', 1091, A.vabsduh), VX('vabsduw', 1155, A.vabsduw),
  // multiply (6.9.1.3)
  VX('vmuleub', 520, A.vmuleub), VX('vmuleuh', 584, A.vmuleuh), VX('vmuleuw', 648, A.vmuleuw),
  VX('vmulesb', 776, A.vmulesb), VX('vmulesh', 840, A.vmulesh), VX('vmulesw', 904, A.vmulesw),
  VX('vmuloub', 8, A.vmuloub), VX('vmulouh', 72, A.vmulouh), VX('vmulouw', 136, A.vmulouw),
  VX('vmulosb', 264, A.vmulosb), VX('vmulosh', 328, A.vmulosh), VX('vmulosw', 392, A.vmulosw),
  VX('vmuluwm', 137, A.vmuluwm),
  // multiply-add, multiply-sum and sum across (6.9.1.4-6.9.1.5)
  VA('vmsumubm', 36, A.vmsumubm), VA('vmsummbm', 37, A.vmsummbm), VA('vmsumuhm', 38, A.vmsumuhm),
  VA('vmsumuhs', 39, A.vmsumuhs), VA('vmsumshm', 40, A.vmsumshm), VA('vmsumshs', 41, A.vmsumshs),
  VA('vmhaddshs', 32, A.vmhaddshs), VA('vmhraddshs', 33, A.vmhraddshs), VA('vmladduhm', 34, A.vmladduhm),
  VX('vsumsws', 1928, A.vsumsws), VX('vsum2sws', 1672, A.vsum2sws),
  VX('vsum4ubs', 1544, A.vsum4ubs), VX('vsum4sbs', 1800, A.vsum4sbs), VX('vsum4shs', 1608, A.vsum4shs),
  // multiply by 10 (ISA 3.0; the decimal-integer helpers of 6.12)
  VX('vmul10uq', 513, A.vmul10uq, NO_VRB), VX('vmul10cuq', 1, A.vmul10cuq, NO_VRB),
  VX('vmul10euq', 577, A.vmul10euq), VX('vmul10ecuq', 65, A.vmul10ecuq),

  // compares (6.9.3), VC-form
  VC('vcmpequb', 6, C.vcmpequb), VC('vcmpequh', 70, C.vcmpequh), VC('vcmpequw', 134, C.vcmpequw), VC('vcmpequd', 199, C.vcmpequd),
  VC('vcmpneb', 7, C.vcmpneb), VC('vcmpneh', 71, C.vcmpneh), VC('vcmpnew', 135, C.vcmpnew),
  VC('vcmpnezb', 263, C.vcmpnezb), VC('vcmpnezh', 327, C.vcmpnezh), VC('vcmpnezw', 391, C.vcmpnezw),
  VC('vcmpgtub', 518, C.vcmpgtub), VC('vcmpgtuh', 582, C.vcmpgtuh), VC('vcmpgtuw', 646, C.vcmpgtuw), VC('vcmpgtud', 711, C.vcmpgtud),
  VC('vcmpgtsb', 774, C.vcmpgtsb), VC('vcmpgtsh', 838, C.vcmpgtsh), VC('vcmpgtsw', 902, C.vcmpgtsw), VC('vcmpgtsd', 967, C.vcmpgtsd),

  // shifts and rotates (6.9.5, 6.8.3)
  VX('vslb', 260, S.vslb), VX('vslh', 324, S.vslh), VX('vslw', 388, S.vslw), VX('vsld', 1476, S.vsld),
  VX('vsrb', 516, S.vsrb), VX('vsrh', 580, S.vsrh), VX('vsrw', 644, S.vsrw), VX('vsrd', 1732, S.vsrd),
  VX('vsrab', 772, S.vsrab), VX('vsrah', 836, S.vsrah), VX('vsraw', 900, S.vsraw), VX('vsrad', 964, S.vsrad),
  VX('vrlb', 4, S.vrlb), VX('vrlh', 68, S.vrlh), VX('vrlw', 132, S.vrlw), VX('vrld', 196, S.vrld),
  // QEMU 7.2's trans_VRLWMI...: REQUIRE_VSX, so MSR[VSX] gates them
  { ...VX('vrlwmi', 133, S.vrlwmi), facility: 'vsx' }, { ...VX('vrlwnm', 389, S.vrlwnm), facility: 'vsx' },
  { ...VX('vrldmi', 197, S.vrldmi), facility: 'vsx' }, { ...VX('vrldnm', 453, S.vrldnm), facility: 'vsx' },
  VX('vsl', 452, S.vsl), VX('vsr', 708, S.vsr), VX('vslo', 1036, S.vslo), VX('vsro', 1100, S.vsro),
  VX('vslv', 1860, S.vslv), VX('vsrv', 1796, S.vsrv),

  // pack and unpack (6.8.1-6.8.2), the word merges of ISA 2.07
  VX('vpkuhum', 14, P.vpkuhum), VX('vpkuwum', 78, P.vpkuwum), VX('vpkudum', 1102, P.vpkudum),
  VX('vpkuhus', 142, P.vpkuhus), VX('vpkuwus', 206, P.vpkuwus), VX('vpkudus', 1230, P.vpkudus),
  VX('vpkshus', 270, P.vpkshus), VX('vpkswus', 334, P.vpkswus), VX('vpksdus', 1358, P.vpksdus),
  VX('vpkshss', 398, P.vpkshss), VX('vpkswss', 462, P.vpkswss), VX('vpksdss', 1486, P.vpksdss),
  VX('vpkpx', 782, P.vpkpx),
  VX('vmrgew', 1932, P.vmrgew), VX('vmrgow', 1676, P.vmrgow),
  VX('vupkhsb', 526, P.vupkhsb, NO_VRA), VX('vupklsb', 654, P.vupklsb, NO_VRA),
  VX('vupkhsh', 590, P.vupkhsh, NO_VRA), VX('vupklsh', 718, P.vupklsh, NO_VRA),
  VX('vupkhsw', 1614, P.vupkhsw), VX('vupklsw', 1742, P.vupklsw),
  VX('vupkhpx', 846, P.vupkhpx, NO_VRA), VX('vupklpx', 974, P.vupklpx, NO_VRA),
  // ISA 3.0 extract and insert (6.8.5-6.8.6)
  VX('vextractub', 525, P.vextractub), VX('vextractuh', 589, P.vextractuh),
  VX('vextractuw', 653, P.vextractuw), VX('vextractd', 717, P.vextractd, isaBits('11')),
  VX('vinsertb', 781, P.vinsertb), VX('vinserth', 845, P.vinserth),
  VX('vinsertw', 909, P.vinsertw), VX('vinsertd', 973, P.vinsertd),
  VX('vextublx', 1549, P.vextublx), VX('vextuhlx', 1613, P.vextuhlx), VX('vextuwlx', 1677, P.vextuwlx),
  VX('vextubrx', 1805, P.vextubrx), VX('vextuhrx', 1869, P.vextuhrx), VX('vextuwrx', 1933, P.vextuwrx),

  // bit operations (6.9.6, 6.10)
  VX('vclzb', 1794, B.vclzb), VX('vclzh', 1858, B.vclzh), VX('vclzw', 1922, B.vclzw), VX('vclzd', 1986, B.vclzd),
  VX('vpopcntb', 1795, B.vpopcntb), VX('vpopcnth', 1859, B.vpopcnth),
  VX('vpopcntw', 1923, B.vpopcntw), VX('vpopcntd', 1987, B.vpopcntd),
  VX('vgbbd', 1292, B.vgbbd), VX('vbpermq', 1356, B.vbpermq), VX('vbpermd', 1484, B.vbpermd),
  VX('vpmsumb', 1032, B.vpmsumb), VX('vpmsumh', 1096, B.vpmsumh), VX('vpmsumw', 1160, B.vpmsumw), VX('vpmsumd', 1224, B.vpmsumd),
  // the row whose VRA field selects vclzlsbb, vctzlsbb, vneg[wd], vprtyb[wdq], vexts*, vctz[bhwd] (vx1538Forms)
  VX('vclzlsbb', 1538, B.vx1538),

  // crypto (6.11) and vpermxor
  VX('vcipher', 1288, X.vcipher), VX('vcipherlast', 1289, X.vcipherlast),
  VX('vncipher', 1352, X.vncipher), VX('vncipherlast', 1353, X.vncipherlast),
  VX('vsbox', 1480, X.vsbox),
  VX('vshasigmaw', 1666, X.vshasigmaw), VX('vshasigmad', 1730, X.vshasigmad),
  VA('vpermxor', 45, X.vpermxor),
];
