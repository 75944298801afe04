/**
 * KVM "one-reg" register ids for powerpc, as hvstep's hypervisor exposes them
 * through KVM_GET_ONE_REG / KVM_SET_ONE_REG (`struct kvm_one_reg { __u64 id; __u64 addr; }`).
 *
 * Encoding of an id (include/uapi/linux/kvm.h, "Available with KVM_CAP_ONE_REG"):
 *
 *   bits 63..56  architecture   KVM_REG_PPC = 0x10 << 56
 *   bits 55..52  size           log2(size in bytes): U8=0, U16=1, U32=2, U64=3, U128=4, ...
 *   bits 51..0   register index (arch-defined; for PPC the low bits below)
 *
 * so an id is `KVM_REG_PPC | KVM_REG_SIZE_Uxx | index`, exactly as the macros in
 * arch/powerpc/include/uapi/asm/kvm.h spell them, e.g.
 *   #define KVM_REG_PPC_DEBUG_INST (KVM_REG_PPC | KVM_REG_SIZE_U32 | 0x8b)   = 0x102000000000008b
 *   #define KVM_REG_PPC_DAR        (KVM_REG_PPC | KVM_REG_SIZE_U64 | 0xc)    = 0x103000000000000c
 *
 * Ids are 64-bit and kept as bigint throughout (a JS number cannot hold them).
 * The indices below were checked one by one against the Linux uapi header (the
 * POWER8/POWER9 block 0x9d..0xbf and PTCR 0xc0; POWER10 later added 0xc1..0xc8,
 * which hvstep does not model). The SPR numbers are emulator-core's (cpu/spr-numbers.ts,
 * the one table of them), so the one-reg view and the register file cannot disagree.
 */

import {
  SPR_AMR, SPR_BESCR, SPR_CIABR, SPR_DAR, SPR_DAWR0, SPR_DAWRX0, SPR_DPDES, SPR_DSCR, SPR_DSISR, SPR_EBBHR,
  SPR_EBBRR, SPR_FSCR, SPR_IAMR, SPR_IC, SPR_LPCR, SPR_MMCR0, SPR_MMCR1, SPR_MMCR2, SPR_MMCRA, SPR_PID, SPR_PMC1,
  SPR_PMC2, SPR_PMC3, SPR_PMC4, SPR_PMC5, SPR_PMC6, SPR_PPR, SPR_PSPB, SPR_PSSCR, SPR_PTCR, SPR_PURR, SPR_SDAR,
  SPR_SIAR, SPR_SIER, SPR_SPURR, SPR_TAR, SPR_TEXASR, SPR_TFHAR, SPR_TFIAR, SPR_TIDR, SPR_UAMOR, SPR_VRSAVE,
  SPR_VTB,
} from '@hvstep/emulator-core';

/** Architecture field mask and the PPC architecture value (include/uapi/linux/kvm.h). */
export const KVM_REG_ARCH_MASK = 0xff00000000000000n;
export const KVM_REG_PPC = 0x1000000000000000n;

/** Size field: (log2 of the size in bytes) << KVM_REG_SIZE_SHIFT. */
export const KVM_REG_SIZE_SHIFT = 52n;
export const KVM_REG_SIZE_MASK = 0x00f0000000000000n;
export const KVM_REG_SIZE_U8 = 0x0000000000000000n;
export const KVM_REG_SIZE_U16 = 0x0010000000000000n;
export const KVM_REG_SIZE_U32 = 0x0020000000000000n;
export const KVM_REG_SIZE_U64 = 0x0030000000000000n;
export const KVM_REG_SIZE_U128 = 0x0040000000000000n;

/** The largest value a u64 can take; ids and addresses must lie in [0, U64_MAX]. */
const U64_MAX = 0xffffffffffffffffn;

/** Builds `KVM_REG_PPC | size | index` (size one of KVM_REG_SIZE_*, index below 2^52). */
export function ppcReg(size: bigint, index: number): bigint {
  if (!Number.isSafeInteger(index) || index < 0 || index >= 2 ** 52) {
    throw new RangeError(`one-reg index ${index} does not fit the 52-bit index field`);
  }
  if ((size & ~KVM_REG_SIZE_MASK) !== 0n) throw new RangeError(`not a KVM_REG_SIZE_* value: 0x${size.toString(16)}`);
  return KVM_REG_PPC | size | BigInt(index);
}

/** Size in bytes of the register an id names: 1 << ((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT). */
export function oneRegSize(id: bigint): number {
  if (typeof id !== 'bigint' || id < 0n || id > U64_MAX) throw new RangeError(`one-reg id ${String(id)} is not a u64`);
  return 1 << Number((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
}

/** True when an id carries the PPC architecture value in bits 63..56. */
export function isPpcReg(id: bigint): boolean {
  return (id & KVM_REG_ARCH_MASK) === KVM_REG_PPC;
}

/** Canonical key of an id in ONE_REG_SPRS: "0x" and 16 lower-case hex digits. */
export function oneRegKey(id: bigint): string {
  return `0x${id.toString(16).padStart(16, '0')}`;
}

// ---------------------------------------------------------------------------
// Ids (arch/powerpc/include/uapi/asm/kvm.h, "One-Reg API: PPC-specific registers")
// Only the ones with a POWER9 SPR behind them, plus the non-SPR state a
// debugger or the VM's userspace needs (DEBUG_INST, TB_OFFSET, ARCH_COMPAT,
// DEC_EXPIRY, ONLINE). There is no one-reg for SRR0, SRR1 or SPRG0-7: they
// travel in struct kvm_regs (KVM_GET_REGS / KVM_SET_REGS), as do PC, MSR, CR,
// CTR, LR, XER and the GPRs.
// ---------------------------------------------------------------------------

export const KVM_REG_PPC_DSCR = ppcReg(KVM_REG_SIZE_U64, 0x9);
export const KVM_REG_PPC_PURR = ppcReg(KVM_REG_SIZE_U64, 0xa);
export const KVM_REG_PPC_SPURR = ppcReg(KVM_REG_SIZE_U64, 0xb);
export const KVM_REG_PPC_DAR = ppcReg(KVM_REG_SIZE_U64, 0xc);
export const KVM_REG_PPC_DSISR = ppcReg(KVM_REG_SIZE_U32, 0xd);
export const KVM_REG_PPC_AMR = ppcReg(KVM_REG_SIZE_U64, 0xe);
export const KVM_REG_PPC_UAMOR = ppcReg(KVM_REG_SIZE_U64, 0xf);

export const KVM_REG_PPC_MMCR0 = ppcReg(KVM_REG_SIZE_U64, 0x10);
export const KVM_REG_PPC_MMCR1 = ppcReg(KVM_REG_SIZE_U64, 0x11);
export const KVM_REG_PPC_MMCRA = ppcReg(KVM_REG_SIZE_U64, 0x12);
export const KVM_REG_PPC_MMCR2 = ppcReg(KVM_REG_SIZE_U64, 0x13);
export const KVM_REG_PPC_SIAR = ppcReg(KVM_REG_SIZE_U64, 0x15);
export const KVM_REG_PPC_SDAR = ppcReg(KVM_REG_SIZE_U64, 0x16);
export const KVM_REG_PPC_SIER = ppcReg(KVM_REG_SIZE_U64, 0x17);

export const KVM_REG_PPC_PMC1 = ppcReg(KVM_REG_SIZE_U32, 0x18);
export const KVM_REG_PPC_PMC2 = ppcReg(KVM_REG_SIZE_U32, 0x19);
export const KVM_REG_PPC_PMC3 = ppcReg(KVM_REG_SIZE_U32, 0x1a);
export const KVM_REG_PPC_PMC4 = ppcReg(KVM_REG_SIZE_U32, 0x1b);
export const KVM_REG_PPC_PMC5 = ppcReg(KVM_REG_SIZE_U32, 0x1c);
export const KVM_REG_PPC_PMC6 = ppcReg(KVM_REG_SIZE_U32, 0x1d);

/** Debugging: the instruction userspace plants for a software breakpoint (reads 0x00dddd00). */
export const KVM_REG_PPC_DEBUG_INST = ppcReg(KVM_REG_SIZE_U32, 0x8b);

/** Timebase offset of the guest against the host (not an SPR: HV applies it through TBU40). */
export const KVM_REG_PPC_TB_OFFSET = ppcReg(KVM_REG_SIZE_U64, 0x9c);

// POWER8 registers (the header's heading), all present on POWER9 too
export const KVM_REG_PPC_IAMR = ppcReg(KVM_REG_SIZE_U64, 0x9f);
export const KVM_REG_PPC_TFHAR = ppcReg(KVM_REG_SIZE_U64, 0xa0);
export const KVM_REG_PPC_TFIAR = ppcReg(KVM_REG_SIZE_U64, 0xa1);
export const KVM_REG_PPC_TEXASR = ppcReg(KVM_REG_SIZE_U64, 0xa2);
export const KVM_REG_PPC_FSCR = ppcReg(KVM_REG_SIZE_U64, 0xa3);
export const KVM_REG_PPC_PSPB = ppcReg(KVM_REG_SIZE_U32, 0xa4);
export const KVM_REG_PPC_EBBHR = ppcReg(KVM_REG_SIZE_U64, 0xa5);
export const KVM_REG_PPC_EBBRR = ppcReg(KVM_REG_SIZE_U64, 0xa6);
export const KVM_REG_PPC_BESCR = ppcReg(KVM_REG_SIZE_U64, 0xa7);
export const KVM_REG_PPC_TAR = ppcReg(KVM_REG_SIZE_U64, 0xa8);
export const KVM_REG_PPC_DPDES = ppcReg(KVM_REG_SIZE_U64, 0xa9);
/** DAWR0 (the uapi name predates POWER10's DAWR1, KVM_REG_PPC_DAWR1 = index 0xc4). */
export const KVM_REG_PPC_DAWR = ppcReg(KVM_REG_SIZE_U64, 0xaa);
/** DAWRX0. */
export const KVM_REG_PPC_DAWRX = ppcReg(KVM_REG_SIZE_U64, 0xab);
export const KVM_REG_PPC_CIABR = ppcReg(KVM_REG_SIZE_U64, 0xac);
export const KVM_REG_PPC_IC = ppcReg(KVM_REG_SIZE_U64, 0xad);
export const KVM_REG_PPC_VTB = ppcReg(KVM_REG_SIZE_U64, 0xae);
export const KVM_REG_PPC_PID = ppcReg(KVM_REG_SIZE_U64, 0xb2);

export const KVM_REG_PPC_VRSAVE = ppcReg(KVM_REG_SIZE_U32, 0xb4);
/** LPCR, low 32 bits only (the original id); KVM_REG_PPC_LPCR_64 is the same index as a u64. */
export const KVM_REG_PPC_LPCR = ppcReg(KVM_REG_SIZE_U32, 0xb5);
export const KVM_REG_PPC_LPCR_64 = ppcReg(KVM_REG_SIZE_U64, 0xb5);
export const KVM_REG_PPC_PPR = ppcReg(KVM_REG_SIZE_U64, 0xb6);

/** Architecture compatibility level (the logical PVR, e.g. 0x0f000005 for ISA 3.0). */
export const KVM_REG_PPC_ARCH_COMPAT = ppcReg(KVM_REG_SIZE_U32, 0xb7);

// POWER9 registers
export const KVM_REG_PPC_TIDR = ppcReg(KVM_REG_SIZE_U64, 0xbc);
export const KVM_REG_PPC_PSSCR = ppcReg(KVM_REG_SIZE_U64, 0xbd);

/** Timebase value at which the guest's decrementer expires (not an SPR). */
export const KVM_REG_PPC_DEC_EXPIRY = ppcReg(KVM_REG_SIZE_U64, 0xbe);
/** Whether the vCPU counts as online (PURR/SPURR accounting; not an SPR). */
export const KVM_REG_PPC_ONLINE = ppcReg(KVM_REG_SIZE_U32, 0xbf);
/** Partition table control register (VM-level; used by nested HV). */
export const KVM_REG_PPC_PTCR = ppcReg(KVM_REG_SIZE_U64, 0xc0);

// ---------------------------------------------------------------------------
// Table: id -> the SPR it reads, or the non-SPR state it stands for.
// ---------------------------------------------------------------------------

/** One-regs that are not an SPR of the guest. */
export type OneRegSpecial = 'DEBUG_INST' | 'TB_OFFSET' | 'ARCH_COMPAT' | 'DEC_EXPIRY' | 'ONLINE';

export interface OneRegInfo {
  /** The Linux macro name without the KVM_REG_PPC_ prefix (e.g. 'DAR'). */
  readonly name: string;
  readonly id: bigint;
  /** Byte size encoded in the id (4, 8 or 16). */
  readonly size: number;
  /** The SPR number (Power ISA 3.0B) whose value the one-reg reads and writes. */
  readonly spr?: number;
  /** Set instead of `spr` for state that is not an SPR. */
  readonly special?: OneRegSpecial;
  /** What to know when mapping it. */
  readonly note?: string;
}

type Row = [name: string, id: bigint, target: number | OneRegSpecial, note?: string];

/*
 * Deliberately absent (kept out so that a lookup miss means "not supported"):
 * - HIOR 0x1 (PPC970 only), IAC1-4 0x2-0x5, DAC1-2 0x6-0x7, DBSR 0xbb, SPRG9 0xba,
 *   EPCR 0x85, EPR 0x86, OR_TSR/CLEAR_TSR/TCR/TSR 0x87-0x8a, MAS0-7, TLBnCFG, TLBnPS, EPTCFG 0x8c-0x9b (BookE);
 * - DABR 0x8, DABRX 0xb8: POWER8 and later have DAWR instead (ISA 3.0 has no DABR);
 * - MMCRS 0x14, SPMC1-2 0x9d-0x9e, CSIGR/TACR/TCSCR 0xaf-0xb1, WORT 0xb9, ACOP 0xb3:
 *   POWER8 implementation registers hvstep does not model;
 * - PMC7-8 0x1e-0x1f (PPC970 only);
 * - MMCR3 0xc1, SIER2 0xc2, SIER3 0xc3, DAWR1 0xc4, DAWRX1 0xc5, DEXCR 0xc6, HASHKEYR 0xc7,
 *   HASHPKEYR 0xc8 (POWER10);
 * - FPR/VR/VSR/FPSCR/VSCR 0x20-0x81, VPA_* 0x82-0x84 and the TM checkpointed set
 *   (KVM_REG_PPC | 0x80000000 | ...): not SPRs.
 */
const ROWS: readonly Row[] = [
  ['DSCR', KVM_REG_PPC_DSCR, SPR_DSCR, 'problem-state alias SPR 3'],
  ['PURR', KVM_REG_PPC_PURR, SPR_PURR],
  ['SPURR', KVM_REG_PPC_SPURR, SPR_SPURR],
  ['DAR', KVM_REG_PPC_DAR, SPR_DAR],
  ['DSISR', KVM_REG_PPC_DSISR, SPR_DSISR],
  ['AMR', KVM_REG_PPC_AMR, SPR_AMR, 'privileged alias SPR 29 (Linux SPRN_AMR = 0x1d) names the same register'],
  ['UAMOR', KVM_REG_PPC_UAMOR, SPR_UAMOR],
  ['MMCR0', KVM_REG_PPC_MMCR0, SPR_MMCR0],
  ['MMCR1', KVM_REG_PPC_MMCR1, SPR_MMCR1],
  ['MMCRA', KVM_REG_PPC_MMCRA, SPR_MMCRA],
  ['MMCR2', KVM_REG_PPC_MMCR2, SPR_MMCR2],
  ['SIAR', KVM_REG_PPC_SIAR, SPR_SIAR],
  ['SDAR', KVM_REG_PPC_SDAR, SPR_SDAR],
  ['SIER', KVM_REG_PPC_SIER, SPR_SIER],
  ['PMC1', KVM_REG_PPC_PMC1, SPR_PMC1],
  ['PMC2', KVM_REG_PPC_PMC2, SPR_PMC2],
  ['PMC3', KVM_REG_PPC_PMC3, SPR_PMC3],
  ['PMC4', KVM_REG_PPC_PMC4, SPR_PMC4],
  ['PMC5', KVM_REG_PPC_PMC5, SPR_PMC5],
  ['PMC6', KVM_REG_PPC_PMC6, SPR_PMC6],
  ['DEBUG_INST', KVM_REG_PPC_DEBUG_INST, 'DEBUG_INST', 'read-only: the software breakpoint instruction 0x00dddd00'],
  ['TB_OFFSET', KVM_REG_PPC_TB_OFFSET, 'TB_OFFSET'],
  ['IAMR', KVM_REG_PPC_IAMR, SPR_IAMR],
  ['TFHAR', KVM_REG_PPC_TFHAR, SPR_TFHAR],
  ['TFIAR', KVM_REG_PPC_TFIAR, SPR_TFIAR],
  ['TEXASR', KVM_REG_PPC_TEXASR, SPR_TEXASR],
  ['FSCR', KVM_REG_PPC_FSCR, SPR_FSCR],
  ['PSPB', KVM_REG_PPC_PSPB, SPR_PSPB],
  ['EBBHR', KVM_REG_PPC_EBBHR, SPR_EBBHR],
  ['EBBRR', KVM_REG_PPC_EBBRR, SPR_EBBRR],
  ['BESCR', KVM_REG_PPC_BESCR, SPR_BESCR],
  ['TAR', KVM_REG_PPC_TAR, SPR_TAR],
  ['DPDES', KVM_REG_PPC_DPDES, SPR_DPDES],
  ['DAWR', KVM_REG_PPC_DAWR, SPR_DAWR0, 'DAWR0'],
  ['DAWRX', KVM_REG_PPC_DAWRX, SPR_DAWRX0, 'DAWRX0'],
  ['CIABR', KVM_REG_PPC_CIABR, SPR_CIABR],
  ['IC', KVM_REG_PPC_IC, SPR_IC],
  ['VTB', KVM_REG_PPC_VTB, SPR_VTB],
  ['PID', KVM_REG_PPC_PID, SPR_PID],
  ['VRSAVE', KVM_REG_PPC_VRSAVE, SPR_VRSAVE],
  ['LPCR', KVM_REG_PPC_LPCR, SPR_LPCR, 'low 32 bits; KVM-HV lets userspace change only some LPCR fields'],
  ['LPCR_64', KVM_REG_PPC_LPCR_64, SPR_LPCR, 'KVM-HV lets userspace change only some LPCR fields'],
  ['PPR', KVM_REG_PPC_PPR, SPR_PPR],
  ['ARCH_COMPAT', KVM_REG_PPC_ARCH_COMPAT, 'ARCH_COMPAT'],
  ['TIDR', KVM_REG_PPC_TIDR, SPR_TIDR],
  ['PSSCR', KVM_REG_PPC_PSSCR, SPR_PSSCR],
  ['DEC_EXPIRY', KVM_REG_PPC_DEC_EXPIRY, 'DEC_EXPIRY'],
  ['ONLINE', KVM_REG_PPC_ONLINE, 'ONLINE'],
  ['PTCR', KVM_REG_PPC_PTCR, SPR_PTCR, 'hypervisor register; a VM-level value, used by nested HV'],
];

function buildTable(): Readonly<Record<string, OneRegInfo>> {
  const table: Record<string, OneRegInfo> = {};
  for (const [name, id, target, note] of ROWS) {
    const key = oneRegKey(id);
    if (key in table) throw new Error(`duplicate one-reg id ${key} (${name})`);
    const base = { name, id, size: oneRegSize(id), ...(note === undefined ? {} : { note }) };
    table[key] = Object.freeze(typeof target === 'number' ? { ...base, spr: target } : { ...base, special: target });
  }
  return Object.freeze(table);
}

/**
 * Every one-reg id hvstep supports, keyed by oneRegKey(id) (bigint cannot be a
 * property key), mapped to the SPR it reads or to its special meaning.
 */
export const ONE_REG_SPRS: Readonly<Record<string, OneRegInfo>> = buildTable();

/** Looks an id up in ONE_REG_SPRS; undefined means "not supported" (KVM answers -EINVAL). */
export function oneRegInfo(id: bigint): OneRegInfo | undefined {
  return ONE_REG_SPRS[oneRegKey(id)];
}
