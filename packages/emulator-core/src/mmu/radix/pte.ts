import { ACCESS_EXECUTE, ACCESS_READ, ACCESS_WRITE } from '../translation.js';
import { DSISR_PROTFAULT, SRR1_NOEXEC_GUARD } from './faults.js';

/*
 * Radix page directory / page table entries (Power ISA 3.0B Book III 6.7.10.x).
 * Every entry is one big-endian doubleword; the hot path reads it as two 32-bit
 * halves, so each 64-bit mask below is split into its high (ISA bits 0:31) and
 * low (ISA bits 32:63) word. Values checked against QEMU target/ppc/mmu-radix64.c
 * (R_PTE_*, R_PDE_*, PRTBE_R_*) and Linux arch/powerpc/include/asm/book3s/64/
 * pgtable.h (_PAGE_*), radix-4k.h and radix-64k.h.
 */

/** Valid (ISA bit 0; Linux _PAGE_PRESENT): the sign bit of the high word. */
export const PTE_HI_VALID = 0x80000000 | 0;
/** Leaf (ISA bit 1; Linux _PAGE_PTE): the entry is a PTE, not a pointer to the next level. */
export const PTE_HI_LEAF = 0x40000000;
/** RPN, ISA bits 7:51 (QEMU R_PTE_RPN 0x01FFFFFFFFFFF000). */
export const PTE_HI_RPN = 0x01ffffff;
export const PTE_LO_RPN = 0xfffff000 | 0;
/** NLB / RPDB, ISA bits 4:55 (QEMU PRTBE_R_RPDB = R_PDE_NLB = 0x0FFFFFFFFFFFFF00). */
export const PDE_HI_NLB = 0x0fffffff;
export const PDE_LO_NLB = 0xffffff00 | 0;
/** NLS / RPDS, ISA bits 59:63: the next directory has 2^NLS entries. */
export const PDE_LO_NLS = 0x1f;

/** Reference bit (ISA bit 55; Linux _PAGE_ACCESSED). */
export const PTE_LO_R = 0x100;
/** Change bit (ISA bit 56; Linux _PAGE_DIRTY). */
export const PTE_LO_C = 0x80;
/** Attribute (ISA bits 58:59): 00 normal, 01 SAO, 10 non-idempotent I/O (guarded), 11 tolerant I/O. */
export const PTE_LO_ATT = 0x30;
export const ATT_NORMAL = 0x00;
export const ATT_SAO = 0x10;
export const ATT_NON_IDEMPOTENT_IO = 0x20;
export const ATT_TOLERANT_IO = 0x30;
/** Encoded Access Authority (ISA bits 60:63): privileged, read, read/write, execute. */
export const EAA_PRIVILEGED = 0x8;
export const EAA_READ = 0x4;
export const EAA_READ_WRITE = 0x2;
export const EAA_EXECUTE = 0x1;

/**
 * The accesses (ACCESS_* bits) an entry's EAA allows in the given state. As QEMU's
 * ppc_radix64_check_prot: a privileged page gives nothing to problem state; otherwise
 * R gives read, RW gives read and write, X gives execute. Privileged code (MSR[PR]=0)
 * on a non-privileged page gets those rights less the ones storage key 0 of AMR and
 * IAMR takes away, `privilegedDeny` (ISA 3.0B Book III 6.7.13; QEMU
 * ppc_radix64_get_prot_amr): Linux's KUAP and KUEP.
 */
export function allowedAccess(pteLo: number, problemState: boolean, privilegedDeny = 0): number {
  if ((pteLo & EAA_PRIVILEGED) !== 0 && problemState) return 0;
  const rights = ((pteLo & EAA_READ) !== 0 ? ACCESS_READ : 0)
    | ((pteLo & EAA_READ_WRITE) !== 0 ? ACCESS_READ | ACCESS_WRITE : 0)
    | ((pteLo & EAA_EXECUTE) !== 0 ? ACCESS_EXECUTE : 0);
  return !problemState && (pteLo & EAA_PRIVILEGED) === 0 ? rights & ~privilegedDeny : rights;
}

/**
 * The storage-interrupt cause of an access to a leaf entry, or 0 when allowed.
 * Order and bits as QEMU 7.2's ppc_radix64_check_prot:
 *  - an instruction fetch from non-idempotent I/O (ATT=10, guarded) gives SRR1
 *    0x10000000, before the EAA is looked at; tolerant I/O (ATT=11) is not guarded;
 *  - an access the EAA (and, for privileged code on a non-privileged page, AMR/IAMR
 *    key 0) does not allow gives DSISR 0x08000000 for data, and SRR1 0x10000000 (not
 *    0x08000000) for a fetch: QEMU commit "target/ppc: fix ISI fault cause for Radix
 *    MMU" (March 2022, in 7.0) says this matches POWER9.
 */
export function protectionCause(pteLo: number, access: number, problemState: boolean, privilegedDeny = 0): number {
  if (access === ACCESS_EXECUTE && (pteLo & PTE_LO_ATT) === ATT_NON_IDEMPOTENT_IO) return SRR1_NOEXEC_GUARD;
  if ((allowedAccess(pteLo, problemState, privilegedDeny) & access) === 0) {
    return access === ACCESS_EXECUTE ? SRR1_NOEXEC_GUARD : DSISR_PROTFAULT;
  }
  return 0;
}

/** The R/C bits an access must find set in its PTE: R always, C too for a store. */
export function neededRc(access: number): number {
  return access === ACCESS_WRITE ? PTE_LO_R | PTE_LO_C : PTE_LO_R;
}

/**
 * RTS of a process table entry (doubleword 0): RTS1 at ISA bits 1:2 and RTS2 at
 * 56:58, the tree covering 2^(RTS+31) bytes (QEMU PRTBE_R_GET_RTS). Linux on
 * POWER9 sets RTS = 0b10101, a 52-bit tree.
 */
export function radixTreeBits(hi: number, lo: number): number {
  return (((hi >>> 26) & 0x18) | ((lo >>> 5) & 0x7)) + 31;
}

/** Encode a tree size in bits (31..62) as the RTS1/RTS2 fields: [high word bits, low word bits]. */
export function encodeRts(treeBits: number): [number, number] {
  const rts = treeBits - 31;
  if (!Number.isInteger(rts) || rts < 0 || rts > 31) throw new RangeError(`tree size 2^${treeBits} has no RTS encoding`);
  return [((rts & 0x18) << 26) | 0, (rts & 0x7) << 5];
}
