/**
 * GDB's non-stop mode on the machine: each vCPU is stopped, run and stepped on its
 * own gate while the others go on (the all-stop arbiter is not involved). A vCPU is
 * stopped for GDB from the stop that reports it (a breakpoint, a watchpoint, its
 * step's end, a `t` or an interrupt) until GDB resumes it. The machinery of the
 * emulated step is shared with all-stop: another vCPU that meets a stepping vCPU's
 * breakpoint (the Trace handler's one, most often) is not stopped for GDB; it waits in
 * its gate until that word is gone and goes on (debug-exit.ts `run-on-after`).
 *
 * Time: the guest clock runs while some vCPU runs for GDB, with the all-stop rule for
 * steps (SSTEP_NOTIMER, resume-plan.ts clockRuns); it stops when every vCPU is stopped.
 */
import type { NonStopOps, StopEvent, VcpuAction } from '@hvstep/gdbstub';
import type { Vcpu } from '@hvstep/hypervisor';
import type { Machine } from '../machine.js';
import { clockRuns } from './resume-plan.js';
import { SIGTRAP } from './debug-exit.js';

/** What the non-stop control needs of the debug target. */
export interface NonStopHost {
  readonly machine: Machine;
  /** Settles when the client's attach has stopped the VM. */
  whenAttached(): Promise<void>;
  /** Steps are attempted (not `--sstep off`, SSTEP_ENABLE set). */
  stepsEnabled(): boolean;
  /** QEMU's sstep flags in force. */
  sstepFlags(): number;
  action(index: number): VcpuAction;
  setAction(index: number, action: VcpuAction): void;
  /** Arms a step on a stopped vCPU; true when it may run more than one instruction. */
  armStep(index: number): boolean;
  /** KVM_SET_GUEST_DEBUG for a vCPU about to run. */
  applyGuestDebug(vcpu: Vcpu, stepping: boolean): void;
  /** The vCPU stopped for GDB: its step is settled (undone, made pending or dropped). */
  settleVcpu(index: number): void;
  /** Stops every vCPU for GDB as all-stop does (the arbiter's hold); resolves once all are parked. */
  holdAll(): Promise<void>;
  /** The arbiter lets go: exits are routed per vCPU from now on. */
  releaseAll(): void;
  /** Some client has resumed the VM (a later disconnect must not keep a `-S` guest held). */
  markReleased(): void;
  /** Reports a stop to the session, after the caller's promise settles. */
  emit(event: StopEvent): void;
}

export class NonStopControl implements NonStopOps {
  private on = false;
  /** vCPUs stopped for GDB. */
  private readonly stoppedForGdb = new Set<number>();
  /** Running vCPUs whose step may take more than one instruction (the clock must run for them). */
  private readonly longSteps = new Set<number>();

  constructor(private readonly host: NonStopHost) {}

  get enabled(): boolean { return this.on; }

  private get vcpuCount(): number { return this.host.machine.vm.vcpus.length; }

  /** Both switches start from every vCPU stopped: after QNonStop:1 each one is stopped for GDB until resumed. */
  async setEnabled(on: boolean): Promise<void> {
    await this.host.whenAttached();
    await this.host.holdAll();
    this.longSteps.clear();
    this.stoppedForGdb.clear();
    for (let i = 0; i < this.vcpuCount; i++) {
      this.stoppedForGdb.add(i);
      this.host.setAction(i, 'stop');
    }
    this.on = on;
    if (on) this.host.releaseAll();
  }

  /** The client left: back to all-stop (the target's detach runs every vCPU). */
  reset(): void {
    this.on = false;
    this.stoppedForGdb.clear();
    this.longSteps.clear();
  }

  async stopped(): Promise<number[]> {
    return [...this.stoppedForGdb].sort((a, b) => a - b);
  }

  isStopped(index: number): boolean { return this.stoppedForGdb.has(index); }

  async resume(actions: readonly (Exclude<VcpuAction, 'stop'> | undefined)[]): Promise<void> {
    await this.host.whenAttached();
    const machine = this.host.machine;
    const started = new Set(machine.startedVcpus);
    const release: number[] = [];
    for (let i = 0; i < this.vcpuCount; i++) {
      const requested = actions[i];
      if (requested === undefined || !this.stoppedForGdb.has(i)) continue;
      const action = requested === 'step' && !this.host.stepsEnabled() ? 'continue' : requested;
      if (action === 'step' && !started.has(i)) {
        // as in all-stop (resume-plan.ts nothing-runs): a vCPU before RTAS start-cpu has nothing to step
        this.host.emit({ vcpu: i, reason: 'step', signal: SIGTRAP });
        continue;
      }
      this.stoppedForGdb.delete(i);
      this.host.setAction(i, action);
      this.longSteps.delete(i);
      if (action === 'step' && this.host.armStep(i)) this.longSteps.add(i);
      const vcpu = machine.vm.vcpus[i]!;
      if (!vcpu.running) this.host.applyGuestDebug(vcpu, action === 'step');
      release.push(i);
    }
    if (release.length === 0) return;
    this.host.markReleased();
    this.updateClock();
    machine.release(release);
  }

  async stop(vcpus: readonly number[], signal: number): Promise<void> {
    const fresh = vcpus.filter((i) => i >= 0 && i < this.vcpuCount && !this.stoppedForGdb.has(i));
    for (const i of fresh) {
      this.stoppedForGdb.add(i);
      this.host.setAction(i, 'stop');
    }
    await this.host.machine.stopVcpus(fresh);
    for (const i of fresh) this.host.settleVcpu(i);
    this.updateClock();
    for (const i of fresh) this.host.emit({ vcpu: i, reason: 'signal', signal });
  }

  /**
   * A debug exit that is GDB's stop, on its vCPU (parked by the exit). A vCPU already
   * stopped for GDB is not reported twice: a `t` that crossed the exit has reported it.
   */
  report(event: StopEvent): void {
    const i = event.vcpu;
    if (this.stoppedForGdb.has(i)) return;
    this.stoppedForGdb.add(i);
    this.host.setAction(i, 'stop');
    this.host.settleVcpu(i);
    this.updateClock();
    this.host.emit(event);
  }

  private updateClock(): void {
    const runners: number[] = [];
    for (let i = 0; i < this.vcpuCount; i++) if (!this.stoppedForGdb.has(i)) runners.push(i);
    const vm = this.host.machine.vm;
    const longStep = runners.some((i) => this.longSteps.has(i));
    if (runners.length > 0 && clockRuns(runners.map((i) => this.host.action(i)), longStep, this.host.sstepFlags())) vm.resumeClock();
    else vm.pauseClock();
  }
}
