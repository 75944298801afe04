/**
 * The vCPU register file: one SharedArrayBuffer per vCPU, so that another thread
 * (the hypervisor's dispatcher, a debugger) can read and write a stopped vCPU's
 * registers without a message round trip.
 *
 * Every 64-bit register is stored as a little-endian u64: the low 32 bits at the
 * lower word index, the high 32 bits at the next one. The interpreter works on the
 * two halves through an Int32Array view (see docs/ARCHITECTURE.md for why), and a
 * BigUint64Array view over the same bytes reads the full values.
 *
 * Byte offsets:
 *   0x0000  GPR[0..31]      u64 each
 *   0x0100  FPR[0..31]      f64 each (VSR[0..31] doubleword 0)
 *   0x0200  VSR[0..31]      doubleword 1 (u64 each), for VSX
 *   0x0300  VR[0..31]       u128 each (VSR[32..63]), for VMX/VSX
 *   0x0500  NIP             u64  next instruction address
 *   0x0508  MSR             u64
 *   0x0510  CR              u32  CR0 in bits 31..28 (ISA bit numbering 32..35)
 *   0x0514  XER             u32  SO/OV/CA/OV32/CA32 and the string byte count
 *   0x0518  FPSCR           u64
 *   0x0520  VSCR            u32
 *   0x0524  RESERVE_VALID   u32  1 while a lwarx/ldarx reservation is held
 *   0x0528  RESERVE_ADDR    u64  real address of the reservation granule
 *   0x0530  RESERVE_SIZE    u32  size in bytes of the reserving access
 *   0x0534  (reserved)
 *   0x0538  RESERVE_VALUE   u64  value loaded by the reserving access (low 64 bits)
 *   0x0540  RESERVE_VALUE_HI u64 high 64 bits for lqarx
 *   0x0548  INSN_COUNT      u64  retired instruction counter
 *   0x0600  SPR[0..1023]    u64 each, indexed by SPR number; LR, CTR and XER live in
 *                           the SPR slots 8, 9 and 1 (XER's slot mirrors the word above
 *                           only on mfspr/mtspr, the word at 0x0514 is authoritative).
 *   0x2600  end
 *
 * Vector-scalar registers (Power ISA 3.0B Book I 7.2.1: VSR 0..63, 128 bits; ISA
 * bit 0 is the most significant). Each VSR is two doublewords, dw0 = ISA bits 0:63
 * and dw1 = bits 64:127, each stored as the little-endian u64s above:
 *   VSR n, n < 32:  dw0 = FPR n (FPR_BYTE + 8n), dw1 at VSR_LOW_BYTE + 8n
 *   VSR n, n >= 32: VR n-32 as one little-endian u128 at VR_BYTE + 16(n-32), i.e. dw1
 *                   (the low-order half) at +0 and dw0 at +8
 * Elements are numbered in ISA order whatever the guest byte order: word element 0
 * is bits 0:31 (the high half of dw0), word 3 is bits 96:127 (the low half of dw1);
 * byte element 0 is bits 0:7. The instructions that the ISA defines with a
 * little-endian element order (lvx in LE mode, lxvx...) reverse at the memory access,
 * never in the register file. isa/vector/vsr.ts is the one accessor of this layout.
 */
import { SPR_LR, SPR_CTR, SPR_CFAR, SPR_TAR } from '../cpu/spr-numbers.js';

export const GPR_BYTE = 0x0000;
export const FPR_BYTE = 0x0100;
export const VSR_LOW_BYTE = 0x0200;
export const VR_BYTE = 0x0300;
export const NIP_BYTE = 0x0500;
export const MSR_BYTE = 0x0508;
export const CR_BYTE = 0x0510;
export const XER_BYTE = 0x0514;
export const FPSCR_BYTE = 0x0518;
export const VSCR_BYTE = 0x0520;
export const RESERVE_VALID_BYTE = 0x0524;
export const RESERVE_ADDR_BYTE = 0x0528;
export const RESERVE_SIZE_BYTE = 0x0530;
export const RESERVE_VALUE_BYTE = 0x0538;
export const RESERVE_VALUE_HI_BYTE = 0x0540;
export const INSN_COUNT_BYTE = 0x0548;
export const SPR_BYTE = 0x0600;
export const REGISTER_FILE_BYTES = 0x2600;

/** Int32Array word indices (byte offset / 4). Low half of a u64 at the index, high half at index + 1. */
export const W_GPR = GPR_BYTE >> 2;
export const W_FPR = FPR_BYTE >> 2;
export const W_VSR_LOW = VSR_LOW_BYTE >> 2;
export const W_VR = VR_BYTE >> 2;
export const W_NIP = NIP_BYTE >> 2;
export const W_MSR = MSR_BYTE >> 2;
export const W_CR = CR_BYTE >> 2;
export const W_XER = XER_BYTE >> 2;
export const W_FPSCR = FPSCR_BYTE >> 2;
export const W_VSCR = VSCR_BYTE >> 2;
export const W_RESERVE_VALID = RESERVE_VALID_BYTE >> 2;
export const W_RESERVE_ADDR = RESERVE_ADDR_BYTE >> 2;
export const W_RESERVE_SIZE = RESERVE_SIZE_BYTE >> 2;
export const W_RESERVE_VALUE = RESERVE_VALUE_BYTE >> 2;
export const W_RESERVE_VALUE_HI = RESERVE_VALUE_HI_BYTE >> 2;
export const W_INSN_COUNT = INSN_COUNT_BYTE >> 2;
export const W_SPR = SPR_BYTE >> 2;

/** Float64Array index of FPR 0. */
export const F_FPR = FPR_BYTE >> 3;

/**
 * The problem-state SPR numbers, under the names this module always exported; they
 * are defined once, in cpu/spr-numbers.ts (SPR_LR and SPR_CTR also place W_LR and
 * W_CTR below).
 */
export {
  SPR_XER, SPR_DSCR_USER, SPR_LR, SPR_CTR, SPR_VRSAVE, SPR_TBL_READ, SPR_TBU_READ, SPR_PPR, SPR_PPR32, SPR_TAR, SPR_DSCR,
} from '../cpu/spr-numbers.js';

/** Word index of the low half of SPR n. */
export const sprWord = (spr: number): number => W_SPR + spr * 2;
export const W_LR = W_SPR + SPR_LR * 2;
export const W_CTR = W_SPR + SPR_CTR * 2;
/** TAR's slot: bctar branches to it (isa/semantics/hot.ts). */
export const W_TAR = W_SPR + SPR_TAR * 2;
/** CFAR's slot: taken branches write it (isa/semantics/hot.ts). */
export const W_CFAR = W_SPR + SPR_CFAR * 2;

/** XER bits (ISA bit numbers 32.. in a 32-bit word: SO=32, OV=33, CA=34, OV32=44, CA32=45). */
export const XER_SO = 0x80000000 | 0;
export const XER_OV = 0x40000000;
export const XER_CA = 0x20000000;
export const XER_OV32 = 0x00080000;
export const XER_CA32 = 0x00040000;
export const XER_BYTE_COUNT = 0x7f;
/** The XER bits that exist on POWER9 (mtxer drops the others, as QEMU does). */
export const XER_IMPLEMENTED = XER_SO | XER_OV | XER_CA | XER_OV32 | XER_CA32 | XER_BYTE_COUNT;
