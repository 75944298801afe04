/**
 * The interface a machine implements to be debugged: a small required core (threads,
 * registers, memory, run control, stop and exit events) and optional capability
 * groups. The stub advertises only what the target offers: `qSupported` and `vCont?`
 * are built from the groups present (features.ts), and a packet for a missing group
 * gets the empty reply, GDB's "not supported" (so GDB falls back, e.g. to software
 * watchpoints or its own software single step).
 *
 * Everything is async. vCPUs are numbered from 0; GDB sees them as threads 1..n of
 * process 1 (tid = vcpu + 1).
 *
 * All-stop semantics (the default): when the target reports a stop through the
 * listener given to `onStop`, every vCPU is already stopped. In non-stop mode (the
 * optional `nonStop` group, switched on by the client's QNonStop:1) each stop event
 * concerns its vCPU only; the others run on. Register bytes are in the guest's current
 * byte order (MSR[LE] of that vCPU), laid out as in regmap.ts.
 */

/** What one vCPU does on resume. `stop` = stays stopped; `step` only when the target has `singleStep`. */
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

/**
 * Why the stub lets go of the target: `detach` is GDB's `D` (the user asked for it);
 * `disconnect` is the connection going away without one (GDB killed, a client that
 * only probed the port). A target may treat them differently: a VM started held
 * (`-S`) stays held after a disconnect until some client resumes it.
 */
export type DetachReason = 'detach' | 'disconnect';

/** The required core. */
export interface TargetCore {
  /** Number of vCPUs (threads). */
  vcpuCount(): Promise<number>;
  /** True when the vCPU currently runs little-endian (MSR[LE]): the byte order of its registers. */
  isLittleEndian(vcpu: number): Promise<boolean>;
  /** All registers as in the `g` packet (G_PACKET_SIZE bytes, guest byte order). */
  readRegisters(vcpu: number): Promise<Uint8Array>;
  /** Writes all registers (G_PACKET_SIZE bytes). */
  writeRegisters(vcpu: number, data: Uint8Array): Promise<void>;
  /** One register by GDB number, or undefined if it does not exist. */
  readRegister(vcpu: number, regnum: number): Promise<Uint8Array | undefined>;
  /** Writes one register; false if it does not exist or cannot be written. */
  writeRegister(vcpu: number, regnum: number, data: Uint8Array): Promise<boolean>;
  /**
   * Optional: one register of the vCPU whose stop is being reported, read at once (the
   * stop reply's expedited registers, without a promise and its turn of the event loop
   * each). Called only while that vCPU is stopped.
   */
  readRegisterNow?(vcpu: number, regnum: number): Uint8Array | undefined;
  /** Reads virtual memory in that vCPU's context; may return fewer bytes (stops at the first unreadable one). */
  readMemory(vcpu: number, addr: bigint, length: number): Promise<Uint8Array>;
  /** Writes virtual memory in that vCPU's context; false if any byte could not be written. */
  writeMemory(vcpu: number, addr: bigint, data: Uint8Array): Promise<boolean>;
  /**
   * A client connected: stop every vCPU (QEMU's gdbstub stops the VM when the
   * connection opens, gdb_chr_event). Packets are handled once this has settled.
   */
  attach(): Promise<void>;
  /**
   * Resumes: `actions[i]` is what vCPU i does. Returns once started; the stop comes later
   * through the stop listener (possibly before this promise settles). The stub calls
   * `interrupt()` for this resume only after this promise has settled.
   */
  resume(actions: readonly VcpuAction[]): Promise<void>;
  /** Ctrl-C: stop all vCPUs; reported through the stop listener (usually signal 2). */
  interrupt(): Promise<void>;
  /** The stub lets go: remove every debugger breakpoint and setting (see DetachReason). */
  detach(reason: DetachReason): Promise<void>;
  /** The debugger kills the guest. */
  kill(): Promise<void>;
  /** Registers the stop listener; returns a function that unregisters it. */
  onStop(listener: (event: StopEvent) => void): () => void;
  /**
   * Registers a listener for the end of the guest (power-off, failure, kill) with its
   * exit status: the session answers a pending resume with `W<status>`. A user-mode
   * target whose process a signal killed passes that signal: the answer is then
   * `X<signal>` (qemu-user's gdb_signalled).
   */
  onExit(listener: (status: number, signal?: number) => void): () => void;
}

/** `Z0`/`Z1` and their `z`: breakpoints of one kind at an instruction address. */
export interface BreakpointOps {
  /** False when it cannot be planted (the address does not translate, no comparator left). */
  insert(addr: bigint, length: number): Promise<boolean>;
  /** False when there was none. */
  remove(addr: bigint, length: number): Promise<boolean>;
}

export type WatchpointKind = 'write' | 'read' | 'access';

/** `Z2`-`Z4` and their `z`: hardware watchpoints. */
export interface WatchpointOps {
  insert(kind: WatchpointKind, addr: bigint, length: number): Promise<boolean>;
  remove(kind: WatchpointKind, addr: bigint, length: number): Promise<boolean>;
}

/** `qRcmd` (GDB's `monitor CMD`). */
export interface MonitorOps {
  /** Returns the text shown to the user (empty: the stub answers `OK`). */
  run(command: string): Promise<string>;
}

/**
 * QEMU's single-step flags (gdbstub `qqemu.sstepbits`): ENABLE=1, NOIRQ=2, NOTIMER=4.
 * NOIRQ: the stepping vCPU takes no asynchronous interrupt during a step; NOTIMER:
 * the guest clock does not run while only stepping vCPUs run.
 */
export const SSTEP_ENABLE = 0x1;
export const SSTEP_NOIRQ = 0x2;
export const SSTEP_NOTIMER = 0x4;

/** `qqemu.sstep` / `Qqemu.sstep=`: the SSTEP_* flags in force. */
export interface StepFlagOps {
  get(): Promise<number>;
  /** False when the combination is not supported (the stub answers QEMU's E22). */
  set(flags: number): Promise<boolean>;
}

/** The target single-steps: `resume` honours `step` actions. */
export interface SingleStepOps {
  /** QEMU's sstep packets; absent = those packets get the empty reply. */
  readonly flags?: StepFlagOps;
}

/**
 * GDB's non-stop mode (`set non-stop on`): vCPUs stop, run and step one by one. While
 * it is on, every stop of a vCPU (a breakpoint, a step's end, a `stop` request) comes
 * through the stop listener on its own, with only that vCPU stopped; `resume` and
 * `interrupt` of the core are not used.
 */
export interface NonStopOps {
  /**
   * QNonStop:1 / QNonStop:0. Switching on keeps every vCPU as it is (stopped after an
   * attach); switching off stops every vCPU without reporting it (all-stop's view).
   */
  setEnabled(on: boolean): Promise<void>;
  /** The vCPUs stopped for the debugger now, ascending. */
  stopped(): Promise<number[]>;
  /**
   * Resumes some vCPUs: `actions[i]` for vCPU i, `undefined` leaves it as it is
   * (running or stopped). A stopped vCPU told `continue` or `step` runs; a running one
   * is left running (a `step` for a running vCPU is ignored). Resolves once started.
   */
  resume(actions: readonly (Exclude<VcpuAction, 'stop'> | undefined)[]): Promise<void>;
  /**
   * Stops the given vCPUs (vCont `t`, vCtrlC). Each one that was running is reported
   * through the stop listener with `signal` (0 for `t`, 2 for an interrupt); one already
   * stopped is not reported again. Resolves once they are stopped.
   */
  stop(vcpus: readonly number[], signal: number): Promise<void>;
}

/**
 * The signals GDB resumes with (`C sig`, `S sig`, vCont `C`/`S`): a user-mode target
 * delivers them to the program (qemu-user's gdb_handlesig). Without this group the
 * signal of a resume is dropped, as a system emulator does.
 */
export interface SignalOps {
  /** Called before each `resume`: `signals[i]` is vCPU i's signal, 0 for none. */
  setResumeSignals(signals: readonly number[]): Promise<void>;
}

/** Optional capability groups: each absent group's packets are answered as unsupported. */
export interface TargetCapabilities {
  /** vCont `s`/`S`, legacy `s`/`S`. */
  readonly singleStep?: SingleStepOps;
  /** `Z0`: software breakpoints (qSupported `swbreak+`). */
  readonly softwareBreakpoints?: BreakpointOps;
  /** `Z1`: hardware breakpoints (qSupported `hwbreak+`). */
  readonly hardwareBreakpoints?: BreakpointOps;
  /** `Z2`-`Z4`: hardware watchpoints. */
  readonly watchpoints?: WatchpointOps;
  /** `qRcmd`. */
  readonly monitor?: MonitorOps;
  /** QNonStop, vStopped, vCtrlC and non-stop vCont (qSupported `QNonStop+`). */
  readonly nonStop?: NonStopOps;
  /** Signals passed on resume. */
  readonly signals?: SignalOps;
}

export type Target = TargetCore & TargetCapabilities;
