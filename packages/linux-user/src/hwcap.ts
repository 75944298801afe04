import { decoder } from '@hvstep/emulator-core';

/**
 * AT_HWCAP / AT_HWCAP2 for the emulated CPU (bits from the uapi asm/cputable.h).
 * They must be honest: userspace (glibc's ifunc resolvers, GCC's __builtin_cpu_supports)
 * picks code paths from them, so a bit is set only when the core decodes every
 * instruction of a representative probe set for that feature. The probes are
 * instruction images (as encoded by binutils) looked up in the core's decode table,
 * so the capabilities follow the core as its instruction set grows.
 */
export const PPC_FEATURE_32 = 0x80000000;
export const PPC_FEATURE_64 = 0x40000000;
export const PPC_FEATURE_HAS_ALTIVEC = 0x10000000;
export const PPC_FEATURE_HAS_FPU = 0x08000000;
export const PPC_FEATURE_HAS_MMU = 0x04000000;
export const PPC_FEATURE_ICACHE_SNOOP = 0x00002000;
export const PPC_FEATURE_ARCH_2_05 = 0x00001000;
export const PPC_FEATURE_POWER6_EXT = 0x00000200;
export const PPC_FEATURE_ARCH_2_06 = 0x00000100;
export const PPC_FEATURE_HAS_VSX = 0x00000080;
export const PPC_FEATURE_POWER5_PLUS = 0x00020000;
export const PPC_FEATURE_TRUE_LE = 0x00000002;

export const PPC_FEATURE2_ARCH_2_07 = 0x80000000;
export const PPC_FEATURE2_ISEL = 0x08000000;
export const PPC_FEATURE2_TAR = 0x04000000;
export const PPC_FEATURE2_ARCH_3_00 = 0x00800000;
export const PPC_FEATURE2_DARN = 0x00200000;
export const PPC_FEATURE2_VEC_CRYPTO = 0x02000000;
export const PPC_FEATURE2_HAS_IEEE128 = 0x00400000;
/**
 * System Call Vectored: claimed when the core decodes scv, as Linux claims it on
 * POWER9; glibc then makes its system calls with `scv 0` (the runner answers them
 * with the scv convention, syscalls/dispatch.ts). qemu-ppc64le 7.2 does not claim it
 * (its hwcap2 is 0x8ee00000, and it raises SIGILL for scv).
 */
export const PPC_FEATURE2_SCV = 0x00100000;

/** Probe sets: every word must decode for the feature to be claimed. */
export const HWCAP_PROBES = {
  fpu: { fadd: 0xfc22182a, fmul: 0xfc2200f2, fdiv: 0xfc221824, fmadd: 0xfc2220fa, fcmpu: 0xfc011000, lfd: 0xc8230008, stfd: 0xd8230008 },
  /** POWER5+: popcntb (and the FP rounding instructions, covered by the FP probe). */
  power5plus: { popcntb: 0x7c8300f4 },
  /** ISA 2.05 (POWER6) fixed-point and FP additions. */
  arch205: { cmpb: 0x7c832bf8, prtyd: 0x7c830174, fcpsgn: 0xfc221810, lfiwax: 0x7c2326ae },
  /** ISA 2.06 (POWER7) non-vector additions. */
  arch206: {
    popcntw: 0x7c8302f4, popcntd: 0x7c8303f4, ldbrx: 0x7c642c28, stdbrx: 0x7c642d28, divde: 0x7c642b52,
    divdeu: 0x7c642b12, bpermd: 0x7c8329f8, lfiwzx: 0x7c2326ee, fcfidu: 0xfc20179c, fctiduz: 0xfc20175e,
  },
  isel: { isel: 0x7c64289e },
  tar: { bctar: 0x4e800460 },
  /** ISA 2.07 (POWER8) non-vector additions. */
  arch207: { lqarx: 0x7c832a28, stqcx: 0x7c83296d, lbarx: 0x7c642868, stbcx: 0x7c642d6d, bctar: 0x4e800460 },
  /** ISA 3.0 (POWER9) fixed-point additions. */
  arch300: {
    darn: 0x7c6105e6, modsd: 0x7c642e12, modud: 0x7c642a12, modsw: 0x7c642e16, moduw: 0x7c642a16,
    cnttzd: 0x7c830474, cnttzw: 0x7c830434, extswsli: 0x7c8346f6, setb: 0x7c640100, cmpeqb: 0x7c0321c0,
    cmprb: 0x7c232180, addpcis: 0x4c620005, maddld: 0x106429b3, maddhd: 0x106429b0, maddhdu: 0x106429b1,
  },
  darn: { darn: 0x7c6105e6 },
  scv: { scv: 0x44000001, rfscv: 0x4c0000a4 },
  /** Altivec (VMX): integer, permute, loads/stores, VSCR and floating point. */
  altivec: {
    vaddubm: 0x10432000, vperm: 0x1043216b, lvx: 0x7c4320ce, stvx: 0x7c4321ce, mfvscr: 0x10400604, mtvscr: 0x10001e44,
    vaddfp: 0x1043200a, vmaddfp: 0x1043292e, 'vcmpgtfp.': 0x104326c6, vctsxs: 0x10441bca,
  },
  /** VSX (ISA 2.06): loads/stores, logical, permutes, scalar and vector floating point. */
  vsx: {
    lxvd2x: 0x7c432698, stxvd2x: 0x7c432798, xxlor: 0xf0432490, xxpermdi: 0xf0432150, xsadddp: 0xf0432100,
    xvmuldp: 0xf0432380, xscmpudp: 0xf0021918, xscvdpsxds: 0xf0401d60, xvcvspdp: 0xf0401f24, xsmaddadp: 0xf0432108,
  },
  /** The vector side of ISA 2.07 (POWER8), which a claimed ARCH_2_07 with Altivec promises. */
  arch207Vector: {
    vaddudm: 0x104320c0, vmrgew: 0x1043278c, vbpermq: 0x1043254c, mtvsrd: 0x7c430166, mfvsrd: 0x7c430066,
    xsaddsp: 0xf0432000, xscvdpspn: 0xf0401c2c, lxsiwzx: 0x7c432018,
  },
  /** POWER8's vector crypto: AES, SHA-2 sigma, polynomial multiply-sum. */
  vecCrypto: { vcipher: 0x10432508, vshasigmaw: 0x10438682, vpmsumd: 0x104324c8 },
  /** The vector side of ISA 3.0 (POWER9). */
  arch300Vector: {
    lxv: 0xf4430011, stxv: 0xf4430015, lxvx: 0x7c432218, lxvl: 0x7c43221a, mtvsrdd: 0x7c432366,
    xxperm: 0xf04320d0, xxbrd: 0xf0571f6c, 'vcmpneb.': 0x10432407, vextublx: 0x10642e0d, vpermr: 0x1043217b,
    xscmpexpdp: 0xf00219d8, xsmaxcdp: 0xf0432400,
  },
  /** ISA 3.0 binary128 (quad precision) arithmetic. */
  ieee128: { xsaddqp: 0xfc432008 },
} as const;

export type ProbeSet = keyof typeof HWCAP_PROBES;

/** The instructions of a probe set that the core does not decode (empty: feature present). */
export function missingInstructions(set: ProbeSet): string[] {
  return Object.entries(HWCAP_PROBES[set]).filter(([, w]) => decoder.lookup(w | 0) === undefined).map(([m]) => m);
}

const has = (set: ProbeSet): boolean => missingInstructions(set).length === 0;

export interface Hwcaps { hwcap: number; hwcap2: number }

/**
 * The capabilities of the emulated CPU. Always: 32- and 64-bit modes, an MMU, true
 * little-endian mode, and a coherent instruction cache (the pre-decode cache checks
 * the instruction word on every fetch). Altivec and VSX are claimed together, and only
 * when the vector instructions of every architecture level claimed decode too: glibc
 * pairs ARCH_2_07/ARCH_3_00 with HAS_ALTIVEC to pick its POWER8/POWER9 vector code.
 */
export function computeHwcaps(): Hwcaps {
  let hwcap = PPC_FEATURE_32 | PPC_FEATURE_64 | PPC_FEATURE_HAS_MMU | PPC_FEATURE_TRUE_LE | PPC_FEATURE_ICACHE_SNOOP;
  const fpu = has('fpu');
  if (fpu) hwcap |= PPC_FEATURE_HAS_FPU;
  const p5 = fpu && has('power5plus');
  if (p5) hwcap |= PPC_FEATURE_POWER5_PLUS;
  const a205 = p5 && has('arch205');
  if (a205) hwcap |= PPC_FEATURE_ARCH_2_05;
  const a206 = a205 && has('arch206');
  if (a206) hwcap |= PPC_FEATURE_ARCH_2_06;
  let hwcap2 = 0;
  if (has('isel')) hwcap2 |= PPC_FEATURE2_ISEL;
  if (has('tar')) hwcap2 |= PPC_FEATURE2_TAR;
  const a207 = a206 && has('arch207');
  if (a207) hwcap2 |= PPC_FEATURE2_ARCH_2_07;
  const a300 = a207 && has('arch300');
  if (a300) hwcap2 |= PPC_FEATURE2_ARCH_3_00;
  if (has('darn')) hwcap2 |= PPC_FEATURE2_DARN;
  if (a300 && has('scv')) hwcap2 |= PPC_FEATURE2_SCV;
  const vector = a206 && has('altivec') && has('vsx') && (!a207 || has('arch207Vector')) && (!a300 || has('arch300Vector'));
  if (vector) {
    hwcap |= PPC_FEATURE_HAS_ALTIVEC | PPC_FEATURE_HAS_VSX;
    if (a207 && has('vecCrypto')) hwcap2 |= PPC_FEATURE2_VEC_CRYPTO;
    if (a300 && has('ieee128')) hwcap2 |= PPC_FEATURE2_HAS_IEEE128;
  }
  return { hwcap: hwcap >>> 0, hwcap2: hwcap2 >>> 0 };
}
