import type { Vm } from './vm.js';
import type { Vcpu } from './vcpu.js';
import type { VcpuExit } from './exits.js';
import { H_FUNCTION, hcallReturnToU64 } from './kvm/constants.js';

/** What a handler wants after an exit. */
export type ExitAction = 'resume' | 'stop';

export type ExitHandler<E extends VcpuExit = VcpuExit> = (exit: E, vcpu: Vcpu) => ExitAction | Promise<ExitAction>;
export type HcallHandler = (exit: Extract<VcpuExit, { reason: 'hcall' }>, vcpu: Vcpu) => bigint | number | Promise<bigint | number>;
/** Sees every hypercall userspace answered: its exit, the r3 returned, and whether a handler claimed it. */
export type HcallObserver = (exit: Extract<VcpuExit, { reason: 'hcall' }>, vcpu: Vcpu, r3: bigint, handled: boolean) => void;

type Handlers = { [R in VcpuExit['reason']]?: ExitHandler<Extract<VcpuExit, { reason: R }>> };

/**
 * The exit dispatcher on the main thread (QEMU's kvm_cpu_exec switch): every vCPU's
 * exits come here and go to one small named handler per exit reason; an exit no
 * handler claims fails the VM loudly. Hypercalls are routed further by number; an
 * unknown hypercall returns H_FUNCTION to the guest, as PAPR specifies.
 */
export class ExitDispatcher {
  private readonly handlers: Handlers = {};
  private readonly hcalls = new Map<number, HcallHandler>();
  private hcallObserver: HcallObserver | undefined;

  constructor(readonly vm: Vm) {
    this.handlers.hcall = (exit, vcpu) => this.dispatchHcall(exit, vcpu);
    this.handlers.failed = (exit) => { throw new Error(`VM failed: ${exit.error}`); };
  }

  on<R extends VcpuExit['reason']>(reason: R, handler: ExitHandler<Extract<VcpuExit, { reason: R }>>): this {
    (this.handlers as Record<string, unknown>)[reason] = handler;
    return this;
  }

  hcall(nr: number, handler: HcallHandler): this {
    this.hcalls.set(nr, handler);
    return this;
  }

  /** Calls `observer` after each hypercall userspace answers (a trace). */
  observeHcalls(observer: HcallObserver): this {
    this.hcallObserver = observer;
    return this;
  }

  private async dispatchHcall(exit: Extract<VcpuExit, { reason: 'hcall' }>, vcpu: Vcpu): Promise<ExitAction> {
    const handler = this.hcalls.get(exit.nr);
    const result = handler ? await handler(exit, vcpu) : H_FUNCTION;
    const r3 = typeof result === 'bigint' ? result : hcallReturnToU64(result);
    const regs = vcpu.getRegs();
    regs.gpr[3] = r3;
    vcpu.setRegs({ gpr: regs.gpr });
    this.hcallObserver?.(exit, vcpu, r3, handler !== undefined);
    return 'resume';
  }

  /** Routes one exit. */
  async dispatch(exit: VcpuExit, vcpu: Vcpu): Promise<ExitAction> {
    const handler = this.handlers[exit.reason] as ExitHandler | undefined;
    if (!handler) throw new Error(`vCPU ${vcpu.index}: no handler for exit '${exit.reason}' (KVM exit ${exit.kvmReason})`);
    return handler(exit, vcpu);
  }

  /** Runs one vCPU until a handler says stop; returns the exit that stopped it. */
  async runVcpu(vcpu: Vcpu): Promise<VcpuExit> {
    for (;;) {
      // a failed VM runs no more: the failing vCPU's siblings were kicked and end here
      if (this.vm.failed) throw new Error(`VM failed: ${this.vm.failed}`);
      const exit = await vcpu.run();
      if ((await this.dispatch(exit, vcpu)) === 'stop') return exit;
    }
  }

  /**
   * Runs every vCPU until each has stopped. A failure (a handler throwing, a worker
   * dying) stops all the others and rejects with the error.
   */
  async runAll(vcpus: readonly Vcpu[] = this.vm.vcpus): Promise<VcpuExit[]> {
    let failed: unknown;
    const results = await Promise.all(vcpus.map((v) => this.runVcpu(v).catch(async (e: unknown) => {
      failed ??= e;
      for (const other of vcpus) if (other !== v) other.kick();
      return undefined;
    })));
    if (failed !== undefined) throw failed;
    return results as VcpuExit[];
  }
}
