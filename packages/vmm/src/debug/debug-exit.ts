import { Vector } from '@hvstep/emulator-core';
/**
 * What a KVM_EXIT_DEBUG means: first, whether it belongs to the debugger's own
 * machinery (an emulated step's breakpoint, a word removed under a running vCPU)
 * rather than to GDB; then, for GDB, the stop reason from kvm_debug_exit_arch
 * (exception, status, address): a comparator hit (with the data address for
 * watchpoints), a software breakpoint (HEAI), or a single step (Trace, native path).
 */
import { KVMPPC_DEBUG_BREAKPOINT, KVMPPC_DEBUG_WATCH_READ, KVMPPC_DEBUG_WATCH_WRITE, type Vcpu, type VcpuExit } from '@hvstep/hypervisor';
import type { GuestMemory } from '@hvstep/emulator-core';
import type { StopEvent, VcpuAction } from '@hvstep/gdbstub';
import type { EmulatedStepper } from './sstep/stepper.js';
import type { GuestView } from './guest-view.js';
import type { BreakpointTable } from './breakpoints.js';
import type { DebugWord } from './debug-word.js';

export type DebugExit = Extract<VcpuExit, { reason: 'debug' }>;

/** Hypervisor Emulation Assistance (Book III 7.5.19), the vector a debug word (KVMPPC_INST_SW_BREAKPOINT) exits through. */
export const HEAI_VECTOR = Vector.HypervisorEmulationAssistance;

export const SIGTRAP = 5;
/** The guest met its own copy of the debug word: an illegal instruction. */
export const SIGILL = 4;

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

/** What to do with a debug exit. */
export type ExitDecision =
  /** A stop for GDB (the arbiter decides whether it is reported now or queued). */
  | { readonly kind: 'stop'; readonly event: StopEvent }
  /** Not GDB's: the vCPU runs on (unless GDB holds the VM by now). */
  | { readonly kind: 'run-on' }
  /** Another vCPU's step breakpoint: run on once that word is gone. */
  | { readonly kind: 'run-on-after'; readonly realAddress: number };

export interface ExitContext {
  readonly stepper: EmulatedStepper;
  readonly view: GuestView;
  readonly breakpoints: BreakpointTable;
  readonly debugWord: DebugWord;
  readonly memory: GuestMemory;
  /** What the vCPU was told at the last resume. */
  readonly action: VcpuAction | undefined;
  /** GDB holds the VM (a stop is being taken or was reported). */
  readonly held: boolean;
}

/**
 * Routes one debug exit. A hit on the vCPU's own step breakpoint completes that step
 * (the stepper hides what the Trace changed) and is GDB's stop only when the step is
 * the active one GDB waits for.
 */
export function routeDebugExit(exit: DebugExit, vcpu: Vcpu, ctx: ExitContext): ExitDecision {
  if (isSoftwareBreakpointExit(exit)) {
    const hit = ctx.stepper.hit(vcpu, exit.pc);
    if (hit?.kind === 'own') {
      const reportable = hit.record.state === 'active' && ctx.action === 'step' && !ctx.held;
      ctx.stepper.complete(hit.record, vcpu, exit.pc);
      return reportable ? { kind: 'stop', event: { vcpu: vcpu.index, reason: 'step', signal: SIGTRAP } } : { kind: 'run-on' };
    }
    if (hit?.kind === 'foreign') return { kind: 'run-on-after', realAddress: hit.realAddress };
    const pa = ctx.view.instructionAddress(vcpu, exit.pc);
    if (pa !== undefined && !ctx.breakpoints.has(pa, 'user')) {
      // a word removed between the fetch and now: run the instruction that is back
      if (!ctx.debugWord.isAt(ctx.memory, pa)) return { kind: 'run-on' };
      return { kind: 'stop', event: { vcpu: vcpu.index, reason: 'signal', signal: SIGILL } };
    }
  }
  return { kind: 'stop', event: stopForExit(exit, vcpu.index) };
}
