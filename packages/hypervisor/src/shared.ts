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
 * Control word 4: the run's first quantum (vcpu-runner.ts). Each run retires up to
 * FIRST_QUANTUM instructions before it takes a stop request, so a vCPU released beside
 * a step (scheduler-locking off) runs before the step's all-stop takes it back, however
 * late its thread wakes. A kick during the quantum turns QUANTUM_RUNNING into
 * QUANTUM_STOP_PENDING instead of raising REQUEST_STOP (Vcpu.kick); the runner raises it
 * when the quantum ends.
 */
export const CTL_QUANTUM = 4;
export const QUANTUM_NONE = 0;
export const QUANTUM_RUNNING = 1;
export const QUANTUM_STOP_PENDING = 2;
/**
 * Instructions a run retires before a kick is taken: about what the other vCPUs run
 * on a real machine during a single step's round trip through KVM (a few microseconds).
 */
export const FIRST_QUANTUM = 4096;

/** The comparator limits are KVM capability answers, defined with the capabilities (kvm/constants.ts). */
export { HW_BREAKPOINTS, HW_WATCHPOINTS } from './kvm/constants.js';
