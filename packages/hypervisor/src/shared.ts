import { Arena, CpuState, type ArenaHandle, type Engine } from '@hvstep/emulator-core';

/** Everything a vCPU's worker needs, all SharedArrayBuffers plus plain numbers (structured-cloneable). */
export interface VcpuShared {
  index: number;
  vcpuCount: number;
  model: HypervisorModel;
  memory: SharedArrayBuffer;
  /** GuestMemory.quadLocks: the quadword access locks every vCPU of the VM shares. */
  memoryQuadLocks: SharedArrayBuffer;
  registers: SharedArrayBuffer;
  mailbox: SharedArrayBuffer;
  controls: SharedArrayBuffer;
  clock: SharedArrayBuffer;
  partition: SharedArrayBuffer;
  /** How the vCPU runs guest code: the interpreter or translated blocks (emulator-core jit/engine.ts). */
  engine: Engine;
  /**
   * The VM's arena (emulator-core memory/arena.ts) when it was built in one (the engine
   * `wasm`): `memory`, `registers` and `controls` are then its buffer, and the views
   * below find each part in it.
   */
  arena?: ArenaHandle;
}

/** The vCPU's register file, in its own buffer or in the VM's arena. */
export function registerFileOf(shared: VcpuShared): CpuState {
  return shared.arena ? Arena.attach(shared.arena).cpuState(shared.index, false) : new CpuState(shared.registers);
}

/** The VM's control block (every vCPU's words), in its own buffer or in the arena. */
export function controlBlockOf(shared: VcpuShared): Int32Array {
  return shared.arena ? Arena.attach(shared.arena).controlBlock() : new Int32Array(shared.controls);
}

/**
 * `hv`: Book3S-HV — the Trace interrupt goes to the guest, KVM_GUESTDBG_SINGLESTEP is
 * stored and ignored, KVM_CAP_PPC_GUEST_DEBUG_SSTEP reports 0.
 * `pr`: the hypervisor single-steps natively (it owns MSR[SE], the trace exits to it).
 */
export type HypervisorModel = 'hv' | 'pr';

/** Control word 3 (see emulator-core cpu/control.ts): H_PROD's wake-up flag for H_CEDE. */
export const CTL_PROD = 3;

/**
 * Control word 4: the run's first quantum (vcpu-runner.ts). A run retires up to
 * FIRST_QUANTUM instructions before it takes a kick that came after the run was asked
 * for, so a vCPU released beside a step (scheduler-locking off) runs before the step's
 * all-stop takes it back, however late its thread wakes. Vcpu.run sets QUANTUM_RUNNING
 * before it hands the run to the worker; a kick then turns it into QUANTUM_STOP_PENDING
 * instead of raising REQUEST_STOP (Vcpu.kick); the runner raises the stop when the
 * quantum ends: after its first slice, at any exit, or when the vCPU idles in H_CEDE. A
 * kick that came while the vCPU was stopped is not held: the next run exits at once, as
 * KVM's next KVM_RUN does (so a vCPU that exits to userspace often, an hvc console's
 * hypercalls, cannot put a stop off run after run).
 */
export const CTL_QUANTUM = 4;
export const QUANTUM_NONE = 0;
export const QUANTUM_RUNNING = 1;
export const QUANTUM_STOP_PENDING = 2;
/** Instructions a run retires before a kick that came during it is taken: enough to show progress, short beside a step's round trip. */
export const FIRST_QUANTUM = 1024;

/** The comparator limits are KVM capability answers, defined with the capabilities (kvm/constants.ts). */
export { HW_BREAKPOINTS, HW_WATCHPOINTS } from './kvm/constants.js';
