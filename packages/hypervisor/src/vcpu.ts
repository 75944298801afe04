import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { makeInspector, withMainThreadExits, type VcpuInspector } from './worker/inspector.js';
import { CpuState, sprWord, W_GPR, W_NIP, W_MSR, W_CR, W_XER, W_LR, W_CTR, CONTROL_WORDS_PER_VCPU, CTL_REQUESTS, REQUEST_STOP, CTL_EXTERNAL, REQUEST_INTERRUPT_CHECK } from '@hvstep/emulator-core';
import * as M from './mailbox.js';
import { readExit, type VcpuExit } from './exits.js';
import { VcpuRunner, RUN_UNFINISHED } from './worker/vcpu-runner.js';
import { registerFileOf, controlBlockOf, CTL_QUANTUM, QUANTUM_RUNNING, QUANTUM_STOP_PENDING, type VcpuShared } from './shared.js';
import { oneRegRead, oneRegWrite } from './one-reg-access.js';
import { decodeGuestDebug, GUEST_DEBUG_SIZE } from './kvm/guest-debug.js';


/** Registers as KVM_GET_REGS/KVM_SET_REGS carry them (struct kvm_regs for powerpc, the fields a debugger uses). */
export interface VcpuRegs {
  gpr: bigint[];
  pc: bigint;
  msr: bigint;
  cr: number;
  xer: number;
  lr: bigint;
  ctr: bigint;
}

/**
 * A vCPU as userspace holds it (the KVM vcpu file descriptor). Its guest runs on
 * its own worker thread (or in-process for tests); its registers live in a shared
 * register file that userspace reads and writes directly while the vCPU is stopped.
 */
export class Vcpu {
  readonly state: CpuState;
  readonly mailbox: Int32Array;
  private readonly controls: Int32Array;
  private worker: Worker | undefined;
  private runner: VcpuRunner | undefined;
  /** The main thread's runner for this vCPU's brief runs (created at the first). */
  private mainRunner: VcpuRunner | undefined;
  private remote: VcpuInspector | undefined;
  private runningPromise: Promise<VcpuExit> | undefined;
  /** The last exit (for the dispatcher and debuggers). */
  lastExit: VcpuExit | undefined;
  private failure: string | undefined;
  /**
   * Set by a debugger for the next run only (a `continue` of this one vCPU, a step over
   * `sc`): run() starts it on the calling thread as runInline does, for up to this many
   * instructions, and goes on in the worker if it has not exited by then.
   */
  inlineRunLimit = 0;
  /** An exit runInline() produced that the next run() returns at once (deliverOnNextRun). */
  private delivered: VcpuExit | undefined;

  constructor(readonly shared: VcpuShared, inProcess: boolean, private readonly onFailure: (vcpu: Vcpu, error: string) => void) {
    this.state = registerFileOf(shared);
    this.mailbox = new Int32Array(shared.mailbox);
    this.controls = controlBlockOf(shared);
    if (inProcess) this.runner = new VcpuRunner(shared);
    else this.startWorker();
  }

  get index(): number { return this.shared.index; }
  get running(): boolean { return this.runningPromise !== undefined; }
  get failed(): string | undefined { return this.failure; }

  private startWorker(): void {
    const worker = new Worker(new URL('./worker/vcpu-worker.js', import.meta.url), { workerData: this.shared });
    worker.on('error', (e) => this.markFailed(`vCPU ${this.index} worker crashed: ${e.message}`));
    worker.on('exit', (code) => {
      if (code !== 0 && !this.failure) this.markFailed(`vCPU ${this.index} worker exited with code ${code}`);
    });
    worker.unref();
    this.worker = worker;
  }

  /** Records a failure that happened outside the worker's own error path, and wakes a waiting run(). */
  private markFailed(message: string): void {
    if (Atomics.load(this.mailbox, M.MB_STATE) !== M.VcpuState.Failed) {
      M.writeError(this.mailbox, message);
      Atomics.store(this.mailbox, M.MB_STATE, M.VcpuState.Failed);
      Atomics.add(this.mailbox, M.MB_EXIT_SEQ, 1);
      Atomics.notify(this.mailbox, M.MB_EXIT_SEQ);
    }
  }

  /** KVM_RUN: runs the guest until an exit userspace must handle. */
  run(): Promise<VcpuExit> {
    if (this.runningPromise) throw new Error(`vCPU ${this.index} is already running`);
    if (this.failure) return Promise.reject(new Error(this.failure));
    const delivered = this.delivered;
    this.delivered = undefined;
    const p = delivered ? Promise.resolve(delivered) : this.runner ? this.runInProcess() : this.runOnWorker();
    this.runningPromise = p;
    return p.then(
      (exit) => { this.runningPromise = undefined; this.lastExit = exit; if (exit.reason === 'failed') this.noteFailure(exit.error); return exit; },
      (e: unknown) => { this.runningPromise = undefined; throw e; },
    );
  }

  private noteFailure(error: string): void {
    this.failure = error;
    this.onFailure(this, error);
  }

  private async runInProcess(): Promise<VcpuExit> {
    Atomics.store(this.controls, this.index * CONTROL_WORDS_PER_VCPU + CTL_QUANTUM, QUANTUM_RUNNING);
    await Promise.resolve();
    try {
      this.runner!.runUntilExit();
    } catch (e) {
      M.writeError(this.mailbox, e instanceof Error ? e.message : String(e));
      Atomics.store(this.mailbox, M.MB_STATE, M.VcpuState.Failed);
    }
    return readExit(this.mailbox, (n) => this.state.gpr(n));
  }

  private async runOnWorker(): Promise<VcpuExit> {
    const mb = this.mailbox;
    const seq = Atomics.load(mb, M.MB_EXIT_SEQ);
    if (Atomics.load(mb, M.MB_STATE) === M.VcpuState.Failed) return readExit(mb, (n) => this.state.gpr(n));
    const inline = this.inlineRunLimit;
    this.inlineRunLimit = 0;
    // an inline run that has not exited goes on in the worker, from where it was left
    if (inline > 0 && this.runOnMainThread(inline) !== RUN_UNFINISHED) return readExit(mb, (n) => this.state.gpr(n));
    // from here a kick waits for the run's first quantum (shared.ts CTL_QUANTUM)
    Atomics.store(this.controls, this.index * CONTROL_WORDS_PER_VCPU + CTL_QUANTUM, QUANTUM_RUNNING);
    Atomics.store(mb, M.MB_STATE, M.VcpuState.RunRequested);
    Atomics.notify(mb, M.MB_STATE);
    // a pending Atomics.waitAsync does not keep Node's event loop alive: the worker does while it runs
    this.worker?.ref();
    try {
      while (Atomics.load(mb, M.MB_EXIT_SEQ) === seq) {
        const wait = Atomics.waitAsync(mb, M.MB_EXIT_SEQ, seq);
        if (wait.async) await wait.value;
      }
    } finally {
      this.worker?.unref();
    }
    return readExit(mb, (n) => this.state.gpr(n));
  }

  /**
   * A debugger's run of this stopped vCPU on the calling (main) thread, for up to
   * `limit` instructions, with the interpreter (a few instructions do not pay for
   * translating blocks), on a VcpuRunner of its own over the same register file and
   * memory: its exit, or undefined when it has not exited by then (the next run() goes on
   * in the worker from there). The worker, parked between runs, takes the vCPU back at
   * its next run (worker/runner-handover.ts). A hand-off to the worker and back costs two
   * thread wake-ups, several times a step on a busy host, where QEMU's user-mode gdbstub
   * runs the CPU in the thread that read the packet. An exit the caller does not handle
   * itself goes to the exit dispatcher through deliverOnNextRun.
   */
  runInline(limit: number): VcpuExit | undefined {
    this.assertStopped('runInline');
    if (this.failure || this.delivered) return undefined;
    if (this.runner ? this.runInProcessFor(limit) === RUN_UNFINISHED : this.runOnMainThread(limit) === RUN_UNFINISHED) return undefined;
    const exit = readExit(this.mailbox, (n) => this.state.gpr(n));
    this.lastExit = exit;
    return exit;
  }

  /** An in-process vCPU's runInline: its own runner, limited. */
  private runInProcessFor(limit: number): number {
    try {
      return this.runner!.runUntilExit(limit);
    } catch (e) {
      M.writeError(this.mailbox, e instanceof Error ? e.message : String(e));
      Atomics.store(this.mailbox, M.MB_STATE, M.VcpuState.Failed);
      return 0;
    }
  }

  /** A limited run on the calling thread with the main thread's runner: the KVM exit reason, or RUN_UNFINISHED. */
  private runOnMainThread(limit: number): number {
    this.mainRunner ??= new VcpuRunner(this.shared, M.RUNNER_MAIN, 'interp');
    try {
      return this.mainRunner.runUntilExit(limit);
    } catch (e) {
      M.writeError(this.mailbox, e instanceof Error ? e.message : String(e));
      Atomics.store(this.mailbox, M.MB_STATE, M.VcpuState.Failed);
      return 0;
    }
  }

  /** The next run() returns `exit` (from runInline) without running: the exit dispatcher then handles it as any other. */
  deliverOnNextRun(exit: VcpuExit): void {
    this.assertStopped('deliverOnNextRun');
    this.delivered = exit;
  }

  /** Asks the running guest to stop (a KVM "kick"): run() then resolves with an 'intr' exit. */
  kick(): void {
    const base = this.index * CONTROL_WORDS_PER_VCPU;
    // in its run's first quantum the vCPU takes the stop when the quantum ends (shared.ts CTL_QUANTUM)
    if (Atomics.compareExchange(this.controls, base + CTL_QUANTUM, QUANTUM_RUNNING, QUANTUM_STOP_PENDING) === QUANTUM_RUNNING) return;
    Atomics.or(this.controls, base + CTL_REQUESTS, REQUEST_STOP);
    Atomics.notify(this.controls, base + CTL_REQUESTS);
  }

  /**
   * Withdraws a kick that found the vCPU stopped already (it had exited for another
   * reason before the request was seen): otherwise its next run would end at once with
   * an 'intr' exit, a wasted round trip. KVM likewise clears kvm_run.immediate_exit
   * for the next KVM_RUN. Only for a stopped vCPU.
   */
  withdrawKick(): void {
    this.assertStopped('withdrawKick');
    Atomics.and(this.controls, this.index * CONTROL_WORDS_PER_VCPU + CTL_REQUESTS, ~REQUEST_STOP);
  }

  /**
   * KVM_INTERRUPT (KVM_INTERRUPT_SET_LEVEL / KVM_INTERRUPT_UNSET): drives the vCPU's
   * external interrupt line, the output of its interrupt presenter. The line is a
   * level: the core takes the External interrupt while it is asserted and MSR[EE]=1;
   * a vCPU idling in H_CEDE wakes when it is raised. Callable from the main thread
   * while the vCPU runs.
   */
  setInterruptLine(asserted: boolean): void {
    const base = this.index * CONTROL_WORDS_PER_VCPU;
    if (Atomics.exchange(this.controls, base + CTL_EXTERNAL, asserted ? 1 : 0) === (asserted ? 1 : 0)) return;
    if (!asserted) return;
    Atomics.or(this.controls, base + CTL_REQUESTS, REQUEST_INTERRUPT_CHECK);
    Atomics.notify(this.controls, base + CTL_REQUESTS);
  }

  /** Whether the external interrupt line is asserted (for tests and tools). */
  get interruptLine(): boolean {
    return Atomics.load(this.controls, this.index * CONTROL_WORDS_PER_VCPU + CTL_EXTERNAL) !== 0;
  }

  /** Waits for a running vCPU to come back (after a kick). */
  async settle(): Promise<void> {
    if (this.runningPromise) await this.runningPromise.catch(() => undefined);
  }

  private assertStopped(what: string): void {
    if (this.runningPromise) throw new Error(`${what}: vCPU ${this.index} is running`);
  }

  // ---- registers (KVM_GET_REGS / KVM_SET_REGS / KVM_GET_ONE_REG / KVM_SET_ONE_REG) ----

  getRegs(): VcpuRegs {
    const s = this.state;
    return {
      gpr: Array.from({ length: 32 }, (_, n) => s.gpr(n)),
      pc: s.nip, msr: s.msr, cr: s.cr, xer: s.xer, lr: s.lr, ctr: s.ctr,
    };
  }

  setRegs(regs: Partial<VcpuRegs>): void {
    this.assertStopped('setRegs');
    const s = this.state;
    regs.gpr?.forEach((v, n) => s.setGpr(n, v));
    if (regs.pc !== undefined) s.nip = regs.pc;
    if (regs.msr !== undefined) s.msr = regs.msr;
    if (regs.cr !== undefined) s.cr = regs.cr;
    if (regs.xer !== undefined) s.xer = regs.xer;
    if (regs.lr !== undefined) s.lr = regs.lr;
    if (regs.ctr !== undefined) s.ctr = regs.ctr;
    Atomics.store(this.mailbox, M.MB_REGS_DIRTY, 1);
  }

  getSpr(spr: number): bigint { return this.state.spr(spr); }

  /** Tell the vCPU thread that userspace wrote the register file directly (reload before running). */
  markRegistersDirty(): void {
    this.assertStopped('markRegistersDirty');
    Atomics.store(this.mailbox, M.MB_REGS_DIRTY, 1);
  }

  setSpr(spr: number, value: bigint): void {
    this.assertStopped('setSpr');
    this.state.setSpr(spr, value);
    Atomics.store(this.mailbox, M.MB_REGS_DIRTY, 1);
  }

  getOneReg(id: bigint): bigint { return oneRegRead(this.state, id); }

  setOneReg(id: bigint, value: bigint): void {
    this.assertStopped('setOneReg');
    oneRegWrite(this.state, id, value);
    Atomics.store(this.mailbox, M.MB_REGS_DIRTY, 1);
  }

  /**
   * KVM_SET_GUEST_DEBUG with the byte-exact struct kvm_guest_debug (kvm/guest-debug.ts).
   * Takes effect when the vCPU next runs.
   */
  setGuestDebug(bytes: Uint8Array): void {
    if (bytes.length !== GUEST_DEBUG_SIZE) throw new RangeError(`struct kvm_guest_debug is ${GUEST_DEBUG_SIZE} bytes, got ${bytes.length}`);
    const { control, breakpoints } = decodeGuestDebug(bytes);
    const mb = this.mailbox;
    mb[M.MB_GUESTDBG_CONTROL] = control;
    mb[M.MB_BREAKPOINT_COUNT] = breakpoints.length;
    breakpoints.forEach((b, i) => {
      mb[M.MB_BREAKPOINTS + 3 * i] = Number(b.addr & 0xffffffffn) | 0;
      mb[M.MB_BREAKPOINTS + 3 * i + 1] = Number(b.addr >> 32n) | 0;
      mb[M.MB_BREAKPOINTS + 3 * i + 2] = b.type;
    });
    Atomics.add(mb, M.MB_DEBUG_GENERATION, 1);
  }

  /** The guest-debug control word in force (SINGLESTEP is stored even where it is ignored). */
  get guestDebugControl(): number { return this.mailbox[M.MB_GUESTDBG_CONTROL]!; }

  /** How to complete the instruction of the last MMIO exit. */
  setMmioResponse(response: number): void { this.mailbox[M.MB_MMIO_RESPONSE] = response; }

  /**
   * Rich, rare questions (radix walks, statistics) answered by the vCPU's own thread
   * over comlink; only while the vCPU is stopped.
   */
  inspector(): VcpuInspector {
    if (this.runner) return makeInspector(this.runner);
    if (!this.worker) throw new Error(`vCPU ${this.index} has no thread`);
    // end the worker's synchronous wait for a run request, so that it serves the call now
    // (one that lands while the worker polls after a step waits at most its 20 ms wait)
    Atomics.notify(this.mailbox, M.MB_STATE);
    this.remote ??= Comlink.wrap<VcpuInspector>(nodeEndpoint(this.worker)) as unknown as VcpuInspector;
    return this.mainRunner ? withMainThreadExits(this.remote, this.mainRunner) : this.remote;
  }

  /** Stops the thread for good. */
  async terminate(): Promise<void> {
    if (this.worker) {
      Atomics.store(this.mailbox, M.MB_STATE, M.VcpuState.Terminate);
      Atomics.notify(this.mailbox, M.MB_STATE);
      this.kick();
      await this.worker.terminate();
      this.worker = undefined;
    }
  }

  /** Register-file word indices, for tools that want the raw view. */
  static readonly words = { W_GPR, W_NIP, W_MSR, W_CR, W_XER, W_LR, W_CTR, sprWord };
}
