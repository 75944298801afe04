/**
 * Why `run()` returned. Exits are data: the run loop returns one of these codes and
 * leaves the details in the Cpu's `exit*` fields (no allocation on the exit path).
 * The linux-user runner turns them into signals; the system emulator (privileged
 * architecture) turns the guest-level ones into interrupts and returns only the
 * hypervisor-level ones.
 */
export const Exit = {
  /** The instruction budget ran out; NIP is the next instruction. */
  Budget: 0,
  /** `sc` (LEV=0): NIP is the instruction after the sc (as SRR0 would be). */
  SystemCall: 1,
  /** Illegal or unimplemented instruction: NIP is the instruction; exitWord holds its image. */
  IllegalInstruction: 2,
  /** Privileged instruction in problem state: NIP is the instruction. */
  PrivilegedInstruction: 3,
  /** tw/td/twi/tdi condition met: NIP is the instruction. */
  Trap: 4,
  /** Data storage fault: NIP is the instruction; exitAddress{Hi,Lo} is the EA (DAR). */
  DataStorage: 5,
  /** Instruction fetch fault: NIP is the address that could not be fetched. */
  InstructionStorage: 6,
  /** Alignment interrupt (e.g. lmw/stmw/lswx in little-endian mode, misaligned larx/stcx.). */
  Alignment: 7,
  /** A stop was requested by another thread (checked at taken branches); NIP is the next instruction. */
  StopRequested: 8,
  /**
   * System mode, guest state: Hypervisor Emulation Assistance (HEAI, 0xE40) — an
   * illegal instruction or a hypervisor-privileged one. HSRR0 = NIP = the
   * instruction, HSRR1 = MSR, HEIR = the instruction image as fetched.
   */
  HypervisorEmulationAssistance: 9,
  /** System mode: `sc 1`, a hypercall; NIP (and HSRR0) is the instruction after it. */
  Hypercall: 10,
  /**
   * System mode: a real address outside guest RAM (KVM's MMIO exit). NIP is the
   * instruction; exitAddress{Hi,Lo} the real address, exitAccess the access kind.
   */
  Mmio: 11,
  /**
   * Hypervisor single step (the `pr` model's native step): one instruction completed,
   * or it took an interrupt and NIP is the vector. Invisible to the guest.
   */
  DebugStep: 12,
  /** A hypervisor instruction breakpoint: NIP is the instruction, not yet executed. */
  DebugBreakpoint: 13,
  /**
   * A hypervisor watchpoint: NIP is the accessing instruction, the access not yet
   * performed; exitAddress{Hi,Lo} = the data EA, exitAccess = read or write.
   * Resuming with `resumeFlag` set performs it.
   */
  DebugWatchpoint: 14,
  /**
   * Linux-user: an enabled floating-point exception (the Program interrupt's FP
   * enabled kind, Book III 7.5.9), delivered as QEMU's linux-user does, whose
   * fp_exceptions_enabled() is always true there: NIP is the instruction; exitDetail
   * is the SIGFPE si_code (isa/fp/fpscr.ts FPE_*).
   */
  FloatingPointEnabled: 15,
} as const;
export type ExitCode = (typeof Exit)[keyof typeof Exit];

export const exitName = (code: number): string =>
  Object.entries(Exit).find(([, v]) => v === code)?.[0] ?? `Exit(${code})`;
