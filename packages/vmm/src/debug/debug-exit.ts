/**
 * What a KVM_EXIT_DEBUG means to GDB, from kvm_debug_exit_arch (exception, status,
 * address): a comparator hit (status bits, with the data address for watchpoints),
 * a software breakpoint (HEAI), or a single step (Trace on the native path).
 */
import { KVMPPC_DEBUG_BREAKPOINT, KVMPPC_DEBUG_WATCH_READ, KVMPPC_DEBUG_WATCH_WRITE, type VcpuExit } from '@hvstep/hypervisor';
import type { StopEvent } from '@hvstep/gdbstub';

export type DebugExit = Extract<VcpuExit, { reason: 'debug' }>;

/**
 * Hypervisor Emulation Assistance (Book III 7.5.19), the vector a debug word
 * (KVMPPC_INST_SW_BREAKPOINT) exits through; emulator-core's Vector table lists only
 * the interrupts a guest takes, and HEAI is the hypervisor's.
 */
export const HEAI_VECTOR = 0xe40;

export const SIGTRAP = 5;

export function isSoftwareBreakpointExit(exit: DebugExit): boolean {
  return exit.exception === HEAI_VECTOR;
}

export function stopForExit(exit: DebugExit, vcpu: number): StopEvent {
  const { status, address } = exit;
  const watchWrite = (status & KVMPPC_DEBUG_WATCH_WRITE) !== 0, watchRead = (status & KVMPPC_DEBUG_WATCH_READ) !== 0;
  if (status & KVMPPC_DEBUG_BREAKPOINT) return { vcpu, reason: 'hwbreak', signal: SIGTRAP };
  if (watchWrite && watchRead) return { vcpu, reason: 'awatch', address, signal: SIGTRAP };
  if (watchWrite) return { vcpu, reason: 'watch', address, signal: SIGTRAP };
  if (watchRead) return { vcpu, reason: 'rwatch', address, signal: SIGTRAP };
  if (isSoftwareBreakpointExit(exit)) return { vcpu, reason: 'swbreak', signal: SIGTRAP };
  return { vcpu, reason: 'step', signal: SIGTRAP };
}
