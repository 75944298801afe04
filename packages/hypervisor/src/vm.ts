import { Arena, DEFAULT_VM_ENGINE, type Engine, GuestMemory, GuestClock, CpuState, newControlBlock, sprWord, SPR_PIR, W_MSR, MSR_HI_SF, MSR_ME } from '@hvstep/emulator-core';
import { Vcpu } from './vcpu.js';
import { newMailbox } from './mailbox.js';
import { PartitionState } from './partition.js';
import type { HypervisorModel, VcpuShared } from './shared.js';
import {
  HW_BREAKPOINTS, HW_WATCHPOINTS, KVM_CAP_SET_GUEST_DEBUG, KVM_CAP_GUEST_DEBUG_HW_BPS, KVM_CAP_GUEST_DEBUG_HW_WPS, KVM_CAP_PPC_GUEST_DEBUG_SSTEP, KVM_CAP_ONE_REG,
} from './kvm/constants.js';

export interface VmOptions {
  /** Guest RAM in bytes (a multiple of 4 KiB). */
  memoryBytes: number;
  model?: HypervisorModel;
  /** Most vCPUs this VM will have (sizes the shared control block). */
  maxVcpus?: number;
  /** Run vCPUs on the calling thread instead of workers (tests, tools). */
  inProcess?: boolean;
  /** The vCPUs' execution engine (default: DEFAULT_VM_ENGINE; `wasm` builds the VM in an arena). */
  engine?: Engine;
}

/**
 * A VM (the KVM VM file descriptor): guest RAM in one SharedArrayBuffer, the
 * partition-wide state, the clock, the vCPUs' control words, and the vCPUs.
 */
export class Vm {
  readonly memory: GuestMemory;
  /** How the vCPUs run guest code. */
  readonly engine: Engine;
  /** RAM, registers, TLBs and control words in one WebAssembly memory, for the engine `wasm`. */
  readonly arena: Arena | undefined;
  readonly clock: GuestClock;
  readonly controls: Int32Array;
  readonly partition = new PartitionState();
  readonly model: HypervisorModel;
  readonly maxVcpus: number;
  readonly vcpus: Vcpu[] = [];
  private failure: string | undefined;
  private readonly failureListeners: ((error: string) => void)[] = [];

  constructor(readonly options: VmOptions) {
    this.clock = new GuestClock();
    this.model = options.model ?? 'hv';
    this.maxVcpus = options.maxVcpus ?? 8;
    if (!Number.isInteger(this.maxVcpus) || this.maxVcpus < 1 || this.maxVcpus > 128) throw new RangeError('maxVcpus must be 1..128');
    // the engine `wasm` needs RAM, registers, TLBs and control words in one WebAssembly memory
    this.engine = options.engine ?? DEFAULT_VM_ENGINE;
    this.arena = this.engine === 'wasm' ? new Arena(options.memoryBytes, this.maxVcpus) : undefined;
    this.memory = this.arena?.guestMemory() ?? new GuestMemory(options.memoryBytes);
    this.controls = this.arena?.controlBlock() ?? newControlBlock(this.maxVcpus);
  }

  /** KVM_CHECK_EXTENSION for the capabilities a debugger asks about. */
  checkExtension(capability: number): number {
    switch (capability) {
      case KVM_CAP_SET_GUEST_DEBUG: return 1;
      case KVM_CAP_ONE_REG: return 1;
      case KVM_CAP_GUEST_DEBUG_HW_BPS: return HW_BREAKPOINTS;
      case KVM_CAP_GUEST_DEBUG_HW_WPS: return HW_WATCHPOINTS;
      // Book3S-HV cannot single-step: the Trace interrupt goes to the guest (seed 002)
      case KVM_CAP_PPC_GUEST_DEBUG_SSTEP: return this.model === 'pr' ? 1 : 0;
      default: return 0;
    }
  }

  /** KVM_CREATE_VCPU: a new vCPU with MSR = SF|ME, PIR = its index, NIP = 0. */
  createVcpu(): Vcpu {
    if (this.failure) throw new Error(`VM failed: ${this.failure}`);
    const index = this.vcpus.length;
    if (index >= this.maxVcpus) throw new RangeError(`at most ${this.maxVcpus} vCPUs`);
    const state = this.arena?.cpuState(index) ?? new CpuState();
    state.w[W_MSR + 1] = MSR_HI_SF; state.w[W_MSR] = MSR_ME;
    state.w[sprWord(SPR_PIR)] = index;
    const shared: VcpuShared = {
      index, vcpuCount: this.maxVcpus, model: this.model,
      memory: this.memory.buffer, memoryQuadLocks: this.memory.quadLocks.buffer as SharedArrayBuffer, registers: state.buffer, mailbox: newMailbox().buffer as SharedArrayBuffer,
      controls: this.controls.buffer as SharedArrayBuffer, clock: this.clock.buffer, partition: this.partition.buffer,
      engine: this.engine,
      ...(this.arena ? { arena: this.arena.handle } : {}),
    };
    const vcpu = new Vcpu(shared, this.options.inProcess === true, (v, error) => this.fail(v, error));
    this.vcpus.push(vcpu);
    return vcpu;
  }

  get failed(): string | undefined { return this.failure; }

  onFailure(listener: (error: string) => void): void { this.failureListeners.push(listener); }

  /** A vCPU failed (its worker threw or died): stop every other vCPU and tell whoever listens. */
  private fail(vcpu: Vcpu, error: string): void {
    if (this.failure) return;
    this.failure = `vCPU ${vcpu.index}: ${error}`;
    for (const other of this.vcpus) if (other !== vcpu) other.kick();
    for (const l of this.failureListeners) l(this.failure);
  }

  /** Stops every running vCPU and waits until all are back in userspace; returns the time it took (ms). */
  async stopAll(): Promise<number> {
    const t0 = performance.now();
    for (const v of this.vcpus) if (v.running) v.kick();
    await Promise.all(this.vcpus.map((v) => v.settle()));
    return performance.now() - t0;
  }

  /** Pauses the guest clock (while a debugger holds the VM stopped) and resumes it. */
  pauseClock(): void { this.clock.pause(); }
  resumeClock(): void { this.clock.resume(); }

  async destroy(): Promise<void> {
    await this.stopAll().catch(() => undefined);
    await Promise.all(this.vcpus.map((v) => v.terminate()));
  }
}
