/**
 * Byte-exact encoding of the two guest-debug structures of hvstep's KVM ABI:
 * `struct kvm_guest_debug` (the argument of KVM_SET_GUEST_DEBUG) and
 * `struct kvm_debug_exit_arch` (kvm_run.debug.arch after a KVM_EXIT_DEBUG).
 *
 * Byte order: the ioctl ABI is host-endian, and hvstep's host is little-endian,
 * so every field is little-endian. (The guest's endianness, MSR[LE], plays no part.)
 *
 * --- struct kvm_guest_debug (generic part from include/uapi/linux/kvm.h) ---
 *
 *   struct kvm_guest_debug {
 *       __u32 control;                        // offset 0: KVM_GUESTDBG_*
 *       __u32 pad;                            // offset 4: must be 0
 *       struct kvm_guest_debug_arch arch;     // offset 8
 *   };                                        // 3080 bytes
 *
 * hvstep's powerpc `arch` is the padded layout Alexander Graf proposed in the
 * 2010 review of the first KVM/PowerPC guest-debug patch (seed 000): since the
 * struct maps 1:1 to an ioctl, it carries room for future debug facilities
 * ("extend bp to 128 entries ... add a reasonable amount of churn"):
 *
 *   struct kvm_guest_debug_arch {
 *       struct {
 *           __u64 addr;                       // +0:  breakpoint / watched address
 *           __u32 type;                       // +8:  KVMPPC_DEBUG_*
 *           __u32 pad1;                       // +12: must be 0
 *           __u64 pad2;                       // +16: must be 0
 *       } bp[128];                            // 24 bytes each, 3072 in all
 *   };
 *
 * Entries with type KVMPPC_DEBUG_NONE are unused slots. The entries describe
 * hardware breakpoints/watchpoints (KVM_GUESTDBG_USE_HW_BP): hypervisor-owned
 * comparators that the guest cannot see. Software breakpoints are not listed
 * here; userspace writes KVMPPC_INST_SW_BREAKPOINT into guest memory itself.
 *
 * Padding must be zero, and decode rejects anything else: an ABI that ignores
 * its padding can never give it a meaning, because old userspace may have left
 * garbage there. Unknown control bits and unknown type bits are rejected for the
 * same reason.
 *
 * For reference only (not implemented): Linux's final powerpc layout
 * (arch/powerpc/include/uapi/asm/kvm.h) is 16 entries of
 * `{ __u64 addr; __u32 type; __u32 reserved; }` (256 bytes, struct 264 bytes).
 * The 2010 patch itself had 6 entries of `{ __u32 addr; __u32 type; }`.
 *
 * --- struct kvm_debug_exit_arch ---
 *
 * The 2010 patch declared `{ __u32 exception; __u32 pc; __u32 status; }`, written
 * for 32-bit BookE: a ppc64 PC such as 0xC000000000004D00 does not fit. hvstep
 * keeps exception and status, widens the PC, and adds the data address that a
 * watchpoint hit needs:
 *
 *   struct kvm_debug_exit_arch {
 *       __u32 exception;   // offset 0:  interrupt vector that led to the exit,
 *                          //            e.g. 0xE40 (HEAI: software breakpoint),
 *                          //            0xD00 (Trace: single step on the `pr` model)
 *       __u32 status;      // offset 4:  KVMPPC_DEBUG_* (what matched; NONE for a
 *                          //            software breakpoint or a single step, as in Linux)
 *       __u64 pc;          // offset 8:  guest NIP of the instruction concerned
 *       __u64 address;     // offset 16: data address for a watchpoint hit, else = pc
 *   };                     // 24 bytes, no implicit padding (every field is naturally aligned)
 *
 * For reference only (not implemented): Linux's final layout is
 * `{ __u64 address; __u32 status; __u32 reserved; }` (16 bytes). Its single
 * `address` is the PC, except for a BookE watchpoint, where booke.c overwrites
 * it with the DAC value — the PC of the access is then lost, which is why
 * hvstep's layout has both.
 *
 * In kvm_run, `debug.arch` starts at byte 32 on powerpc (the exit union follows
 * request_interrupt_window, immediate_exit, padding1[6], exit_reason,
 * ready_for_interrupt_injection, if_flag, flags, cr8, apic_base).
 */

import {
  KVM_GUESTDBG_VALID_MASK,
  KVMPPC_DEBUG_NONE,
  KVMPPC_DEBUG_BREAKPOINT,
  KVMPPC_DEBUG_WATCH_WRITE,
  KVMPPC_DEBUG_WATCH_READ,
  KVMPPC_DEBUG_WATCH_ACCESS,
} from './constants.js';

// ---------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------

export const GUEST_DEBUG_CONTROL_OFFSET = 0;
export const GUEST_DEBUG_PAD_OFFSET = 4;
export const GUEST_DEBUG_ARCH_OFFSET = 8;

export const GUEST_DEBUG_MAX_BREAKPOINTS = 128;
export const GUEST_DEBUG_BP_SIZE = 24;
export const GUEST_DEBUG_BP_ADDR_OFFSET = 0;
export const GUEST_DEBUG_BP_TYPE_OFFSET = 8;
export const GUEST_DEBUG_BP_PAD1_OFFSET = 12;
export const GUEST_DEBUG_BP_PAD2_OFFSET = 16;

/** sizeof(struct kvm_guest_debug_arch) = 128 * 24. */
export const GUEST_DEBUG_ARCH_SIZE = GUEST_DEBUG_MAX_BREAKPOINTS * GUEST_DEBUG_BP_SIZE;
/** sizeof(struct kvm_guest_debug) = 8 + 3072. */
export const GUEST_DEBUG_SIZE = GUEST_DEBUG_ARCH_OFFSET + GUEST_DEBUG_ARCH_SIZE;

/** Byte offset of bp[index] inside struct kvm_guest_debug. */
export function guestDebugBreakpointOffset(index: number): number {
  return GUEST_DEBUG_ARCH_OFFSET + index * GUEST_DEBUG_BP_SIZE;
}

export const DEBUG_EXIT_ARCH_EXCEPTION_OFFSET = 0;
export const DEBUG_EXIT_ARCH_STATUS_OFFSET = 4;
export const DEBUG_EXIT_ARCH_PC_OFFSET = 8;
export const DEBUG_EXIT_ARCH_ADDRESS_OFFSET = 16;
/** sizeof(struct kvm_debug_exit_arch). */
export const DEBUG_EXIT_ARCH_SIZE = 24;

/** Offset of kvm_run.debug.arch in struct kvm_run on powerpc. */
export const KVM_RUN_DEBUG_ARCH_OFFSET = 32;

// ---------------------------------------------------------------------------
// Types and checks
// ---------------------------------------------------------------------------

export interface GuestDebugBreakpoint {
  /** Instruction address (BREAKPOINT) or data address (WATCH_*), a u64. */
  addr: bigint;
  /** KVMPPC_DEBUG_BREAKPOINT, _WATCH_WRITE, _WATCH_READ or both watch bits. */
  type: number;
}

export interface GuestDebug {
  /** KVM_GUESTDBG_* bits. */
  control: number;
  /** The used bp[] entries, in slot order (NONE slots left out). */
  breakpoints: GuestDebugBreakpoint[];
}

export interface DebugExitArch {
  exception: number;
  status: number;
  pc: bigint;
  address: bigint;
}

/**
 * A structure that breaks the ABI (wrong length, non-zero padding, unknown
 * bits). A RangeError, so that callers may treat it like any bad argument; the
 * hypervisor answers it with -EINVAL.
 */
export class KvmAbiError extends RangeError {
  override readonly name = 'KvmAbiError';
  constructor(
    /** The C structure concerned, e.g. 'kvm_guest_debug'. */
    readonly struct: string,
    /** Byte offset of the offending field, or -1 for the structure's length. */
    readonly offset: number,
    message: string,
  ) {
    super(`${struct}: ${message}`);
  }
}

const U32_MAX = 0xffffffff;
const U64_MAX = 0xffffffffffffffffn;

/** Breakpoint types a bp[] entry may carry (besides KVMPPC_DEBUG_NONE for an unused slot). */
const BREAKPOINT_TYPES: readonly number[] = [
  KVMPPC_DEBUG_BREAKPOINT,
  KVMPPC_DEBUG_WATCH_WRITE,
  KVMPPC_DEBUG_WATCH_READ,
  KVMPPC_DEBUG_WATCH_ACCESS,
];

/** True for BREAKPOINT, WATCH_WRITE, WATCH_READ and WATCH_WRITE|WATCH_READ. */
export function isBreakpointType(type: number): boolean {
  return BREAKPOINT_TYPES.includes(type);
}

/** Values kvm_debug_exit_arch.status may take: NONE or a breakpoint type. */
export function isDebugExitStatus(status: number): boolean {
  return status === KVMPPC_DEBUG_NONE || isBreakpointType(status);
}

function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}

function isU32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= U32_MAX;
}

function checkU64(struct: string, field: string, value: bigint): void {
  if (typeof value !== 'bigint') throw new TypeError(`${struct}: ${field} must be a bigint, got ${typeof value}`);
  if (value < 0n || value > U64_MAX) throw new RangeError(`${struct}: ${field} ${hex(value)} is outside u64`);
}

function viewOf(struct: string, bytes: Uint8Array, size: number): DataView {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${struct}: expected a Uint8Array`);
  if (bytes.byteLength !== size) {
    throw new KvmAbiError(struct, -1, `expected ${size} bytes, got ${bytes.byteLength}`);
  }
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// ---------------------------------------------------------------------------
// struct kvm_guest_debug
// ---------------------------------------------------------------------------

/**
 * Encodes struct kvm_guest_debug (3080 bytes, little-endian). The breakpoints
 * fill bp[0..n-1]; the remaining slots are KVMPPC_DEBUG_NONE with address 0.
 * Throws RangeError for a control word with unknown bits, more than 128
 * breakpoints, a type that is not a breakpoint type (NONE included: an entry
 * that decode would drop is a caller mistake), or an address outside u64.
 */
export function encodeGuestDebug(control: number, breakpoints: readonly GuestDebugBreakpoint[]): Uint8Array {
  const S = 'kvm_guest_debug';
  if (!isU32(control)) throw new RangeError(`${S}: control ${control} is not a u32`);
  if ((control & ~KVM_GUESTDBG_VALID_MASK) !== 0) {
    throw new RangeError(`${S}: control ${hex(control)} has unknown bits ${hex((control & ~KVM_GUESTDBG_VALID_MASK) >>> 0)}`);
  }
  if (breakpoints.length > GUEST_DEBUG_MAX_BREAKPOINTS) {
    throw new RangeError(`${S}: ${breakpoints.length} breakpoints, at most ${GUEST_DEBUG_MAX_BREAKPOINTS} fit`);
  }
  const bytes = new Uint8Array(GUEST_DEBUG_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(GUEST_DEBUG_CONTROL_OFFSET, control, true);
  breakpoints.forEach((bp, i) => {
    if (!isBreakpointType(bp.type)) {
      throw new RangeError(`${S}: bp[${i}].type ${typeof bp.type === 'number' ? hex(bp.type) : String(bp.type)} is not a breakpoint type`);
    }
    checkU64(S, `bp[${i}].addr`, bp.addr);
    const at = guestDebugBreakpointOffset(i);
    view.setBigUint64(at + GUEST_DEBUG_BP_ADDR_OFFSET, bp.addr, true);
    view.setUint32(at + GUEST_DEBUG_BP_TYPE_OFFSET, bp.type, true);
  });
  return bytes;
}

/**
 * Decodes struct kvm_guest_debug. Throws KvmAbiError when the length is not
 * 3080, a pad field is not zero, the control word has unknown bits, or a used
 * entry's type is not a breakpoint type. Entries of type KVMPPC_DEBUG_NONE are
 * skipped (their address is ignored; their padding is still checked).
 */
export function decodeGuestDebug(bytes: Uint8Array): GuestDebug {
  const S = 'kvm_guest_debug';
  const view = viewOf(S, bytes, GUEST_DEBUG_SIZE);
  const control = view.getUint32(GUEST_DEBUG_CONTROL_OFFSET, true);
  const pad = view.getUint32(GUEST_DEBUG_PAD_OFFSET, true);
  if (pad !== 0) throw new KvmAbiError(S, GUEST_DEBUG_PAD_OFFSET, `pad (offset ${GUEST_DEBUG_PAD_OFFSET}) must be 0, got ${hex(pad)}`);
  const unknown = (control & ~KVM_GUESTDBG_VALID_MASK) >>> 0;
  if (unknown !== 0) {
    throw new KvmAbiError(S, GUEST_DEBUG_CONTROL_OFFSET, `control ${hex(control)} has unknown bits ${hex(unknown)}`);
  }
  const breakpoints: GuestDebugBreakpoint[] = [];
  for (let i = 0; i < GUEST_DEBUG_MAX_BREAKPOINTS; i++) {
    const at = guestDebugBreakpointOffset(i);
    const pad1 = view.getUint32(at + GUEST_DEBUG_BP_PAD1_OFFSET, true);
    if (pad1 !== 0) {
      throw new KvmAbiError(S, at + GUEST_DEBUG_BP_PAD1_OFFSET, `bp[${i}].pad1 (offset ${at + GUEST_DEBUG_BP_PAD1_OFFSET}) must be 0, got ${hex(pad1)}`);
    }
    const pad2 = view.getBigUint64(at + GUEST_DEBUG_BP_PAD2_OFFSET, true);
    if (pad2 !== 0n) {
      throw new KvmAbiError(S, at + GUEST_DEBUG_BP_PAD2_OFFSET, `bp[${i}].pad2 (offset ${at + GUEST_DEBUG_BP_PAD2_OFFSET}) must be 0, got ${hex(pad2)}`);
    }
    const type = view.getUint32(at + GUEST_DEBUG_BP_TYPE_OFFSET, true);
    if (type === KVMPPC_DEBUG_NONE) continue;
    if (!isBreakpointType(type)) {
      throw new KvmAbiError(S, at + GUEST_DEBUG_BP_TYPE_OFFSET, `bp[${i}].type ${hex(type)} is not a breakpoint type`);
    }
    breakpoints.push({ addr: view.getBigUint64(at + GUEST_DEBUG_BP_ADDR_OFFSET, true), type });
  }
  return { control, breakpoints };
}

// ---------------------------------------------------------------------------
// struct kvm_debug_exit_arch
// ---------------------------------------------------------------------------

/** Encodes hvstep's struct kvm_debug_exit_arch (24 bytes, little-endian). */
export function encodeDebugExitArch(exit: DebugExitArch): Uint8Array {
  const S = 'kvm_debug_exit_arch';
  if (!isU32(exit.exception)) throw new RangeError(`${S}: exception ${exit.exception} is not a u32`);
  if (!isDebugExitStatus(exit.status)) throw new RangeError(`${S}: status ${String(exit.status)} is not a KVMPPC_DEBUG_* value`);
  checkU64(S, 'pc', exit.pc);
  checkU64(S, 'address', exit.address);
  const bytes = new Uint8Array(DEBUG_EXIT_ARCH_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(DEBUG_EXIT_ARCH_EXCEPTION_OFFSET, exit.exception, true);
  view.setUint32(DEBUG_EXIT_ARCH_STATUS_OFFSET, exit.status, true);
  view.setBigUint64(DEBUG_EXIT_ARCH_PC_OFFSET, exit.pc, true);
  view.setBigUint64(DEBUG_EXIT_ARCH_ADDRESS_OFFSET, exit.address, true);
  return bytes;
}

/** Decodes hvstep's struct kvm_debug_exit_arch; throws KvmAbiError for a bad length or status. */
export function decodeDebugExitArch(bytes: Uint8Array): DebugExitArch {
  const S = 'kvm_debug_exit_arch';
  const view = viewOf(S, bytes, DEBUG_EXIT_ARCH_SIZE);
  const status = view.getUint32(DEBUG_EXIT_ARCH_STATUS_OFFSET, true);
  if (!isDebugExitStatus(status)) {
    throw new KvmAbiError(S, DEBUG_EXIT_ARCH_STATUS_OFFSET, `status ${hex(status)} is not a KVMPPC_DEBUG_* value`);
  }
  return {
    exception: view.getUint32(DEBUG_EXIT_ARCH_EXCEPTION_OFFSET, true),
    status,
    pc: view.getBigUint64(DEBUG_EXIT_ARCH_PC_OFFSET, true),
    address: view.getBigUint64(DEBUG_EXIT_ARCH_ADDRESS_OFFSET, true),
  };
}
