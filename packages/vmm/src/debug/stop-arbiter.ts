/**
 * All-stop arbitration: which vCPU exit becomes GDB's stop, and when the VM is GDB's.
 *
 * The first exit that is a stop for GDB while the VM runs stops every vCPU and is
 * reported; one that arrives while the VM is already held (another vCPU got there
 * first, or the stop is being taken) is queued and offered again at the next resume,
 * if still valid, instead of running on: GDB's all-stop protocol carries one stop per
 * resume, and QEMU's gdbstub likewise reports one CPU and leaves the others' events
 * pending (gdb_vm_state_change reports only gdbserver_state.c_cpu).
 */
import type { StopEvent, VcpuAction } from '@hvstep/gdbstub';

export const SIGINT = 2;

export class StopArbiter {
  private _held = false;
  private readonly queued: StopEvent[] = [];
  private readonly listeners = new Set<(event: StopEvent) => void>();

  /** @param stopGuest stops every vCPU (and the guest clock) and resolves once all are parked. */
  constructor(private readonly stopGuest: () => Promise<void>) {}

  /** True from a reported stop (or an attach) until the next resume: the VM is GDB's. */
  get held(): boolean { return this._held; }

  onStop(listener: (event: StopEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Holds the VM without a stop to report (a client attaching); resolves once it is stopped. */
  async hold(): Promise<void> {
    if (this._held) return;
    this._held = true;
    await this.stopGuest();
  }

  /** A stop for GDB: reported when it is the first, queued when the VM is already held. */
  async report(event: StopEvent): Promise<void> {
    if (this._held) { this.queued.push(event); return; }
    this._held = true;
    await this.stopGuest();
    this.emit(event);
  }

  /** The VM runs again (a resume, a detach). */
  release(): void { this._held = false; }

  /** Reports a stop without stopping anything (the VM is held already), after the caller's promise settles. */
  emitLater(event: StopEvent): void {
    queueMicrotask(() => this.emit(event));
  }

  /**
   * The first queued stop still worth reporting for a resume with `actions`: one for a
   * vCPU that would run now and that `stillValid` confirms (its breakpoint or comparator
   * is still there). A queued Ctrl-C is answered by any stop and is dropped.
   */
  takeQueued(actions: readonly VcpuAction[], stillValid: (event: StopEvent) => boolean): StopEvent | undefined {
    while (this.queued.length > 0) {
      const event = this.queued.shift()!;
      const action = actions[event.vcpu];
      if (event.reason === 'signal' || action === undefined || action === 'stop') continue;
      if (stillValid(event)) return event;
    }
    return undefined;
  }

  clearQueue(): void { this.queued.length = 0; }

  private emit(event: StopEvent): void {
    for (const l of this.listeners) l(event);
  }
}

/**
 * The thread a Ctrl-C stop names: the vCPU being stepped (GDB waits on it, with
 * scheduler-locking the only one running), else the last stop's vCPU if it runs (QEMU
 * names gdbserver_state.c_cpu, the last stop CPU), else the first running one.
 */
export function interruptedVcpu(actions: readonly VcpuAction[], started: readonly number[], lastStop: number | undefined): number {
  const runs = (i: number) => started.includes(i) && (actions[i] === 'step' || actions[i] === 'continue');
  const stepping = actions.findIndex((a, i) => a === 'step' && started.includes(i));
  if (stepping >= 0) return stepping;
  if (lastStop !== undefined && runs(lastStop)) return lastStop;
  return started.find(runs) ?? started[0] ?? 0;
}
