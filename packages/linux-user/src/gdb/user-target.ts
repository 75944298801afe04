import { Exit, run, ACCESS_READ, ACCESS_WRITE } from '@hvstep/emulator-core';
import type {
  Target, VcpuAction, StopEvent, DetachReason, BreakpointOps, WatchpointOps, WatchpointKind, SingleStepOps, SignalOps,
  CpuRegisterContext,
} from '@hvstep/gdbstub';
import { readCpuGPacket, writeCpuGPacket, readCpuRegisterBytes, writeCpuRegisterBytes } from '@hvstep/gdbstub';
import type { LinuxProcess } from '../process.js';
import { faultSignal } from '../runner.js';
import { SIG } from '../signals.js';
import { SoftwareBreakpoints } from './breakpoints.js';

/** Instructions per run() call while continuing: between two, Ctrl-C and the GDB socket are served. */
const SLICE = 1 << 16;

/**
 * A process's registers as ptrace shows them: the MSR is the kernel's (PT_MSR is
 * read-only, arch/powerpc/kernel/ptrace/ptrace-view.c) and the SPR feature's registers
 * are not a process's to write.
 */
const PROCESS_REGISTERS: CpuRegisterContext = { msrWritable: false, sprWritable: false };

/** Signals whose default action is to do nothing (signal(7)): passing one on changes nothing. */
const IGNORED_BY_DEFAULT: ReadonlySet<number> = new Set([SIG.CHLD, SIG.CONT, SIG.URG, SIG.WINCH]);

/**
 * A Linux-user process as a GDB target, like `qemu-ppc64le -g PORT`: one thread, held
 * before its first instruction until a client attaches; registers and memory are the
 * process's (memory under its page protections, so an unmapped address is an error
 * reply, never an exception); software breakpoints are trap words planted only while
 * it runs (breakpoints.ts); watchpoints are the core's hypervisor watchpoints, which
 * stop before the access as POWER's DAWR does (GDB steps over them itself); a guest
 * fault stops with its signal (qemu-user's gdb_handlesig) and is delivered — ending
 * the process, which runs no handlers — only when GDB resumes with that signal.
 * After a detach or a disconnect the process runs on freely to its end.
 */
export class UserProcessTarget implements Target {
  readonly singleStep: SingleStepOps = {};
  readonly softwareBreakpoints: BreakpointOps;
  readonly watchpoints: WatchpointOps;
  readonly signals: SignalOps;
  /** Resolves once the process has ended (exit, fatal signal, kill). */
  readonly ended: Promise<void>;

  private readonly bps: SoftwareBreakpoints;
  private readonly stopListeners = new Set<(ev: StopEvent) => void>();
  private readonly exitListeners = new Set<(status: number, signal?: number) => void>();
  private endedResolve!: () => void;
  private attached = false;
  private running = false;
  private interruptRequested = false;
  /** Resolvers waiting for the run loop to pause without reporting (a new client attaching mid-run). */
  private pauseWaiters: (() => void)[] = [];
  /** The signal of the last fault stop: what the process would receive. */
  private pendingSignal = 0;
  /** hvstep's line for that fault, printed if it ends the process. */
  private pendingMessage = '';
  /** The signal GDB passes with the next resume (`C`/`S`, vCont `C`/`S`). */
  private resumeSignal = 0;

  constructor(readonly process: LinuxProcess) {
    this.bps = new SoftwareBreakpoints(process);
    this.ended = new Promise((resolve) => (this.endedResolve = resolve));
    this.softwareBreakpoints = {
      insert: async (addr, length) => length === 4 && this.bps.insert(addr),
      remove: async (addr) => this.bps.remove(addr),
    };
    this.watchpoints = {
      insert: async (kind, addr, length) => this.insertWatch(kind, addr, length),
      remove: async (kind, addr, length) => this.removeWatch(kind, addr, length),
    };
    this.signals = { setResumeSignals: async (signals) => { this.resumeSignal = signals[0] ?? 0; } };
  }

  // ------------------------------------------------------------------ core

  async vcpuCount(): Promise<number> { return 1; }
  async isLittleEndian(): Promise<boolean> { return this.process.elf.littleEndian; }
  async readRegisters(): Promise<Uint8Array> { return readCpuGPacket(this.process.cpu.state, this.process.elf.littleEndian, PROCESS_REGISTERS); }
  async writeRegisters(_vcpu: number, data: Uint8Array): Promise<void> {
    writeCpuGPacket(this.process.cpu.state, data, this.process.elf.littleEndian, PROCESS_REGISTERS);
  }
  async readRegister(_vcpu: number, regnum: number): Promise<Uint8Array | undefined> {
    return readCpuRegisterBytes(this.process.cpu.state, regnum, this.process.elf.littleEndian, PROCESS_REGISTERS);
  }
  async writeRegister(_vcpu: number, regnum: number, data: Uint8Array): Promise<boolean> {
    return writeCpuRegisterBytes(this.process.cpu.state, regnum, data, this.process.elf.littleEndian, PROCESS_REGISTERS);
  }

  /** Stops at the first byte the process may not read (qemu-user's page_get_flags check). */
  async readMemory(_vcpu: number, addr: bigint, length: number): Promise<Uint8Array> {
    const a = this.process.access;
    let n = 0;
    while (n < length && a.check(addr + BigInt(n), 1, ACCESS_READ) >= 0) n++;
    return n === 0 ? new Uint8Array(0) : a.read(addr, n)!;
  }

  async writeMemory(_vcpu: number, addr: bigint, data: Uint8Array): Promise<boolean> {
    if (this.process.access.check(addr, data.length, ACCESS_WRITE) < 0) return false;
    return this.process.access.write(addr, data);
  }

  async attach(): Promise<void> {
    this.attached = true;
    if (this.running) await new Promise<void>((resolve) => this.pauseWaiters.push(resolve));
  }

  async resume(actions: readonly VcpuAction[]): Promise<void> {
    const action = actions[0] ?? 'stop';
    const signal = this.resumeSignal;
    this.resumeSignal = 0;
    if (action === 'stop' || this.running) return;
    this.interruptRequested = false;
    this.running = true;
    setImmediate(() => void this.runLoop(action === 'step', signal));
  }

  async interrupt(): Promise<void> {
    if (this.running) this.interruptRequested = true;
  }

  async detach(_reason: DetachReason): Promise<void> {
    this.attached = false;
    this.bps.clear();
    this.clearWatchpoints();
    this.pendingSignal = 0;
    this.resumeSignal = 0;
    if (!this.running && !this.process.exited) {
      this.running = true;
      setImmediate(() => void this.runLoop(false, 0));
    }
  }

  async kill(): Promise<void> {
    this.attached = false;
    this.bps.clear();
    this.clearWatchpoints();
    if (!this.process.exited) this.process.kill(SIG.KILL);
    if (!this.running) this.finish();
  }

  onStop(listener: (event: StopEvent) => void): () => void {
    this.stopListeners.add(listener);
    return () => this.stopListeners.delete(listener);
  }

  onExit(listener: (status: number, signal?: number) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  // ------------------------------------------------------------------ run control

  /**
   * Runs one step or until a stop; reports it (or the end) once. Between slices it
   * yields to the event loop so that GDB's Ctrl-C and a disconnect are seen.
   */
  private async runLoop(step: boolean, signal: number): Promise<void> {
    const p = this.process, cpu = p.cpu;
    if (signal !== 0) this.deliver(signal);
    this.pendingSignal = 0;
    cpu.syncTlb(p.space.generation);
    let stop: StopEvent | undefined;
    if (!p.exited && step) {
      stop = this.handle(run(cpu, 1)) ?? { vcpu: 0, reason: 'step', signal: SIG.TRAP };
    } else if (!p.exited) {
      // an instruction under a breakpoint runs once before the traps go in (GDB has
      // usually stepped over it already)
      if (this.attached && this.bps.has(cpu.state.nip)) stop = this.handle(run(cpu, 1));
      while (!stop && !p.exited) {
        if (this.pauseWaiters.length > 0) break;
        if (this.attached && this.interruptRequested) { stop = { vcpu: 0, reason: 'signal', signal: SIG.INT }; break; }
        if (this.attached && !this.bps.planted) this.bps.plant();
        stop = this.handle(run(cpu, SLICE));
        if (!stop && !p.exited) await new Promise((resolve) => setImmediate(resolve));
      }
    }
    this.bps.lift();
    this.running = false;
    this.interruptRequested = false;
    if (p.exited) { this.finish(); return; }
    const waiters = this.pauseWaiters.splice(0);
    if (waiters.length > 0) { for (const w of waiters) w(); return; }
    if (stop && this.attached) this.emitStop(stop);
    else if (!this.attached) { this.running = true; setImmediate(() => void this.runLoop(false, 0)); }
  }

  /** The outcome of one run() call: a stop to report, or undefined to go on. */
  private handle(exit: number): StopEvent | undefined {
    const p = this.process, cpu = p.cpu;
    switch (exit) {
      case Exit.Budget:
      case Exit.StopRequested:
        return undefined;
      case Exit.SystemCall:
        p.syscall();
        cpu.syncTlb(p.space.generation);
        return undefined;
      case Exit.DebugWatchpoint: {
        const address = (BigInt(cpu.exitAddressHi >>> 0) << 32n) | BigInt(cpu.exitAddressLo >>> 0);
        const w = cpu.hvWatchpoints.find((x) => address + 16n > BigInt(x.start) && address < BigInt(x.end));
        const reason = !w || w.access === (ACCESS_READ | ACCESS_WRITE) ? 'awatch' : w.access === ACCESS_READ ? 'rwatch' : 'watch';
        return { vcpu: 0, reason, signal: SIG.TRAP, address: w ? BigInt(w.start) : address };
      }
    }
    if (exit === Exit.Trap && this.bps.planted && this.bps.has(cpu.state.nip)) return { vcpu: 0, reason: 'swbreak', signal: SIG.TRAP };
    const fault = faultSignal(p, exit);
    if (!this.attached) { p.kill(fault.signal, fault.message); return undefined; }
    this.pendingSignal = fault.signal;
    this.pendingMessage = fault.message;
    return { vcpu: 0, reason: 'signal', signal: fault.signal };
  }

  /**
   * GDB resumes with a signal: with no handlers run by hvstep, a signal whose default
   * action terminates ends the process (as the fault's own delivery would); one
   * ignored by default is dropped.
   */
  private deliver(signal: number): void {
    if (IGNORED_BY_DEFAULT.has(signal)) return;
    this.process.kill(signal, signal === this.pendingSignal ? this.pendingMessage : `killed by signal ${signal} at 0x${this.process.cpu.state.nip.toString(16)}`);
  }

  private emitStop(ev: StopEvent): void {
    for (const l of [...this.stopListeners]) l(ev);
  }

  private finish(): void {
    this.bps.clear();
    this.clearWatchpoints();
    const status = this.process.exitStatus ?? 128 + SIG.KILL;
    const signal = this.process.termSignal;
    if (this.attached) for (const l of [...this.exitListeners]) l(status, signal || undefined);
    this.endedResolve();
  }

  // ------------------------------------------------------------------ watchpoints

  private insertWatch(kind: WatchpointKind, addr: bigint, length: number): boolean {
    if (length <= 0 || addr < 0n || addr + BigInt(length) > 0x100000000n) return false;
    const access = kind === 'write' ? ACCESS_WRITE : kind === 'read' ? ACCESS_READ : ACCESS_READ | ACCESS_WRITE;
    this.process.cpu.hvWatchpoints.push({ hi: 0, start: Number(addr), end: Number(addr) + length, access });
    this.process.cpu.debugFacilitiesChanged();
    return true;
  }

  private removeWatch(kind: WatchpointKind, addr: bigint, length: number): boolean {
    const access = kind === 'write' ? ACCESS_WRITE : kind === 'read' ? ACCESS_READ : ACCESS_READ | ACCESS_WRITE;
    const list = this.process.cpu.hvWatchpoints;
    const i = list.findIndex((w) => w.start === Number(addr) && w.end === Number(addr) + length && w.access === access);
    if (i < 0) return false;
    list.splice(i, 1);
    this.process.cpu.debugFacilitiesChanged();
    return true;
  }

  private clearWatchpoints(): void {
    this.process.cpu.hvWatchpoints.length = 0;
    this.process.cpu.debugFacilitiesChanged();
  }
}
