import { syncDebugSprs, type Cpu } from '@hvstep/emulator-core';
import * as M from '../mailbox.js';

/*
 * Handing a vCPU from one VcpuRunner to another: its worker's, and the main thread's,
 * which starts a debugger's step or continue in place (Vcpu.runInline) so that a
 * step costs no thread hand-off. Both run the same register file and guest memory; what
 * a Cpu object keeps outside the register file goes through the mailbox's handover
 * record (mailbox.ts MB_HANDOVER*), written at the end of every run and read by the
 * other runner when it finds the vCPU was last run elsewhere (MB_RUNNER):
 *
 * - the decrementer (cpu/decrementer.ts keeps its expiry and last write in the Cpu);
 * - the run loop's resume flags (VcpuRunner's pending MMIO completion, comparator stop,
 *   native step completed by a hypercall, cede to idle in);
 * - everything derived from registers (MSR fields, PID, AMR/IAMR keys, CIABR, DAWR) is
 *   re-derived, and the TLB is flushed: the other Cpu may have changed translations
 *   with tlbiel or slbia, which only its own TLB saw. The guest-debug configuration and
 *   the partition state are re-applied. The instruction cache is validated by word on
 *   every fetch, and reservations live in the register file: neither needs a handover.
 */

/** The resume flags a run loop carries from one run to the next. */
export interface ResumeFlags {
  mmio: boolean;
  debugStop: boolean;
  debugStopLo: number;
  debugStopHi: number;
  stepComplete: boolean;
  cede: boolean;
}

/** A Float64Array over the mailbox's handover doubles. */
export function handoverDoubles(mailbox: Int32Array): Float64Array {
  return new Float64Array(mailbox.buffer, M.MB_HANDOVER_F64 * 8, 2);
}

/** Writes what the next runner needs; `role` marks the vCPU as last run by this runner. */
export function publishRunnerState(cpu: Cpu, mb: Int32Array, f64: Float64Array, flags: ResumeFlags, role: number): void {
  f64[M.HO_DEC_EXPIRY] = cpu.decrementerExpiry;
  f64[M.HO_DEC_WRITTEN_AT] = cpu.decWrittenAt;
  const h = M.MB_HANDOVER;
  mb[h + M.HO_DEC_WRITTEN_HI] = cpu.decWrittenHi;
  mb[h + M.HO_DEC_WRITTEN_LO] = cpu.decWrittenLo;
  mb[h + M.HO_FLAGS] = (flags.mmio ? M.HO_FLAG_MMIO : 0) | (flags.debugStop ? M.HO_FLAG_DEBUG_STOP : 0)
    | (flags.stepComplete ? M.HO_FLAG_STEP_COMPLETE : 0) | (flags.cede ? M.HO_FLAG_CEDE : 0);
  mb[h + M.HO_DEBUG_STOP_LO] = flags.debugStopLo;
  mb[h + M.HO_DEBUG_STOP_HI] = flags.debugStopHi;
  Atomics.store(mb, M.MB_RUNNER, role);
}

/** Takes the vCPU over from the other runner: the decrementer, the flags, the derived state. */
export function adoptRunnerState(cpu: Cpu, mb: Int32Array, f64: Float64Array, flags: ResumeFlags): void {
  cpu.decrementerExpiry = f64[M.HO_DEC_EXPIRY]!;
  cpu.decWrittenAt = f64[M.HO_DEC_WRITTEN_AT]!;
  const h = M.MB_HANDOVER;
  cpu.decWrittenHi = mb[h + M.HO_DEC_WRITTEN_HI]!;
  cpu.decWrittenLo = mb[h + M.HO_DEC_WRITTEN_LO]!;
  const bits = mb[h + M.HO_FLAGS]!;
  flags.mmio = (bits & M.HO_FLAG_MMIO) !== 0;
  flags.debugStop = (bits & M.HO_FLAG_DEBUG_STOP) !== 0;
  flags.stepComplete = (bits & M.HO_FLAG_STEP_COMPLETE) !== 0;
  flags.cede = (bits & M.HO_FLAG_CEDE) !== 0;
  flags.debugStopLo = mb[h + M.HO_DEBUG_STOP_LO]!;
  flags.debugStopHi = mb[h + M.HO_DEBUG_STOP_HI]!;
  syncDebugSprs(cpu);
  cpu.syncFromState();
}
