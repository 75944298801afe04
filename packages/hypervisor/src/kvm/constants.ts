/**
 * Numbers of the KVM userspace ABI that hvstep's hypervisor exposes, and the
 * PAPR hypercall numbers and return codes its VM implements.
 *
 * Every value here was checked against the public sources named in its
 * comment. Short names used below:
 *   kvm.h       = Linux include/uapi/linux/kvm.h
 *   asm/kvm.h   = Linux arch/powerpc/include/uapi/asm/kvm.h
 *   hvcall.h    = Linux arch/powerpc/include/asm/hvcall.h
 *   spapr.h     = QEMU include/hw/ppc/spapr.h
 *   kvm_ppc.h   = Linux arch/powerpc/include/asm/kvm_ppc.h
 *
 * The one-reg ids (KVM_REG_PPC_*) live in one-reg.ts, with their encoding; the
 * ones a debugger needs are re-exported at the end of this file.
 */

// ---------------------------------------------------------------------------
// Exit reasons: kvm_run.exit_reason (kvm.h, KVM_EXIT_*)
// ---------------------------------------------------------------------------

/** Exit for a reason KVM cannot name; kvm_run.hw.hardware_exit_reason says more. */
export const KVM_EXIT_UNKNOWN = 0;
/** A guest-debug event: software/hardware breakpoint, watchpoint or single step (kvm_run.debug.arch). */
export const KVM_EXIT_DEBUG = 4;
/** A guest access to an address with no memory behind it (kvm_run.mmio). */
export const KVM_EXIT_MMIO = 6;
export const KVM_EXIT_SHUTDOWN = 8;
/** Entering the guest failed (kvm_run.fail_entry.hardware_entry_failure_reason). */
export const KVM_EXIT_FAIL_ENTRY = 9;
/** KVM_RUN returned because a signal (or immediate_exit) interrupted it. */
export const KVM_EXIT_INTR = 10;
/** kvm_run.internal.suberror says what went wrong. */
export const KVM_EXIT_INTERNAL_ERROR = 17;
/** A PAPR hypercall (sc 1) the kernel left to userspace: kvm_run.papr_hcall { nr, ret, args[9] }. */
export const KVM_EXIT_PAPR_HCALL = 19;

/** Names of the exit reasons above, for logs and error messages. */
export const KVM_EXIT_NAMES: Readonly<Record<number, string>> = Object.freeze({
  [KVM_EXIT_UNKNOWN]: 'KVM_EXIT_UNKNOWN',
  [KVM_EXIT_DEBUG]: 'KVM_EXIT_DEBUG',
  [KVM_EXIT_MMIO]: 'KVM_EXIT_MMIO',
  [KVM_EXIT_SHUTDOWN]: 'KVM_EXIT_SHUTDOWN',
  [KVM_EXIT_FAIL_ENTRY]: 'KVM_EXIT_FAIL_ENTRY',
  [KVM_EXIT_INTR]: 'KVM_EXIT_INTR',
  [KVM_EXIT_INTERNAL_ERROR]: 'KVM_EXIT_INTERNAL_ERROR',
  [KVM_EXIT_PAPR_HCALL]: 'KVM_EXIT_PAPR_HCALL',
});

/** "KVM_EXIT_DEBUG" for 4, "KVM_EXIT_<n>" for a number this file does not define. */
export function kvmExitName(reason: number): string {
  return KVM_EXIT_NAMES[reason] ?? `KVM_EXIT_${reason}`;
}

// ---------------------------------------------------------------------------
// Capabilities: the argument of KVM_CHECK_EXTENSION (kvm.h, KVM_CAP_*)
// ---------------------------------------------------------------------------

/** KVM_SET_GUEST_DEBUG exists. */
export const KVM_CAP_SET_GUEST_DEBUG = 23;
/** KVM_GET_ONE_REG / KVM_SET_ONE_REG exist. */
export const KVM_CAP_ONE_REG = 70;
/** Number of hardware breakpoints KVM_SET_GUEST_DEBUG accepts (0 on Book3S-HV under real KVM). */
export const KVM_CAP_GUEST_DEBUG_HW_BPS = 119;
/** Number of hardware watchpoints KVM_SET_GUEST_DEBUG accepts (0 on Book3S-HV under real KVM). */
export const KVM_CAP_GUEST_DEBUG_HW_WPS = 120;
/**
 * 1 when KVM_GUESTDBG_SINGLESTEP works (KVM-PR, BookE), 0 on KVM-HV, where the
 * guest's Trace interrupt never reaches the hypervisor.
 */
export const KVM_CAP_PPC_GUEST_DEBUG_SSTEP = 176;

/**
 * What hvstep's KVM_CHECK_EXTENSION answers for KVM_CAP_GUEST_DEBUG_HW_BPS / _WPS:
 * the hardware breakpoints and watchpoints its comparators provide, and so the most
 * KVM_SET_GUEST_DEBUG accepts. Real Book3S-HV answers 0 (see the capabilities
 * above); hvstep's hypervisor has comparators of its own.
 */
export const HW_BREAKPOINTS = 4;
export const HW_WATCHPOINTS = 4;

// ---------------------------------------------------------------------------
// KVM_SET_GUEST_DEBUG: struct kvm_guest_debug.control
// ---------------------------------------------------------------------------

/** Generic (kvm.h): debugging enabled at all. */
export const KVM_GUESTDBG_ENABLE = 0x00000001;
/** Generic (kvm.h): exit after each guest instruction. KVM-HV ignores it. */
export const KVM_GUESTDBG_SINGLESTEP = 0x00000002;
/** powerpc (asm/kvm.h; the upper 16 bits of control are arch-specific): software breakpoints. */
export const KVM_GUESTDBG_USE_SW_BP = 0x00010000;
/** powerpc (asm/kvm.h): the kvm_guest_debug_arch.bp[] entries are hardware breakpoints/watchpoints. */
export const KVM_GUESTDBG_USE_HW_BP = 0x00020000;
/**
 * Block asynchronous interrupts (external, decrementer, doorbell) while set: x86 KVM's
 * KVM_GUESTDBG_BLOCKIRQ (same value), which QEMU sets for its SSTEP_NOIRQ flag. Book3S
 * KVM has no such bit; hvstep adopts x86's so that a debugger's step is not diverted
 * into an interrupt handler. The interrupt stays pending and is taken after the step.
 */
export const KVM_GUESTDBG_BLOCKIRQ = 0x00100000;
/**
 * The control bits hvstep knows. KVM_SET_GUEST_DEBUG rejects any other bit (as
 * x86/arm64 KVM do with their KVM_GUESTDBG_VALID_MASK), so that new bits can be
 * given a meaning later without old hypervisors silently ignoring them.
 */
export const KVM_GUESTDBG_VALID_MASK =
  KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP | KVM_GUESTDBG_USE_SW_BP | KVM_GUESTDBG_USE_HW_BP | KVM_GUESTDBG_BLOCKIRQ;

// ---------------------------------------------------------------------------
// Breakpoint type (kvm_guest_debug_arch.bp[].type) and debug-exit status
// (kvm_debug_exit_arch.status): asm/kvm.h, KVMPPC_DEBUG_*. The 2010 patch
// (seed 000) named the first one KVMPPC_DEBUG_NOTYPE; Linux settled on _NONE.
// ---------------------------------------------------------------------------

export const KVMPPC_DEBUG_NONE = 0x0;
export const KVMPPC_DEBUG_BREAKPOINT = 1 << 1;
export const KVMPPC_DEBUG_WATCH_WRITE = 1 << 2;
export const KVMPPC_DEBUG_WATCH_READ = 1 << 3;
/** A read-or-write watchpoint ("watchpoint (both read and write)" in asm/kvm.h). */
export const KVMPPC_DEBUG_WATCH_ACCESS = KVMPPC_DEBUG_WATCH_WRITE | KVMPPC_DEBUG_WATCH_READ;

// ---------------------------------------------------------------------------
// Instructions
// ---------------------------------------------------------------------------

/**
 * The software breakpoint instruction (kvm_ppc.h KVMPPC_INST_SW_BREAKPOINT).
 * Primary opcode 0, so illegal: on Book3S-HV it raises HEAI (0xE40) and the
 * hypervisor turns it into KVM_EXIT_DEBUG when KVM_GUESTDBG_USE_SW_BP is set.
 * Its bytes 00 dd dd 00 read the same in either byte order. Userspace reads it
 * through the one-reg KVM_REG_PPC_DEBUG_INST instead of hard-coding it.
 */
export const KVMPPC_INST_SW_BREAKPOINT = 0x00dddd00;

/**
 * `sc 1`, the hypercall instruction (hvcall.h HVSC). The 2010 patch first chose
 * this word as the breakpoint; it was rejected because it is the PS3 lv1 / Beat
 * hypercall — a breakpoint must never collide with a hypercall ABI.
 */
export const HVSC_INSTRUCTION = 0x44000022;

// ---------------------------------------------------------------------------
// PAPR hypercall return codes (hvcall.h; r3 after sc 1, as a signed 64-bit value)
// ---------------------------------------------------------------------------

export const H_SUCCESS = 0;
export const H_BUSY = 1;
/** Positive, like H_BUSY: "not available now", not an error code. */
export const H_NOT_AVAILABLE = 3;
export const H_HARDWARE = -1;
export const H_FUNCTION = -2;
export const H_PRIVILEGE = -3;
export const H_PARAMETER = -4;
export const H_RESOURCE = -16;
export const H_P2 = -55;
export const H_P3 = -56;
export const H_P4 = -57;
export const H_INTERRUPT = -69;
/**
 * spapr.h H_UNSUPPORTED_FLAG. Linux's hvcall.h has the range
 * H_UNSUPPORTED_FLAG_START (-256) .. H_UNSUPPORTED_FLAG_END (-511); KVM returns
 * H_UNSUPPORTED_FLAG_START, which is this value.
 */
export const H_UNSUPPORTED_FLAG = -256;
export const H_UNSUPPORTED_FLAG_START = -256;
export const H_UNSUPPORTED_FLAG_END = -511;
/**
 * hvcall.h H_TOO_HARD: never seen by a guest; inside KVM it means "let
 * userspace handle this hypercall" (a KVM_EXIT_PAPR_HCALL).
 */
export const H_TOO_HARD = 9999;

/** A return code as the u64 the guest finds in r3 (two's complement for the negative ones). */
export function hcallReturnToU64(code: number): bigint {
  if (!Number.isSafeInteger(code)) throw new RangeError(`hypercall return code ${code} is not an integer`);
  return BigInt.asUintN(64, BigInt(code));
}

// ---------------------------------------------------------------------------
// PAPR hypercall numbers (hvcall.h; r3 before sc 1)
// ---------------------------------------------------------------------------

export const H_SET_DABR = 0x28;
export const H_GET_TERM_CHAR = 0x54;
export const H_PUT_TERM_CHAR = 0x58;
/** XICS presentation (PAPR 14.5.4.2; QEMU xics_spapr.c): end of interrupt, current priority, IPI, poll, accept. */
export const H_EOI = 0x64;
export const H_CPPR = 0x68;
export const H_IPI = 0x6c;
export const H_IPOLL = 0x70;
export const H_XIRR = 0x74;
/** H_XIRR that also returns the time base (r5). */
export const H_XIRR_X = 0x2fc;
export const H_REGISTER_VPA = 0xdc;
/** Give up the processor until an interrupt (the guest's idle). */
export const H_CEDE = 0xe0;
/** Give the rest of this time slice to another vCPU. */
export const H_CONFER = 0xe4;
/** Wake a vCPU that is in H_CEDE. */
export const H_PROD = 0xe8;
export const H_SET_XDABR = 0x134;
/** Speculation-related characteristics and the behaviour the hypervisor recommends (r4, r5). */
export const H_GET_CPU_CHARACTERISTICS = 0x1c8;
export const H_RANDOM = 0x300;
export const H_SET_MODE = 0x31c;
export const H_REGISTER_PROC_TBL = 0x37c;
/**
 * RTAS call through a hypercall: the 0xf000-0xfffc range is reserved by PAPR for
 * platform-specific hcalls. QEMU's name is KVMPPC_H_RTAS (spapr.h,
 * KVMPPC_HCALL_BASE + 0x0); Linux's hvcall.h calls the same number H_RTAS.
 */
export const KVMPPC_H_RTAS = 0xf000;
export const H_RTAS = KVMPPC_H_RTAS;

// ---------------------------------------------------------------------------
// H_GET_CPU_CHARACTERISTICS results (hvcall.h; IBM bit n is 1 << (63 - n))
// ---------------------------------------------------------------------------

/** r4: indirect branch hints are honoured (IBM bit 5). */
export const H_CPU_CHAR_BRANCH_HINTS_HONORED = 1n << 58n;
/** r5: the OS should favour security over performance (IBM bit 0). */
export const H_CPU_BEHAV_FAVOUR_SECURITY = 1n << 63n;
/** r5: no L1D flush needed on kernel entry (IBM bit 7). */
export const H_CPU_BEHAV_NO_L1D_FLUSH_ENTRY = 1n << 56n;
/** r5: no L1D flush needed after user access (IBM bit 8). */
export const H_CPU_BEHAV_NO_L1D_FLUSH_UACCESS = 1n << 55n;
/** r5: no store-forwarding barrier needed (IBM bit 9). */
export const H_CPU_BEHAV_NO_STF_BARRIER = 1n << 54n;

// ---------------------------------------------------------------------------
// H_REGISTER_VPA(flags, cpu, address): the subfunction in flags bits 16:18 (hvcall.h, QEMU spapr_hcall.c)
// ---------------------------------------------------------------------------

export const H_VPA_FUNC_SHIFT = 45n;
export const H_VPA_REG_VPA = 1;
export const H_VPA_REG_DTL = 2;
export const H_VPA_REG_SLB = 3;
export const H_VPA_DEREG_VPA = 5;
export const H_VPA_DEREG_DTL = 6;
export const H_VPA_DEREG_SLB = 7;

// ---------------------------------------------------------------------------
// H_SET_MODE(mflags, resource, value1, value2) (hvcall.h, spapr.h)
// ---------------------------------------------------------------------------

/** Resource (second argument, r5). */
export const H_SET_MODE_RESOURCE_SET_CIABR = 1;
/** spapr.h spelled it H_SET_MODE_RESOURCE_SET_DAWR before POWER10 added DAWR1. */
export const H_SET_MODE_RESOURCE_SET_DAWR0 = 2;
export const H_SET_MODE_RESOURCE_ADDR_TRANS_MODE = 3;
export const H_SET_MODE_RESOURCE_LE = 4;
export const H_SET_MODE_RESOURCE_SET_DAWR1 = 5;

/** mflags for H_SET_MODE_RESOURCE_LE (spapr.h): interrupts taken big- or little-endian (LPCR[ILE]). */
export const H_SET_MODE_ENDIAN_BIG = 0;
export const H_SET_MODE_ENDIAN_LITTLE = 1;

/**
 * mflags for H_SET_MODE_RESOURCE_ADDR_TRANS_MODE: the AIL value to put in
 * LPCR[AIL]; 1 is reserved. The names are QEMU's (spapr_hcall.c maps them to the
 * vector bases 0, 0x18000 and 0xC000000000004000); the values follow Linux
 * book3s_hv.c, which treats mflags as the AIL ("KVM does not support mflags=2
 * (AIL=2) and AIL=1 is reserved": real KVM-HV accepts 0 and 3 only and answers
 * H_UNSUPPORTED_FLAG_START otherwise).
 */
export const H_SET_MODE_ADDR_TRANS_NONE = 0;
/** Interrupts at 0x18000 + vector (AIL 2). */
export const H_SET_MODE_ADDR_TRANS_0001_8000 = 2;
/** Interrupts at 0xC000000000004000 + vector (AIL 3). */
export const H_SET_MODE_ADDR_TRANS_C000_0000_0000_4000 = 3;

// ---------------------------------------------------------------------------
// H_REGISTER_PROC_TBL(flags, base, page_size, table_size) flags (hvcall.h)
// ---------------------------------------------------------------------------

export const PROC_TABLE_OP_MASK = 0x18;
export const PROC_TABLE_DEREG = 0x10;
export const PROC_TABLE_NEW = 0x18;
export const PROC_TABLE_TYPE_MASK = 0x06;
export const PROC_TABLE_HPT_SLB = 0x00;
export const PROC_TABLE_HPT_PT = 0x02;
export const PROC_TABLE_RADIX = 0x04;
/** Guest translation shootdown enable: the guest may use tlbie itself. */
export const PROC_TABLE_GTSE = 0x01;

// ---------------------------------------------------------------------------
// One-reg ids a debugger or the VM's userspace needs (defined in one-reg.ts)
// ---------------------------------------------------------------------------

export {
  KVM_REG_PPC,
  KVM_REG_SIZE_SHIFT,
  KVM_REG_SIZE_U32,
  KVM_REG_SIZE_U64,
  KVM_REG_SIZE_U128,
  KVM_REG_PPC_DEBUG_INST,
  KVM_REG_PPC_DAR,
  KVM_REG_PPC_DSISR,
  KVM_REG_PPC_DSCR,
  KVM_REG_PPC_PURR,
  KVM_REG_PPC_SPURR,
  KVM_REG_PPC_AMR,
  KVM_REG_PPC_UAMOR,
  KVM_REG_PPC_IAMR,
  KVM_REG_PPC_FSCR,
  KVM_REG_PPC_PSPB,
  KVM_REG_PPC_TAR,
  KVM_REG_PPC_DPDES,
  KVM_REG_PPC_DAWR,
  KVM_REG_PPC_DAWRX,
  KVM_REG_PPC_CIABR,
  KVM_REG_PPC_PID,
  KVM_REG_PPC_VRSAVE,
  KVM_REG_PPC_LPCR,
  KVM_REG_PPC_LPCR_64,
  KVM_REG_PPC_PPR,
  KVM_REG_PPC_ARCH_COMPAT,
  KVM_REG_PPC_TIDR,
  KVM_REG_PPC_PSSCR,
  KVM_REG_PPC_DEC_EXPIRY,
  KVM_REG_PPC_ONLINE,
  KVM_REG_PPC_PTCR,
  KVM_REG_PPC_TB_OFFSET,
} from './one-reg.js';
