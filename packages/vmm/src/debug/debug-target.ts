import {
  SSTEP_ENABLE, SSTEP_NOIRQ, SSTEP_NOTIMER, type BreakpointOps, type DetachReason, type MonitorOps, type SingleStepOps,
  type StopEvent, type Target, type VcpuAction, type WatchpointKind, type WatchpointOps,
} from '@hvstep/gdbstub';
import { KVM_CAP_PPC_GUEST_DEBUG_SSTEP, type Vcpu } from '@hvstep/hypervisor';
import { W_MSR, MSR_LE } from '@hvstep/emulator-core';
import type { Machine } from '../machine.js';
import { GuestView } from './guest-view.js';
import { BreakpointTable } from './breakpoints.js';
import { DebugWord } from './debug-word.js';
import { HardwareComparators } from './comparators.js';
import { GuestDebugSetter } from './guest-debug.js';
import { planResume, clockRuns } from './resume-plan.js';
import { routeDebugExit, SIGTRAP, type DebugExit } from './debug-exit.js';
import { StopArbiter, interruptedVcpu, SIGINT } from './stop-arbiter.js';
import { EmulatedStepper } from './sstep/stepper.js';
import { classify } from './sstep/instruction.js';
import { NonStopControl } from './non-stop.js';
import { runMonitorCommand, type MonitorHost, type StepMode } from './monitor.js';
import { readAllRegisters, writeAllRegisters, readRegister, writeRegister } from './registers.js';

export type BreakpointKind = 'sw' | 'hw';

/**
 * How many instructions of a lone vCPU's step or continue run on the main thread before
 * the vCPU's worker takes over (Vcpu.runInline): a step takes one to three, a
 * continue to a breakpoint in a loop a few dozen; at most about 50 µs of the
 * interpreter, which a run that goes on for longer loses.
 */
const INLINE_RUN_LIMIT = 2048;

export interface DebugTargetOptions {
  /**
   * How GDB's single step is done: `emulated` (the seed's software single step with the
   * guest's Trace interrupt), `native` (KVM_GUESTDBG_SINGLESTEP, which only the `pr`
   * model honours), `off` (steps are not attempted: a step runs on, as on KVM-HV before
   * the series). Default: native where KVM_CAP_PPC_GUEST_DEBUG_SSTEP is 1, else emulated.
   */
  stepMode?: StepMode;
}

/**
 * The machine as GDB's target (all-stop): the required core (registers, memory in a
 * vCPU's translation, run control) and every capability group the hypervisor backs —
 * software breakpoints (VM-global, with use counts, written with the word from
 * KVM_REG_PPC_DEBUG_INST), hardware breakpoints and watchpoints (the hypervisor's
 * comparators, when it has any), the single step (sstep/, or native) with QEMU's
 * sstep flags, and the monitor.
 *
 * Stops go through the StopArbiter: the first exit that is a stop for GDB stops every
 * vCPU and is reported; exits that belong to the emulated step of another vCPU are
 * never reported. In GDB's non-stop mode (non-stop.ts) the arbiter stands aside and
 * each vCPU stops, runs and steps on its own.
 */
export class MachineDebugTarget implements Target, MonitorHost {
  stepMode: StepMode;
  sstepFlags = SSTEP_ENABLE | SSTEP_NOIRQ | SSTEP_NOTIMER;
  private readonly view: GuestView;
  private readonly debugWord: DebugWord;
  readonly breakpoints: BreakpointTable;
  readonly comparators: HardwareComparators;
  readonly stepper: EmulatedStepper;
  /** MonitorHost: the stepper's statistics. */
  get stepCounts(): EmulatedStepper['counts'] { return this.stepper.counts; }
  private readonly arbiter: StopArbiter;
  /** What each vCPU was told at the last resume. */
  private actions: VcpuAction[];
  /** Settles when the stop that a client's arrival asked for is complete. */
  private attached: Promise<void> = Promise.resolve();
  /** Settles when the resume in progress has released its vCPUs. */
  private resuming: Promise<void> = Promise.resolve();
  private readonly nativeStepping = new Set<number>();
  private lastStopVcpu: number | undefined;
  /**
   * A client is attached. USE_SW_BP then stays on for every vCPU: a vCPU released on its
   * own (after meeting another vCPU's step breakpoint) runs while the next step plants
   * words, and must exit on them rather than take a Program interrupt.
   */
  private clientAttached = false;
  /** Some client has resumed (or detached from) the VM since the machine started. */
  private releasedOnce = false;
  private readonly guestDebug = new GuestDebugSetter();

  readonly softwareBreakpoints: BreakpointOps = {
    insert: (addr, length) => this.insertBreakpoint('sw', addr, length),
    remove: (addr, length) => this.removeBreakpoint('sw', addr, length),
  };
  readonly hardwareBreakpoints?: BreakpointOps;
  readonly watchpoints?: WatchpointOps;
  readonly singleStep: SingleStepOps = {
    flags: { get: async () => this.sstepFlags, set: async (flags) => this.setStepFlags(flags) },
  };
  readonly monitor: MonitorOps = { run: async (command) => runMonitorCommand(this, command) };
  readonly nonStop: NonStopControl;

  constructor(readonly machine: Machine, options: DebugTargetOptions = {}) {
    const vm = machine.vm;
    this.stepMode = options.stepMode ?? (vm.checkExtension(KVM_CAP_PPC_GUEST_DEBUG_SSTEP) === 1 ? 'native' : 'emulated');
    this.view = new GuestView(vm);
    this.debugWord = new DebugWord(() => this.vcpu(0));
    this.breakpoints = new BreakpointTable(vm.memory, () => this.debugWord.bytes);
    this.comparators = new HardwareComparators(vm, () => this.applyAll());
    this.stepper = new EmulatedStepper(vm, this.view, this.breakpoints);
    this.arbiter = new StopArbiter(() => this.stopGuest());
    this.actions = vm.vcpus.map(() => 'stop');
    this.nonStop = new NonStopControl({
      machine,
      whenAttached: () => this.attached,
      stepsEnabled: () => this.stepsEnabled,
      sstepFlags: () => this.sstepFlags,
      action: (i) => this.actions[i] ?? 'stop',
      setAction: (i, action) => { this.actions[i] = action; },
      armStep: (i) => this.armStep(i),
      applyGuestDebug: (v, stepping) => this.applyGuestDebug(v, stepping),
      settleVcpu: (i) => { this.stepper.settleVcpu(i); this.nativeStepping.delete(i); },
      holdAll: () => this.arbiter.hold(),
      releaseAll: () => { this.arbiter.clearQueue(); this.arbiter.release(); },
      markReleased: () => { this.releasedOnce = true; },
      emit: (event) => { this.lastStopVcpu = event.vcpu; this.arbiter.emitLater(event); },
    });
    if (this.comparators.breakpointSlots > 0) {
      this.hardwareBreakpoints = {
        insert: (addr, length) => this.insertBreakpoint('hw', addr, length),
        remove: (addr, length) => this.removeBreakpoint('hw', addr, length),
      };
    }
    if (this.comparators.watchpointSlots > 0) {
      this.watchpoints = {
        insert: (kind, addr, length) => this.insertWatchpoint(kind, addr, length),
        remove: (kind, addr, length) => this.removeWatchpoint(kind, addr, length),
      };
    }
    machine.debugListener = (exit, vcpu) => { void this.onDebugExit(exit, vcpu).catch((e: unknown) => this.fail(e)); };
  }

  /** The VM is the debugger's: stopped since a reported stop or an attach, until a resume or detach. */
  get held(): boolean { return this.arbiter.held; }

  private fail(e: unknown): void {
    this.machine.options.report?.(`hvstep: debugger: ${e instanceof Error ? e.message : String(e)}`);
    this.machine.kill();
  }

  private vcpu(index: number): Vcpu {
    const v = this.machine.vm.vcpus[index];
    if (!v) throw new RangeError(`no vCPU ${index}`);
    return v;
  }

  /** The vCPU whose address space GDB's breakpoint addresses are translated in. */
  private contextVcpu(): Vcpu {
    const started = this.machine.startedVcpus;
    return this.vcpu(started.find((i) => this.machine.isParked(i)) ?? started[0] ?? 0);
  }

  /**
   * The vCPU whose translation a memory access of `index` uses: itself when stopped
   * (always, in all-stop); in non-stop mode a running vCPU's registers change under
   * the access, so a parked vCPU's translation is used when there is one (the kernel's
   * addresses translate alike on every vCPU).
   */
  private memoryVcpu(index: number): Vcpu {
    if (!this.nonStop.enabled || !this.machine.startedVcpus.includes(index) || this.machine.isParked(index)) return this.vcpu(index);
    const parked = this.machine.startedVcpus.find((i) => this.machine.isParked(i));
    return this.vcpu(parked ?? index);
  }

  /** Stops every vCPU and the guest clock: time does not pass for a guest held by the debugger. */
  private async stopGuest(): Promise<void> {
    await this.machine.stopAll();
    // the stop's kicks are spent: a vCPU that had exited by itself (the step or breakpoint
    // being reported) would otherwise end its next run at once with an 'intr' exit. Not
    // when the machine is ending: its own kicks must end every vCPU's loop
    if (!this.machine.ended) for (const i of this.machine.startedVcpus) if (this.machine.isParked(i)) this.vcpu(i).withdrawKick();
    this.machine.vm.pauseClock();
    this.stepper.settleAtStop();
    this.nativeStepping.clear();
  }

  // ------------------------------------------------------------------ stops

  private async onDebugExit(exit: DebugExit, vcpu: Vcpu): Promise<void> {
    const decision = routeDebugExit(exit, vcpu, {
      stepper: this.stepper, view: this.view, breakpoints: this.breakpoints, debugWord: this.debugWord,
      memory: this.machine.vm.memory, action: this.actions[vcpu.index], held: this.arbiter.held,
    });
    if (decision.kind === 'stop') {
      if (this.nonStop.enabled) { this.nonStop.report(decision.event); return; }
      return this.report(decision.event);
    }
    if (decision.kind === 'run-on-after') await this.stepper.whenRemoved(decision.realAddress);
    this.resumeQuietly(vcpu);
  }

  private report(event: StopEvent): Promise<void> {
    this.lastStopVcpu = event.vcpu;
    return this.arbiter.report(event);
  }

  /** Lets a vCPU that stopped for the stepper's sake run on, unless GDB holds the VM now. */
  private resumeQuietly(vcpu: Vcpu): void {
    if (this.arbiter.held || this.actions[vcpu.index] === 'stop') return;
    this.applyGuestDebug(vcpu, false);
    this.machine.release([vcpu.index]);
  }

  /** A queued stop is still worth reporting when its breakpoint or comparator is still there. */
  private stillValid(event: StopEvent): boolean {
    if (event.reason === 'swbreak') {
      const v = this.vcpu(event.vcpu);
      const pa = this.view.instructionAddress(v, v.state.nip);
      return pa !== undefined && this.breakpoints.has(pa, 'user');
    }
    return event.reason === 'step' || this.comparators.size > 0;
  }

  // ------------------------------------------------------------------ core: registers and memory

  async vcpuCount(): Promise<number> { return this.machine.vm.vcpus.length; }
  async isLittleEndian(vcpu: number): Promise<boolean> { return (this.vcpu(vcpu).state.w[W_MSR]! & MSR_LE) !== 0; }
  async readRegisters(vcpu: number): Promise<Uint8Array> { await this.attached; return readAllRegisters(this.machine.vm, this.vcpu(vcpu)); }
  async writeRegisters(vcpu: number, data: Uint8Array): Promise<void> { await this.attached; writeAllRegisters(this.machine.vm, this.vcpu(vcpu), data); }
  async readRegister(vcpu: number, regnum: number): Promise<Uint8Array | undefined> { await this.attached; return readRegister(this.machine.vm, this.vcpu(vcpu), regnum); }
  readRegisterNow(vcpu: number, regnum: number): Uint8Array | undefined { return readRegister(this.machine.vm, this.vcpu(vcpu), regnum); }
  async writeRegister(vcpu: number, regnum: number, data: Uint8Array): Promise<boolean> { await this.attached; return writeRegister(this.machine.vm, this.vcpu(vcpu), regnum, data); }

  /** Reads guest memory as the guest sees it: planted breakpoints show their original bytes. */
  async readMemory(vcpu: number, addr: bigint, length: number): Promise<Uint8Array> {
    await this.attached;
    return this.view.read(this.memoryVcpu(vcpu), addr, length, (pa) => this.breakpoints.originalByte(pa));
  }

  /** A write over a planted breakpoint changes the instruction kept under it. */
  async writeMemory(vcpu: number, addr: bigint, data: Uint8Array): Promise<boolean> {
    await this.attached;
    return this.view.write(this.memoryVcpu(vcpu), addr, data, (pa, byte) => this.breakpoints.writeUnder(pa, byte));
  }

  // ------------------------------------------------------------------ core: run control

  /** A client connects: like QEMU's gdbstub, the VM stops for it (GDB expects a stopped target after `target remote`). */
  attach(): Promise<void> {
    this.clientAttached = true;
    this.attached = this.arbiter.hold();
    return this.attached;
  }

  onStop(listener: (event: StopEvent) => void): () => void { return this.arbiter.onStop(listener); }

  onExit(listener: (status: number) => void): () => void { return this.machine.onFinish(listener); }

  resume(actions: readonly VcpuAction[]): Promise<void> {
    const run = this.attached.then(() => this.start(actions));
    this.resuming = run.catch(() => undefined);
    return run;
  }

  private start(requested: readonly VcpuAction[]): void {
    const queued = this.arbiter.takeQueued(requested, (event) => this.stillValid(event));
    if (queued) { this.arbiter.emitLater(queued); return; }
    const plan = planResume(requested, { vcpuCount: this.machine.vm.vcpus.length, started: new Set(this.machine.startedVcpus), stepsEnabled: this.stepsEnabled });
    if (plan.kind === 'nothing-runs') {
      this.arbiter.emitLater({ vcpu: plan.vcpu, reason: 'step', signal: SIGTRAP });
      return;
    }
    this.actions = [...plan.actions];
    let longStep = false;
    for (const index of plan.stepping) longStep = this.armStep(index) || longStep;
    for (const v of this.machine.vm.vcpus) if (!v.running) this.applyGuestDebug(v, plan.stepping.includes(v.index));
    this.releasedOnce = true;
    this.arbiter.release();
    if (clockRuns(this.actions, longStep, this.sstepFlags)) this.machine.vm.resumeClock();
    if (plan.release.length === 1) {
      const lone = plan.release[0]!;
      // a plain step: run, recognise and report in one pass; anything else starts inline in run()
      if (!longStep && plan.stepping.length === 1) { if (this.runInline(lone)) return; }
      else this.vcpu(lone).inlineRunLimit = INLINE_RUN_LIMIT;
    }
    this.machine.release(plan.release);
  }

  /**
   * A plain step of the one vCPU released runs here, on the main thread, while the
   * machine still holds it parked (Vcpu.runInline). A debug exit is then taken as the
   * exit dispatcher would hand it over (onDebugExit: the step's own breakpoint is GDB's
   * stop, reported without the vCPU ever leaving its park; anything else lets it run
   * on); true then. Otherwise (it ran on, or another exit) the caller releases it, and
   * the dispatcher gets that exit from its next run. Not for a step over `sc` or a
   * `continue` (Vcpu.inlineRunLimit instead): with this path, gdb-e2e-interrupt's
   * h_cede tests, whose steps over H_CEDE leave the cede to the worker, failed in a
   * third of the runs, for a reason not found.
   */
  private runInline(index: number): boolean {
    if (this.machine.ended || !this.machine.isParked(index)) return false;
    const vcpu = this.vcpu(index);
    const exit = vcpu.runInline(INLINE_RUN_LIMIT);
    if (exit === undefined) return false;
    // the machine's listener, as its exit handler would call it (whoever wraps it sees this exit too)
    const listener = this.machine.debugListener;
    if (exit.reason !== 'debug' || !listener) { vcpu.deliverOnNextRun(exit); return false; }
    listener(exit, vcpu);
    return true;
  }

  get stepsEnabled(): boolean { return this.stepMode !== 'off' && (this.sstepFlags & SSTEP_ENABLE) !== 0; }

  /**
   * Arms one vCPU's step; true when the step may run more than one instruction: a
   * successor step, or any step over `sc`. A hypercall can block (H_CEDE waits for the
   * decrementer): QEMU's TCG lets the virtual clock run for every resumed CPU
   * (gdb_continue_partial), and its halted CPU leaves the wait when it has work
   * (cpu_handle_halt) even though SSTEP_NOIRQ keeps the interrupt from being taken
   * (cpu_handle_interrupt) — so a step over a cede ends at the next tick. Stopping the
   * clock there would leave that step waiting forever.
   */
  private armStep(index: number): boolean {
    const vcpu = this.vcpu(index);
    if (this.stepMode === 'native') {
      this.nativeStepping.add(index);
      const word = this.stepper.readInstruction(vcpu, vcpu.state.nip, (vcpu.state.w[W_MSR]! & MSR_LE) !== 0);
      return word !== undefined && classify(word).kind === 'sc';
    }
    const record = this.stepper.arm(vcpu, { asyncInterrupts: (this.sstepFlags & SSTEP_NOIRQ) === 0 });
    return record === undefined || record.plan.method === 'successor';
  }

  /**
   * Ctrl-C. Waits for a resume still releasing its vCPUs (an interrupt that overtook
   * it would find the VM held and be queued as nothing), then stops everything.
   */
  async interrupt(): Promise<void> {
    await this.resuming;
    const vcpu = interruptedVcpu(this.actions, this.machine.startedVcpus, this.lastStopVcpu);
    await this.report({ vcpu, reason: 'signal', signal: SIGINT });
  }

  /**
   * The client leaves: every debugger breakpoint and setting goes. A step that has not
   * run is undone; one pending in an interrupt handler keeps its breakpoint until its
   * Trace fires, then it is hidden and removed without a stop. The VM then runs on —
   * except after a disconnect from a VM started held (`-S`) that no client has resumed
   * yet: as with QEMU's -S, nothing runs until a client says so, and the next client
   * finds the reset state.
   */
  async detach(reason: DetachReason = 'detach'): Promise<void> {
    await this.attached;
    if (this.nonStop.enabled) {
      // stop everything first, as all-stop is when a client leaves: steps are settled on parked vCPUs
      await this.arbiter.hold();
      this.nonStop.reset();
    }
    this.clientAttached = false;
    this.breakpoints.clear('user');
    this.comparators.clear();
    this.stepper.abandon();
    this.arbiter.clearQueue();
    this.nativeStepping.clear();
    const keepHeld = reason === 'disconnect' && this.machine.startedPaused && !this.releasedOnce;
    this.actions = this.machine.vm.vcpus.map(() => (keepHeld ? 'stop' : 'continue'));
    for (const v of this.machine.vm.vcpus) if (!v.running) this.applyGuestDebug(v, false);
    if (keepHeld) return;
    this.releasedOnce = true;
    this.arbiter.release();
    this.machine.vm.resumeClock();
    this.machine.release(this.machine.vm.vcpus.map((v) => v.index));
  }

  async kill(): Promise<void> { this.machine.kill(); }

  // ------------------------------------------------------------------ breakpoints and watchpoints

  async insertBreakpoint(kind: BreakpointKind, addr: bigint, length: number): Promise<boolean> {
    await this.attached;
    if (kind === 'hw') return this.comparators.insertBreakpoint(addr);
    const pa = this.view.instructionAddress(this.contextVcpu(), addr);
    if (pa === undefined || length !== 4 || (pa & 3) !== 0) return false;
    this.breakpoints.insert(pa, 'user');
    this.applyAll();
    return true;
  }

  async removeBreakpoint(kind: BreakpointKind, addr: bigint, _length: number): Promise<boolean> {
    if (kind === 'hw') return this.comparators.removeBreakpoint(addr);
    const pa = this.view.instructionAddress(this.contextVcpu(), addr);
    if (pa === undefined || !this.breakpoints.remove(pa, 'user')) return false;
    this.applyAll();
    return true;
  }

  async insertWatchpoint(kind: WatchpointKind, addr: bigint, _length: number): Promise<boolean> {
    return this.comparators.insertWatchpoint(kind, addr);
  }

  async removeWatchpoint(kind: WatchpointKind, addr: bigint, _length: number): Promise<boolean> {
    return this.comparators.removeWatchpoint(kind, addr);
  }

  // ------------------------------------------------------------------ QEMU's sstep flags

  async setStepFlags(flags: number): Promise<boolean> {
    if ((flags & ~(SSTEP_ENABLE | SSTEP_NOIRQ | SSTEP_NOTIMER)) !== 0) return false;
    this.sstepFlags = flags;
    return true;
  }

  // ------------------------------------------------------------------ KVM_SET_GUEST_DEBUG

  private applyAll(): void {
    for (const v of this.machine.vm.vcpus) if (!v.running) this.applyGuestDebug(v, this.actions[v.index] === 'step' && !this.arbiter.held);
  }

  /** KVM_SET_GUEST_DEBUG for one vCPU (guest-debug.ts). */
  private applyGuestDebug(vcpu: Vcpu, stepping: boolean): void {
    this.guestDebug.apply(vcpu, {
      softwareBreakpoints: this.breakpoints.size > 0 || this.clientAttached,
      comparators: this.comparators.list,
      nativeStep: stepping && this.nativeStepping.has(vcpu.index),
      blockInterrupts: stepping && this.stepsEnabled && (this.sstepFlags & SSTEP_NOIRQ) !== 0,
    });
  }
}
