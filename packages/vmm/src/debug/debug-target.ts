import { SSTEP_ENABLE, SSTEP_NOIRQ, SSTEP_NOTIMER, type Target, type VcpuAction, type StopEvent, type BreakpointKind, type WatchpointKind } from '@hvstep/gdbstub';
import {
  encodeGuestDebug, KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_SW_BP, KVM_GUESTDBG_USE_HW_BP, KVM_GUESTDBG_BLOCKIRQ,
  KVMPPC_DEBUG_BREAKPOINT, KVMPPC_DEBUG_WATCH_READ, KVMPPC_DEBUG_WATCH_WRITE, KVM_REG_PPC_DEBUG_INST, type Vcpu, type VcpuExit,
} from '@hvstep/hypervisor';
import { W_MSR, MSR_LE } from '@hvstep/emulator-core';
import type { Machine } from '../machine.js';
import { GuestView } from './guest-view.js';
import { BreakpointTable } from './breakpoints.js';
import { EmulatedStepper } from './sstep/stepper.js';
import { runMonitorCommand, type MonitorHost, type StepMode } from './monitor.js';
import { readAllRegisters, writeAllRegisters, readRegister, writeRegister } from './registers.js';

type DebugExit = Extract<VcpuExit, { reason: 'debug' }>;

export interface DebugTargetOptions {
  /**
   * How GDB's single step is done: `emulated` (the seed's software single step with the
   * guest's Trace interrupt), `native` (KVM_GUESTDBG_SINGLESTEP, which only the `pr`
   * model honours), `off` (steps are not attempted: a step runs on, as on KVM-HV before
   * the series). Default: native where KVM_CAP_PPC_GUEST_DEBUG_SSTEP is 1, else emulated.
   */
  stepMode?: StepMode;
}

/** KVM_CAP_PPC_GUEST_DEBUG_SSTEP: 1 where the hypervisor steps natively. */
const KVM_CAP_PPC_GUEST_DEBUG_SSTEP = 176;

/**
 * The machine as GDB's target (all-stop). Software breakpoints are VM-global with use
 * counts (BreakpointTable), written with the word from KVM_REG_PPC_DEBUG_INST.
 * Hardware breakpoints and watchpoints use the hypervisor's comparators (USE_HW_BP).
 * Single step: see DebugTargetOptions.stepMode and sstep/.
 *
 * Stops: the first vCPU exit that is a stop for GDB stops every vCPU and is reported;
 * one that arrives while the VM is already held is queued and reported at the next
 * resume instead of running (GDB's all-stop sees one event per resume). Exits that
 * belong to the emulated step of another vCPU are never reported.
 */
export class MachineDebugTarget implements Target, MonitorHost {
  stepMode: StepMode;
  sstepFlags = SSTEP_ENABLE | SSTEP_NOIRQ | SSTEP_NOTIMER;
  private readonly view: GuestView;
  readonly breakpoints: BreakpointTable;
  readonly stepper: EmulatedStepper;
  private readonly hardware: { addr: bigint; type: number }[] = [];
  private readonly listeners = new Set<(event: StopEvent) => void>();
  /** What each vCPU was told at the last resume. */
  private actions: VcpuAction[] = [];
  /** True from a reported stop (or a client's arrival) until the next resume: the VM is GDB's. */
  private held = false;
  /** Settles when the stop that a client's arrival asked for is complete. */
  private attached: Promise<void> = Promise.resolve();
  private readonly queued: StopEvent[] = [];
  private readonly nativeStepping = new Set<number>();
  /**
   * A client is attached. USE_SW_BP then stays on for every vCPU: a vCPU released on its
   * own (after meeting another vCPU's step breakpoint) runs while the next step plants
   * words, and must exit on them rather than take a Program interrupt.
   */
  private clientAttached = false;

  constructor(readonly machine: Machine, options: DebugTargetOptions = {}) {
    this.stepMode = options.stepMode ?? (machine.vm.checkExtension(KVM_CAP_PPC_GUEST_DEBUG_SSTEP) === 1 ? 'native' : 'emulated');
    this.view = new GuestView(machine.vm);
    this.breakpoints = new BreakpointTable(machine.vm.memory, () => this.debugWord());
    this.stepper = new EmulatedStepper(machine.vm, this.view, this.breakpoints);
    this.actions = machine.vm.vcpus.map(() => 'stop');
    machine.debugListener = (exit, vcpu) => { void this.onDebugExit(exit, vcpu).catch((e: unknown) => this.fail(e)); };
  }

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
  private contextVcpu(): Vcpu { return this.vcpu(this.machine.startedVcpus[0] ?? 0); }

  /** Stops every vCPU and the guest clock: time does not pass for a guest held by the debugger. */
  private async stopGuest(): Promise<void> {
    await this.machine.stopAll();
    this.machine.vm.pauseClock();
    this.stepper.settleAtStop();
    this.nativeStepping.clear();
  }

  private emit(event: StopEvent): void {
    for (const l of this.listeners) l(event);
  }

  private async onDebugExit(exit: DebugExit, vcpu: Vcpu): Promise<void> {
    if (exit.exception === 0xe40) {
      const hit = this.stepper.hit(vcpu, exit.pc);
      if (hit?.kind === 'own') {
        const reportable = hit.record.state === 'active' && this.actions[vcpu.index] === 'step' && !this.held;
        this.stepper.complete(hit.record, vcpu, exit.pc);
        if (reportable) return this.report({ vcpu: vcpu.index, reason: 'step', signal: 5 });
        return this.resumeQuietly(vcpu);
      }
      if (hit?.kind === 'foreign') {
        // another vCPU's step breakpoint: not a stop; go on once it is gone
        await this.stepper.whenRemoved(hit.realAddress);
        return this.resumeQuietly(vcpu);
      }
      const pa = this.view.instructionAddress(vcpu, exit.pc);
      if (pa !== undefined && !this.breakpoints.has(pa, 'user')) {
        // a word removed between the fetch and now: run the instruction that is back
        if (!this.isDebugWord(pa)) return this.resumeQuietly(vcpu);
        // the guest's own copy of the debug word: an illegal instruction, shown as SIGILL
        return this.report({ vcpu: vcpu.index, reason: 'signal', signal: 4 });
      }
    }
    return this.report(this.stopEvent(exit, vcpu));
  }

  private stopEvent(exit: DebugExit, vcpu: Vcpu): StopEvent {
    const { status, address } = exit;
    if (status & KVMPPC_DEBUG_BREAKPOINT) return { vcpu: vcpu.index, reason: 'hwbreak', signal: 5 };
    if ((status & KVMPPC_DEBUG_WATCH_WRITE) && (status & KVMPPC_DEBUG_WATCH_READ)) return { vcpu: vcpu.index, reason: 'awatch', address, signal: 5 };
    if (status & KVMPPC_DEBUG_WATCH_WRITE) return { vcpu: vcpu.index, reason: 'watch', address, signal: 5 };
    if (status & KVMPPC_DEBUG_WATCH_READ) return { vcpu: vcpu.index, reason: 'rwatch', address, signal: 5 };
    if (exit.exception === 0xe40) return { vcpu: vcpu.index, reason: 'swbreak', signal: 5 };
    return { vcpu: vcpu.index, reason: 'step', signal: 5 };
  }

  /** Lets a vCPU that stopped for the stepper's sake run on, unless GDB holds the VM now. */
  private resumeQuietly(vcpu: Vcpu): void {
    if (this.held || this.actions[vcpu.index] === 'stop') return;
    this.applyGuestDebug(vcpu, false);
    this.machine.release([vcpu.index]);
  }

  private async report(event: StopEvent): Promise<void> {
    if (this.held) { this.queued.push(event); return; }
    this.held = true;
    await this.stopGuest();
    this.emit(event);
  }

  async vcpuCount(): Promise<number> { return this.machine.vm.vcpus.length; }
  async isLittleEndian(vcpu: number): Promise<boolean> { return (this.vcpu(vcpu).state.w[W_MSR]! & MSR_LE) !== 0; }
  async readRegisters(vcpu: number): Promise<Uint8Array> { await this.attached; return readAllRegisters(this.vcpu(vcpu)); }
  async writeRegisters(vcpu: number, data: Uint8Array): Promise<void> { await this.attached; writeAllRegisters(this.vcpu(vcpu), data); }
  async readRegister(vcpu: number, regnum: number): Promise<Uint8Array | undefined> { await this.attached; return readRegister(this.vcpu(vcpu), regnum); }
  async writeRegister(vcpu: number, regnum: number, data: Uint8Array): Promise<boolean> { await this.attached; return writeRegister(this.vcpu(vcpu), regnum, data); }

  /** Reads guest memory as the guest sees it: planted breakpoints show their original bytes. */
  async readMemory(vcpu: number, addr: bigint, length: number): Promise<Uint8Array> {
    await this.attached;
    return this.view.read(this.vcpu(vcpu), addr, length, (pa) => this.breakpoints.originalByte(pa));
  }

  /** A write over a planted breakpoint changes the instruction kept under it. */
  async writeMemory(vcpu: number, addr: bigint, data: Uint8Array): Promise<boolean> {
    await this.attached;
    return this.view.write(this.vcpu(vcpu), addr, data, (pa, byte) => this.breakpoints.writeUnder(pa, byte));
  }

  /** A queued stop still worth reporting: its breakpoint or comparator is still there. */
  private takeQueued(actions: readonly VcpuAction[]): StopEvent | undefined {
    while (this.queued.length > 0) {
      const event = this.queued.shift()!;
      // a Ctrl-C is answered by any stop; others only if that vCPU would run now
      if (event.reason === 'signal' || actions[event.vcpu] === 'stop' || actions[event.vcpu] === undefined) continue;
      if (event.reason === 'swbreak') {
        const pa = this.view.instructionAddress(this.vcpu(event.vcpu), this.vcpu(event.vcpu).state.nip);
        if (pa === undefined || !this.breakpoints.has(pa, 'user')) continue;
      } else if (event.reason !== 'step' && this.hardware.length === 0) continue;
      return event;
    }
    return undefined;
  }

  async resume(actions: readonly VcpuAction[]): Promise<void> {
    await this.attached;
    const queued = this.takeQueued(actions);
    if (queued) { queueMicrotask(() => this.emit(queued)); return; }
    const started = new Set(this.machine.startedVcpus);
    if (!actions.some((a, i) => a !== 'stop' && started.has(i))) {
      // nothing that exists can run (a thread before RTAS start-cpu): report it at once
      const first = actions.findIndex((a) => a !== 'stop');
      queueMicrotask(() => this.emit({ vcpu: Math.max(first, 0), reason: 'step', signal: 5 }));
      return;
    }
    // a step that will not be attempted (--sstep off, SSTEP_ENABLE clear) is a continue
    this.actions = this.machine.vm.vcpus.map((_, i) => {
      const action = actions[i] ?? 'stop';
      return action === 'step' && !this.stepsEnabled ? 'continue' : action;
    });
    const release: number[] = [];
    const stepping: number[] = [];
    this.actions.forEach((action, index) => {
      if (action === 'stop') return;
      if (action === 'step' && started.has(index)) stepping.push(index);
      release.push(index);
    });
    let runsCode = false;
    for (const index of stepping) runsCode = this.armStep(index) || runsCode;
    for (const v of this.machine.vm.vcpus) if (!v.running) this.applyGuestDebug(v, stepping.includes(v.index));
    this.held = false;
    // SSTEP_NOTIMER: time does not pass while only single instructions run (a step over
    // sc runs a whole handler, which may wait for the decrementer: time runs then)
    if (this.actions.includes('continue') || runsCode || (this.sstepFlags & SSTEP_NOTIMER) === 0) this.machine.vm.resumeClock();
    this.machine.release(release);
  }

  private get stepsEnabled(): boolean { return this.stepMode !== 'off' && (this.sstepFlags & SSTEP_ENABLE) !== 0; }

  /** Arms one vCPU's step; true when the step may run more than one instruction (a successor step). */
  private armStep(index: number): boolean {
    if (this.stepMode === 'native') { this.nativeStepping.add(index); return false; }
    const record = this.stepper.arm(this.vcpu(index), { asyncInterrupts: (this.sstepFlags & SSTEP_NOIRQ) === 0 });
    return record === undefined || record.plan.method === 'successor';
  }

  async interrupt(): Promise<void> {
    const first = this.machine.startedVcpus[0] ?? 0;
    await this.report({ vcpu: first, reason: 'signal', signal: 2 });
  }

  private isDebugWord(pa: number): boolean {
    const word = this.debugWord(), u8 = this.machine.vm.memory.u8;
    return u8[pa] === word[0] && u8[pa + 1] === word[1] && u8[pa + 2] === word[2] && u8[pa + 3] === word[3];
  }

  private debugWordBytes: Uint8Array | undefined;

  /** KVM_REG_PPC_DEBUG_INST, asked once: the hypervisor's word does not change. */
  private debugWord(): Uint8Array {
    if (!this.debugWordBytes) {
      const word = Number(this.vcpu(0).getOneReg(KVM_REG_PPC_DEBUG_INST));
      this.debugWordBytes = new Uint8Array(4);
      new DataView(this.debugWordBytes.buffer).setUint32(0, word, false);
    }
    return this.debugWordBytes; // 00 dd dd 00: the same in either byte order
  }

  async insertBreakpoint(kind: BreakpointKind, addr: bigint, length: number): Promise<boolean> {
    await this.attached;
    if (kind === 'hw') {
      if (this.hardware.filter((h) => h.type === KVMPPC_DEBUG_BREAKPOINT).length >= 4) return false;
      this.hardware.push({ addr, type: KVMPPC_DEBUG_BREAKPOINT });
      this.applyAll();
      return true;
    }
    const pa = this.view.instructionAddress(this.contextVcpu(), addr);
    if (pa === undefined || length !== 4 || (pa & 3) !== 0) return false;
    this.breakpoints.insert(pa, 'user');
    this.applyAll();
    return true;
  }

  async removeBreakpoint(kind: BreakpointKind, addr: bigint, _length: number): Promise<boolean> {
    if (kind === 'hw') {
      const i = this.hardware.findIndex((h) => h.addr === addr && h.type === KVMPPC_DEBUG_BREAKPOINT);
      if (i < 0) return false;
      this.hardware.splice(i, 1);
      this.applyAll();
      return true;
    }
    const pa = this.view.instructionAddress(this.contextVcpu(), addr);
    if (pa === undefined || !this.breakpoints.remove(pa, 'user')) return false;
    this.applyAll();
    return true;
  }

  async insertWatchpoint(kind: WatchpointKind, addr: bigint, _length: number): Promise<boolean> {
    if (this.hardware.filter((h) => h.type !== KVMPPC_DEBUG_BREAKPOINT).length >= 4) return false;
    this.hardware.push({ addr, type: watchType(kind) });
    this.applyAll();
    return true;
  }

  async removeWatchpoint(kind: WatchpointKind, addr: bigint, _length: number): Promise<boolean> {
    const i = this.hardware.findIndex((h) => h.addr === addr && h.type === watchType(kind));
    if (i < 0) return false;
    this.hardware.splice(i, 1);
    this.applyAll();
    return true;
  }

  /**
   * Removes every debugger breakpoint and setting and lets the VM run on. A step that
   * has not run is undone; one pending in an interrupt handler keeps its breakpoint
   * until its Trace fires, then it is hidden and removed without a stop.
   */
  async detach(): Promise<void> {
    this.clientAttached = false;
    this.breakpoints.clear('user');
    this.hardware.length = 0;
    this.stepper.abandon();
    this.queued.length = 0;
    this.nativeStepping.clear();
    this.actions = this.machine.vm.vcpus.map(() => 'continue');
    for (const v of this.machine.vm.vcpus) if (!v.running) this.applyGuestDebug(v, false);
    this.held = false;
    this.machine.vm.resumeClock();
    this.machine.release(this.machine.vm.vcpus.map((v) => v.index));
  }

  async kill(): Promise<void> { this.machine.kill(); }

  async monitor(command: string): Promise<string> { return runMonitorCommand(this, command); }

  /**
   * A session registers here when a client connects: like QEMU's gdbstub, the VM stops
   * for it (GDB expects a stopped target after `target remote`).
   */
  onStop(listener: (event: StopEvent) => void): () => void {
    if (!this.held) {
      this.held = true;
      this.attached = this.stopGuest();
    }
    this.clientAttached = true;
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  onExit(listener: (status: number) => void): () => void { return this.machine.onFinish(listener); }

  async stepFlags(): Promise<number> { return this.sstepFlags; }

  async setStepFlags(flags: number): Promise<boolean> {
    if ((flags & ~(SSTEP_ENABLE | SSTEP_NOIRQ | SSTEP_NOTIMER)) !== 0) return false;
    this.sstepFlags = flags;
    return true;
  }

  private applyAll(): void {
    for (const v of this.machine.vm.vcpus) if (!v.running) this.applyGuestDebug(v, this.actions[v.index] === 'step' && !this.held);
  }

  /**
   * KVM_SET_GUEST_DEBUG for one vCPU: USE_SW_BP whenever any word is planted (a user's
   * or a step's: another vCPU meeting a step breakpoint must exit, not take a Program
   * interrupt — spec scenario 24), USE_HW_BP with the comparators, SINGLESTEP for a
   * native step, and BLOCKIRQ on a stepping vCPU under SSTEP_NOIRQ.
   */
  private applyGuestDebug(vcpu: Vcpu, stepping: boolean): void {
    let control = 0;
    if (this.breakpoints.size > 0 || this.clientAttached) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP;
    if (this.hardware.length > 0) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP;
    if (stepping && this.nativeStepping.has(vcpu.index)) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP;
    if (stepping && this.stepsEnabled && (this.sstepFlags & SSTEP_NOIRQ) !== 0) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_BLOCKIRQ;
    // KVM_SET_GUEST_DEBUG only when something changed for this vCPU
    const key = `${control}:${this.hardware.map((h) => `${h.addr}/${h.type}`).join(',')}`;
    if (this.appliedDebug.get(vcpu.index) === key) return;
    this.appliedDebug.set(vcpu.index, key);
    vcpu.setGuestDebug(encodeGuestDebug(control, this.hardware));
  }

  private readonly appliedDebug = new Map<number, string>();
}

function watchType(kind: WatchpointKind): number {
  if (kind === 'write') return KVMPPC_DEBUG_WATCH_WRITE;
  if (kind === 'read') return KVMPPC_DEBUG_WATCH_READ;
  return KVMPPC_DEBUG_WATCH_READ | KVMPPC_DEBUG_WATCH_WRITE;
}
