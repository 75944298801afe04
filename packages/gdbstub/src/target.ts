/**
 * The interface a machine implements to be debugged (packages/vmm will implement it).
 * Everything is async. vCPUs are numbered from 0; GDB sees them as threads 1..n of
 * process 1 (tid = vcpu + 1).
 *
 * All-stop semantics: when the target reports a stop through the listener given to
 * `onStop`, every vCPU is already stopped. Register bytes are in the guest's current
 * byte order (MSR[LE] of that vCPU), laid out as in regmap.ts.
 */

/** What one vCPU does on resume. `stop` = stays stopped. */
export type VcpuAction = 'continue' | 'step' | 'stop';

export type StopReason = 'step' | 'swbreak' | 'hwbreak' | 'watch' | 'rwatch' | 'awatch' | 'signal';

export interface StopEvent {
  /** The vCPU that caused the stop (reported as the stop thread). */
  readonly vcpu: number;
  readonly reason: StopReason;
  /** Data address for watch/rwatch/awatch. */
  readonly address?: bigint;
  /** Signal number reported to GDB (5 = SIGTRAP for steps and breakpoints, 2 = SIGINT). */
  readonly signal: number;
}

export type BreakpointKind = 'sw' | 'hw';

/**
 * QEMU's single-step flags (gdbstub `qqemu.sstepbits`): ENABLE=1, NOIRQ=2, NOTIMER=4.
 * NOIRQ: the stepping vCPU takes no asynchronous interrupt during a step; NOTIMER:
 * the guest clock does not run while only stepping vCPUs run.
 */
export const SSTEP_ENABLE = 0x1;
export const SSTEP_NOIRQ = 0x2;
export const SSTEP_NOTIMER = 0x4;
export type WatchpointKind = 'write' | 'read' | 'access';

export interface Target {
  /** Number of vCPUs (threads). */
  vcpuCount(): Promise<number>;
  /** True when the vCPU currently runs little-endian (MSR[LE]). */
  isLittleEndian(vcpu: number): Promise<boolean>;
  /** All registers as in the `g` packet (G_PACKET_SIZE bytes, guest byte order). */
  readRegisters(vcpu: number): Promise<Uint8Array>;
  /** Writes all registers (G_PACKET_SIZE bytes). */
  writeRegisters(vcpu: number, data: Uint8Array): Promise<void>;
  /** One register by GDB number, or undefined if it does not exist. */
  readRegister(vcpu: number, regnum: number): Promise<Uint8Array | undefined>;
  /** Writes one register; false if it does not exist or cannot be written. */
  writeRegister(vcpu: number, regnum: number, data: Uint8Array): Promise<boolean>;
  /** Reads virtual memory in that vCPU's context; may return fewer bytes (stops at the first unreadable one). */
  readMemory(vcpu: number, addr: bigint, length: number): Promise<Uint8Array>;
  /** Writes virtual memory in that vCPU's context; false if any byte could not be written. */
  writeMemory(vcpu: number, addr: bigint, data: Uint8Array): Promise<boolean>;
  /**
   * Resumes: `actions[i]` is what vCPU i does. Returns once started; the stop comes later
   * through the stop listener (possibly before this promise settles).
   */
  resume(actions: readonly VcpuAction[]): Promise<void>;
  /** Ctrl-C: stop all vCPUs; reported through the stop listener (usually signal 2). */
  interrupt(): Promise<void>;
  insertBreakpoint(kind: BreakpointKind, addr: bigint, length: number): Promise<boolean>;
  removeBreakpoint(kind: BreakpointKind, addr: bigint, length: number): Promise<boolean>;
  insertWatchpoint(kind: WatchpointKind, addr: bigint, length: number): Promise<boolean>;
  removeWatchpoint(kind: WatchpointKind, addr: bigint, length: number): Promise<boolean>;
  /** The debugger leaves: remove its breakpoints and let the guest run on. */
  detach(): Promise<void>;
  /** The debugger kills the guest. */
  kill(): Promise<void>;
  /** `monitor CMD` in GDB; returns text shown to the user. */
  monitor(command: string): Promise<string>;
  /** Registers the stop listener; returns a function that unregisters it. */
  onStop(listener: (event: StopEvent) => void): () => void;
  /**
   * Registers a listener for the end of the guest (power-off, failure, kill) with its
   * exit status: the session answers a pending resume with `W<status>`.
   */
  onExit(listener: (status: number) => void): () => void;
  /** The SSTEP_* flags in force. */
  stepFlags(): Promise<number>;
  /** Sets the SSTEP_* flags; false if the combination is not supported. */
  setStepFlags(flags: number): Promise<boolean>;
}
