import {
  advanceNip,
  Arena, Cpu, GuestMemory, GuestClock, RadixTranslation, Exit, runnerFor, type RunFunction, deliverInterrupt, Vector, PROGRAM_ILLEGAL,
  W_NIP, W_MSR, W_GPR, sprWord, SPR_LPCR, SPR_HEIR, CONTROL_WORDS_PER_VCPU, CTL_REQUESTS, REQUEST_STOP, REQUEST_INTERRUPT_CHECK,
  CTL_DOORBELL, CTL_EXTERNAL, TIMEBASE_HZ,
  MSR_HI_SF, MSR_ME,
} from '@hvstep/emulator-core';
import * as M from '../mailbox.js';
import { PartitionState } from '../partition.js';
import { CTL_PROD, CTL_QUANTUM, QUANTUM_NONE, QUANTUM_STOP_PENDING, FIRST_QUANTUM, registerFileOf, controlBlockOf, type VcpuShared } from '../shared.js';
import { handleInKernel, HcallOutcome } from '../hcall/in-kernel.js';
import { applyGuestDebug, type GuestDebugState } from './guest-debug.js';
import { adoptRunnerState, handoverDoubles, publishRunnerState, type ResumeFlags } from './runner-handover.js';
import {
  KVM_EXIT_DEBUG, KVM_EXIT_PAPR_HCALL, KVM_EXIT_MMIO, KVM_EXIT_INTR, KVMPPC_INST_SW_BREAKPOINT,
  KVMPPC_DEBUG_BREAKPOINT, KVMPPC_DEBUG_WATCH_READ, KVMPPC_DEBUG_WATCH_WRITE, KVMPPC_DEBUG_NONE, kvmExitName,
} from '../kvm/constants.js';

/** Instructions per call into the core between looks at the partition state. */
const SLICE = 1 << 16;
/** Longest idle wait of a ceded vCPU before it rechecks the decrementer (ms). */
const MAX_CEDE_WAIT_MS = 50;
/** Time base ticks per millisecond (the decrementer counts at the time base rate). */
const TICKS_PER_MS = TIMEBASE_HZ / 1000;
/**
 * kvm_debug_exit_arch.exception of each debug exit: the vector of the interrupt that
 * stands for the event — HEAI for the software breakpoint (Book3S-HV takes the debug
 * instruction as one, kvmppc_handle_exit_hv), Trace for a native step and for an
 * instruction-address breakpoint, Data Storage for a watchpoint (what a DAWR match
 * raises in the guest).
 */
const EXCEPTION_SW_BREAKPOINT = Vector.HypervisorEmulationAssistance;
const EXCEPTION_STEP = Vector.Trace;
const EXCEPTION_HW_BREAKPOINT = Vector.Trace;
const EXCEPTION_WATCHPOINT = Vector.DataStorage;
/** runUntilExit's answer when its instruction limit ran out before an exit. */
export const RUN_UNFINISHED = -1;

/**
 * KVM's vcpu run loop for one vCPU (arch/powerpc/kvm/book3s_hv.c
 * kvmppc_vcpu_run_hv and its exit handlers), in a worker thread or in-process for
 * tests: runs the core until an event that userspace must see, handling the rest
 * here — in-kernel hypercalls, HEAI (a software breakpoint, or a Program interrupt
 * injected into the guest), idling in H_CEDE, partition-wide changes.
 */
export class VcpuRunner {
  readonly cpu: Cpu;
  readonly mailbox: Int32Array;
  readonly controls: Int32Array;
  readonly partition: PartitionState;
  readonly radix: RadixTranslation;
  private readonly base: number;
  private partitionGeneration = -1;
  private debugGeneration = -1;
  readonly debug: GuestDebugState = { control: 0, useSoftwareBreakpoints: false, singleStep: false };
  /** Exits reported to userspace, by KVM reason name (statistics for tools). */
  readonly exitCounts: Record<string, number> = {};
  /**
   * What one run leaves for the next (handed over with the vCPU, runner-handover.ts):
   * `mmio`, the instruction of an MMIO exit to complete; `debugStop` with its NIP, a
   * hardware breakpoint or watchpoint stop to resume past (x86's RF); `stepComplete`, a
   * native step (KVM-PR) whose instruction was a hypercall that userspace handled — the
   * step is complete when the vCPU resumes, before anything else runs; `cede`, an H_CEDE
   * the main thread's runner left to the worker to idle in.
   */
  private readonly resume: ResumeFlags = { mmio: false, debugStop: false, debugStopLo: 0, debugStopHi: 0, stepComplete: false, cede: false };
  private readonly handover: Float64Array;

  /** The engine's run function (interp/run.ts or jit/run.ts): same contract. */
  private readonly runGuest: RunFunction;

  /**
   * @param role RUNNER_WORKER for the vCPU's own thread, RUNNER_MAIN for the main thread
   *   running a debugger's step in place (which never idles: a cede goes to the worker)
   * @param engine the engine to run: the vCPU's, or the interpreter for a few instructions
   */
  constructor(readonly shared: VcpuShared, private readonly role: number = M.RUNNER_WORKER, engine = shared.engine) {
    this.runGuest = runnerFor(engine);
    // in an arena, RAM, registers and control words are its parts (the engine `wasm`);
    // only the vCPU's own runner takes its place there (TLB, jump cache, TLB epoch): the
    // main thread's runner, stepping in place with its own debug state, keeps a TLB of
    // its own, so that it never fills the worker's with a page the worker's watchpoints
    // cover (the worker flushes its TLB when it takes the registers back, sync)
    const arena = shared.arena ? Arena.attach(shared.arena) : undefined;
    const memory = arena?.guestMemory(shared.memoryQuadLocks) ?? new GuestMemory(shared.memory, shared.memoryQuadLocks);
    this.radix = new RadixTranslation(memory);
    this.cpu = new Cpu(memory, this.radix, registerFileOf(shared), arena && role === M.RUNNER_WORKER ? { arena, vcpu: shared.index } : undefined);
    this.cpu.systemMode = true;
    this.cpu.clock = new GuestClock(shared.clock);
    this.controls = controlBlockOf(shared);
    this.cpu.controls = this.controls;
    this.base = shared.index * CONTROL_WORDS_PER_VCPU;
    this.cpu.controlBase = this.base;
    this.cpu.index = shared.index;
    this.mailbox = new Int32Array(shared.mailbox);
    this.partition = new PartitionState(shared.partition);
    this.handover = handoverDoubles(this.mailbox);
    this.cpu.syncFromState();
  }

  /** Resets the register file to the state a vCPU starts in (MSR: SF, ME; the rest zero). */
  static initialMsr(): [number, number] { return [MSR_HI_SF, MSR_ME]; }

  /** Picks up what userspace or other vCPUs changed while this one was stopped. */
  private sync(): void {
    const mb = this.mailbox;
    if (Atomics.exchange(mb, M.MB_REGS_DIRTY, 0) !== 0) this.cpu.syncFromState();
    const gen = Atomics.load(mb, M.MB_DEBUG_GENERATION);
    if (gen !== this.debugGeneration) {
      this.debugGeneration = gen;
      applyGuestDebug(this.cpu, mb, this.debug, this.shared.model);
    }
    this.syncPartition();
  }

  private syncPartition(): void {
    const gen = this.partition.generation;
    if (gen === this.partitionGeneration) return;
    this.partitionGeneration = gen;
    const w = sprWord(SPR_LPCR);
    this.cpu.r[w] = this.partition.lpcrLo; this.cpu.r[w + 1] = this.partition.lpcrHi;
    const table = this.partition.processTable;
    if (table) this.radix.setProcessTable(table.base, table.sizeLog2);
    else this.radix.clearProcessTable();
    this.cpu.flushTlb();
  }

  /**
   * Runs the guest until an exit for userspace and writes it into the mailbox;
   * returns the KVM exit reason, or RUN_UNFINISHED when `limit` instructions ran
   * without one (the vCPU can then be run on by either runner).
   */
  runUntilExit(limit = Infinity): number {
    if (Atomics.load(this.mailbox, M.MB_RUNNER) !== this.role) {
      adoptRunnerState(this.cpu, this.mailbox, this.handover, this.resume);
      this.debugGeneration = -1;
      this.partitionGeneration = -1;
    }
    const reason = this.runToExit(limit);
    this.endQuantum();
    publishRunnerState(this.cpu, this.mailbox, this.handover, this.resume, this.role);
    return reason;
  }

  /** Closes the run's first quantum (shared.ts CTL_QUANTUM); a kick held meanwhile becomes the stop request it was. */
  private endQuantum(): void {
    if (Atomics.exchange(this.controls, this.base + CTL_QUANTUM, QUANTUM_NONE) === QUANTUM_STOP_PENDING) {
      Atomics.or(this.controls, this.base + CTL_REQUESTS, REQUEST_STOP);
    }
  }

  private runToExit(limit: number): number {
    this.sync();
    const cpu = this.cpu, resume = this.resume;
    if (resume.mmio) this.completeMmio();
    if (resume.debugStop) {
      // resuming at the instruction a comparator stopped: let it complete once
      resume.debugStop = false;
      cpu.resumeFlag = cpu.r[W_NIP] === resume.debugStopLo && cpu.r[W_NIP + 1] === resume.debugStopHi;
    }
    if (resume.stepComplete) {
      resume.stepComplete = false;
      if (cpu.hvSingleStep) return this.reportDebug(EXCEPTION_STEP, KVMPPC_DEBUG_NONE, 0, 0);
    }
    if (resume.cede) {
      // the rest of an H_CEDE the main thread's runner met (below)
      resume.cede = false;
      if (!this.cede()) return this.report(KVM_EXIT_INTR);
      if (cpu.hvSingleStep) return this.reportDebug(EXCEPTION_STEP, KVMPPC_DEBUG_NONE, 0, 0);
    }
    let left = limit;
    let quantum = true;
    for (;;) {
      // a guest can keep the core exiting without a taken branch (an interrupt storm
      // on an empty vector): look at the stop request on every pass as well
      if ((Atomics.load(this.controls, this.base + CTL_REQUESTS) & REQUEST_STOP) !== 0) {
        Atomics.and(this.controls, this.base + CTL_REQUESTS, ~REQUEST_STOP);
        return this.report(KVM_EXIT_INTR);
      }
      const most = quantum ? FIRST_QUANTUM : SLICE;
      const slice = left < most ? left : most;
      const exit = this.runGuest(cpu, slice);
      if (quantum) { quantum = false; this.endQuantum(); }
      switch (exit) {
        case Exit.Budget:
          this.syncPartition();
          left -= slice;
          if (left <= 0) return RUN_UNFINISHED;
          continue;
        case Exit.StopRequested:
          Atomics.and(this.controls, this.base + CTL_REQUESTS, ~REQUEST_STOP);
          return this.report(KVM_EXIT_INTR);
        case Exit.Hypercall: {
          const outcome = handleInKernel({ cpu, partition: this.partition, controls: this.controls, vcpuCount: this.shared.vcpuCount });
          if (outcome === HcallOutcome.Userspace) {
            Atomics.store(this.mailbox, M.MB_HCALL_NR, cpu.r[W_GPR + 6]!);
            this.resume.stepComplete = cpu.hvSingleStep;
            return this.report(KVM_EXIT_PAPR_HCALL);
          }
          this.syncPartition();
          if (outcome === HcallOutcome.Cede) {
            // the main thread must not idle: its runner leaves the cede to the worker
            if (this.role === M.RUNNER_MAIN) { this.resume.cede = true; return RUN_UNFINISHED; }
            if (!this.cede()) return this.report(KVM_EXIT_INTR);
          }
          // a native step of `sc 1` ends after the hypercall, at the next instruction
          if (cpu.hvSingleStep) return this.reportDebug(EXCEPTION_STEP, KVMPPC_DEBUG_NONE, 0, 0);
          continue;
        }
        case Exit.HypervisorEmulationAssistance:
          if (this.handleEmulationAssistance()) return this.reportDebug(EXCEPTION_SW_BREAKPOINT, KVMPPC_DEBUG_NONE, 0, 0);
          continue;
        case Exit.Mmio:
          return this.reportMmio();
        case Exit.DebugStep:
          return this.reportDebug(EXCEPTION_STEP, KVMPPC_DEBUG_NONE, 0, 0);
        case Exit.DebugBreakpoint:
          this.noteDebugStop();
          return this.reportDebug(EXCEPTION_HW_BREAKPOINT, KVMPPC_DEBUG_BREAKPOINT, 0, 0);
        case Exit.DebugWatchpoint:
          this.noteDebugStop();
          return this.reportDebug(EXCEPTION_WATCHPOINT, cpu.exitAccess === 2 ? KVMPPC_DEBUG_WATCH_WRITE : KVMPPC_DEBUG_WATCH_READ, cpu.exitAddressHi, cpu.exitAddressLo);
        default:
          throw new Error(`vCPU ${this.shared.index}: unexpected core exit ${exit} at 0x${(cpu.state.nip).toString(16)}`);
      }
    }
  }

  /**
   * HEAI as Book3S-HV handles it (kvmppc_handle_exit_hv, BOOK3S_INTERRUPT_H_EMUL_ASSIST):
   * the debug instruction with USE_SW_BP is a KVM_EXIT_DEBUG; anything else (an
   * illegal instruction, the debug word without USE_SW_BP, a hypervisor-only
   * instruction or SPR) becomes a Program interrupt (illegal) in the guest.
   * Returns true when userspace must see it.
   */
  private handleEmulationAssistance(): boolean {
    const cpu = this.cpu;
    const heir = cpu.r[sprWord(SPR_HEIR)]!;
    if (heir === KVMPPC_INST_SW_BREAKPOINT && this.debug.useSoftwareBreakpoints) return true;
    deliverInterrupt(cpu, Vector.Program, cpu.r[W_NIP + 1]!, cpu.r[W_NIP]!, PROGRAM_ILLEGAL);
    return false;
  }

  /**
   * H_CEDE: idle until an interrupt is deliverable (decrementer, doorbell, external)
   * or another vCPU prods this one. Returns false when a stop request ends the idle
   * (the vCPU then exits to userspace, still ceded from the guest's point of view:
   * H_CEDE has returned H_SUCCESS, as an interrupted cede does).
   */
  private cede(): boolean {
    const ctl = this.controls, base = this.base, cpu = this.cpu;
    // an idle vCPU has nothing to run: its first quantum ends here
    this.endQuantum();
    for (;;) {
      const requests = Atomics.load(ctl, base + CTL_REQUESTS);
      if (requests & REQUEST_STOP) return false;
      // an H_PROD sent before this cede still counts (KVM's vcpu->arch.prodded)
      if (Atomics.exchange(ctl, base + CTL_PROD, 0) !== 0) break;
      if (requests & REQUEST_INTERRUPT_CHECK) break;
      // a doorbell or external interrupt already pending wakes at once (kvmppc_vcpu_woken)
      if (Atomics.load(ctl, base + CTL_DOORBELL) !== 0 || Atomics.load(ctl, base + CTL_EXTERNAL) !== 0) break;
      const untilDec = cpu.decrementerExpiry === Number.MAX_SAFE_INTEGER ? Infinity
        : (cpu.decrementerExpiry - cpu.clock.ticks()) / TICKS_PER_MS;
      if (untilDec <= 0) break;
      Atomics.wait(ctl, base + CTL_REQUESTS, requests, Math.min(MAX_CEDE_WAIT_MS, Math.max(untilDec, 0.05)));
    }
    // let the core deliver whatever woke us at its next look
    Atomics.or(ctl, base + CTL_REQUESTS, REQUEST_INTERRUPT_CHECK);
    return true;
  }

  private noteDebugStop(): void {
    this.resume.debugStop = true;
    this.resume.debugStopLo = this.cpu.r[W_NIP]!;
    this.resume.debugStopHi = this.cpu.r[W_NIP + 1]!;
  }

  private reportMmio(): number {
    const cpu = this.cpu, mb = this.mailbox;
    mb[M.MB_MMIO_ADDRESS] = cpu.exitAddressLo; mb[M.MB_MMIO_ADDRESS + 1] = cpu.exitAddressHi;
    mb[M.MB_MMIO_WRITE] = cpu.exitAccess === 2 ? 1 : 0;
    mb[M.MB_MMIO_LENGTH] = 0;
    mb[M.MB_MMIO_RESPONSE] = M.MmioResponse.MachineCheck;
    this.resume.mmio = true;
    return this.report(KVM_EXIT_MMIO);
  }

  /** Completes the instruction of an MMIO exit as userspace asked. */
  private completeMmio(): void {
    this.resume.mmio = false;
    const cpu = this.cpu;
    if (this.mailbox[M.MB_MMIO_RESPONSE] === M.MmioResponse.Skip) {
      advanceNip(cpu);
      return;
    }
    deliverInterrupt(cpu, Vector.MachineCheck, cpu.r[W_NIP + 1]!, cpu.r[W_NIP]!, 0);
  }

  private reportDebug(exception: number, status: number, addressHi: number, addressLo: number): number {
    const mb = this.mailbox, r = this.cpu.r;
    mb[M.MB_DEBUG_EXCEPTION] = exception;
    mb[M.MB_DEBUG_STATUS] = status;
    mb[M.MB_DEBUG_PC] = r[W_NIP]!; mb[M.MB_DEBUG_PC + 1] = r[W_NIP + 1]!;
    mb[M.MB_DEBUG_ADDRESS] = addressLo; mb[M.MB_DEBUG_ADDRESS + 1] = addressHi;
    return this.report(KVM_EXIT_DEBUG);
  }

  private report(reason: number): number {
    const name = kvmExitName(reason);
    this.exitCounts[name] = (this.exitCounts[name] ?? 0) + 1;
    Atomics.store(this.mailbox, M.MB_EXIT_REASON, reason);
    return reason;
  }

  /** MSR of the vCPU (for tools). */
  get msr(): number { return this.cpu.r[W_MSR]!; }
}
