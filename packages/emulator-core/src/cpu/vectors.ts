/**
 * Interrupt vector offsets of a POWER9 (Power ISA 3.0B Book III 7.5, the figure of
 * interrupt vectors at the start of "Interrupt Definitions"), the one definition in
 * hvstep. Cross-checked against QEMU's POWER9 table (target/ppc/cpu_init.c
 * init_excp_POWER7/8/9, whose POWERPC_EXCP_* names are given below) and Linux
 * arch/powerpc/kernel/exceptions-64s.S.
 *
 * These are the offsets with LPCR[AIL] = 0 and relocation off, i.e. the real
 * addresses of the handlers; `vectorAddress` applies AIL. The same offsets are what
 * KVM reports in kvm_debug_exit_arch.exception (0xE40 for a software breakpoint,
 * 0xD00 for a step), so the hypervisor uses this table too.
 *
 * The jest check arch-numbers.test.ts fails when another module spells out a table
 * of these numbers.
 */
export const Vector = {
  /** POWERPC_EXCP_RESET. */
  SystemReset: 0x100,
  /** POWERPC_EXCP_MCHECK. */
  MachineCheck: 0x200,
  /** POWERPC_EXCP_DSI. */
  DataStorage: 0x300,
  /** POWERPC_EXCP_DSEG. */
  DataSegment: 0x380,
  /** POWERPC_EXCP_ISI. */
  InstructionStorage: 0x400,
  /** POWERPC_EXCP_ISEG. */
  InstructionSegment: 0x480,
  /** POWERPC_EXCP_EXTERNAL. */
  External: 0x500,
  /** POWERPC_EXCP_ALIGN. */
  Alignment: 0x600,
  /** POWERPC_EXCP_PROGRAM. */
  Program: 0x700,
  /** POWERPC_EXCP_FPU. */
  FloatingPointUnavailable: 0x800,
  /** POWERPC_EXCP_DECR. */
  Decrementer: 0x900,
  /** POWERPC_EXCP_HDECR. */
  HypervisorDecrementer: 0x980,
  /** POWERPC_EXCP_SDOOR (msgsndp). */
  DirectedPrivilegedDoorbell: 0xa00,
  /** POWERPC_EXCP_SYSCALL (`sc`; `sc 1` goes to the hypervisor at the same offset). */
  SystemCall: 0xc00,
  /** POWERPC_EXCP_TRACE. */
  Trace: 0xd00,
  /** POWERPC_EXCP_HDSI. */
  HypervisorDataStorage: 0xe00,
  /** POWERPC_EXCP_HISI. */
  HypervisorInstructionStorage: 0xe20,
  /** POWERPC_EXCP_HV_EMU (HEAI): an illegal or hypervisor-only instruction in a guest. */
  HypervisorEmulationAssistance: 0xe40,
  /** POWERPC_EXCP_HV_MAINT. */
  HypervisorMaintenance: 0xe60,
  /** POWERPC_EXCP_SDOOR_HV (msgsnd). */
  DirectedHypervisorDoorbell: 0xe80,
  /** POWERPC_EXCP_HVIRT. */
  HypervisorVirtualization: 0xea0,
  /** POWERPC_EXCP_PERFM. */
  PerformanceMonitor: 0xf00,
  /** POWERPC_EXCP_VPU. */
  VectorUnavailable: 0xf20,
  /** POWERPC_EXCP_VSXU. */
  VsxUnavailable: 0xf40,
  /** POWERPC_EXCP_FU. */
  FacilityUnavailable: 0xf60,
  /** POWERPC_EXCP_HV_FU. */
  HypervisorFacilityUnavailable: 0xf80,
  /**
   * POWERPC_EXCP_SYSCALL_VECTORED: `scv LEV` enters at this offset + 0x20 × LEV, and
   * with AIL = 3 at SYSTEM_CALL_VECTORED_AIL3 + 0x20 × LEV instead (QEMU
   * ppc_excp_apply_ail); see deliverSystemCallVectored (interrupts.ts).
   */
  SystemCallVectored: 0x17000,
} as const;

/** One of the offsets above. */
export type VectorOffset = (typeof Vector)[keyof typeof Vector];

/** Name of a vector offset ("Trace" for 0xd00), or undefined for an offset the table lacks. */
export function vectorName(offset: number): keyof typeof Vector | undefined {
  for (const [name, value] of Object.entries(Vector)) if (value === offset) return name as keyof typeof Vector;
  return undefined;
}

/**
 * Alternate Interrupt Location (LPCR[AIL], Book III 2.2 and 7.5; QEMU ppc_excp_apply_ail):
 * with AIL = 2 an interrupt taken with relocation on enters at 0x18000 + the offset,
 * with AIL = 3 at 0xC000000000004000 + the offset, both with IR = DR = 1. Never for
 * System Reset and Machine Check.
 */
export const AIL2_VECTOR_BASE = 0x18000;
/** The AIL = 3 base as the two 32-bit halves the interpreter works with, and as one bigint. */
export const AIL3_VECTOR_BASE_HI = 0xc0000000 | 0;
export const AIL3_VECTOR_BASE_LO = 0x4000;
export const AIL3_VECTOR_BASE = (BigInt(AIL3_VECTOR_BASE_HI >>> 0) << 32n) | BigInt(AIL3_VECTOR_BASE_LO);
/** `scv` with AIL = 3 (see Vector.SystemCallVectored), as one bigint and as the two halves. */
export const SYSTEM_CALL_VECTORED_AIL3 = 0xc000000000003000n;
export const SYSTEM_CALL_VECTORED_AIL3_HI = 0xc0000000 | 0;
export const SYSTEM_CALL_VECTORED_AIL3_LO = 0x3000;
/** The distance between the entries of two consecutive scv levels. */
export const SYSTEM_CALL_VECTORED_STRIDE = 0x20;

/**
 * The effective address a handler starts at, for an interrupt with offset `vector`
 * taken from a context with `relocating` = MSR[IR] and MSR[DR] both 1 under
 * LPCR[AIL] = `ail`. For the debugger's step planning and the scenarios' oracles;
 * deliverInterrupt (interrupts.ts) makes the same choice on the 32-bit halves.
 * scv is not covered (its AIL rule differs: see deliverSystemCallVectored).
 */
export function vectorAddress(vector: number, ail: number, relocating = true): bigint {
  const offset = BigInt(vector);
  if (!relocating || vector === Vector.SystemReset || vector === Vector.MachineCheck) return offset;
  if (ail === 2) return BigInt(AIL2_VECTOR_BASE) | offset;
  if (ail === 3) return AIL3_VECTOR_BASE | offset;
  return offset;
}
