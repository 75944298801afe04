import type { Cpu } from '../cpu/cpu.js';
import { Exit } from '../cpu/exit.js';
import { W_MSR, W_NIP, W_INSN_COUNT, sprWord } from '../state/layout.js';
import { MSR_SE, MSR_BE, MSR_PR } from '../cpu/msr.js';
import { SPR_CIABR } from '../cpu/spr-numbers.js';
import { deliverInterrupt, Vector, TRACE_SRR1, TRACE_CIABR_SRR1 } from '../cpu/interrupts.js';
import { ACCESS_EXECUTE } from '../mmu/translation.js';
import { GuestFaultSignal } from '../cpu/cpu.js';
import { decoder } from '../isa/index.js';
import { runFast, TRACE_MODE } from './fast-loop.js';
import { serviceEvents, EventOutcome } from '../cpu/events.js';

/** The instruction image at NIP, or undefined when it cannot be fetched (the step will fault). */
function peekInstruction(cpu: Cpu): number | undefined {
  try {
    const pa = cpu.translate(cpu.r[W_NIP + 1]!, cpu.r[W_NIP]!, 4, ACCESS_EXECUTE);
    return cpu.view.getInt32(pa, cpu.littleEndian);
  } catch (e) {
    if (e instanceof GuestFaultSignal) return undefined;
    throw e;
  }
}

/**
 * CIABR match (Book III 9.2 "Completed Instruction Address Breakpoint"): bits 0:61
 * hold the address, bits 62:63 the privilege it applies to (1 problem state,
 * 2 privileged non-hypervisor, 3 hypervisor).
 */
function ciabrMatches(cpu: Cpu): boolean {
  const w = sprWord(SPR_CIABR);
  const priv = cpu.r[w]! & 3;
  if (priv === 0) return false;
  const state = (cpu.r[W_MSR]! & MSR_PR) ? 1 : 2;
  return priv === state && (cpu.r[w]! & ~3) === cpu.r[W_NIP] && cpu.r[w + 1] === cpu.r[W_NIP + 1];
}

/**
 * Executes one instruction and then delivers the Trace interrupt the MSR asks for
 * (Book III 7.5.15): with MSR[SE]=1 after every instruction, with MSR[BE]=1 after a
 * branch, and after the instruction a CIABR names; SRR0 = the next instruction.
 * None follows sc, rfid, or an instruction that itself interrupted (they set
 * `suppressTrace`). SE and BE are those of the MSR the instruction ran under, so a
 * mtmsrd that sets SE traces from the next instruction on and an rfid whose SRR1
 * has SE traces after the first instruction it returns to.
 */
export function stepTraced(cpu: Cpu): number {
  const resuming = cpu.resumeFlag;
  cpu.resumeFlag = false;
  if (!resuming && hvBreakpointAt(cpu)) return Exit.DebugBreakpoint;
  // between two instructions: a pending asynchronous interrupt is taken before the next
  // one (the fast loop polls only every few hundred taken branches, never in this
  // one-instruction mode); a step that takes it ends at its vector
  const outcome = serviceEvents(cpu);
  if (outcome === EventOutcome.Stop) return Exit.StopRequested;
  if (outcome === EventOutcome.Interrupted) return cpu.hvSingleStep ? Exit.DebugStep : Exit.Budget;
  const msr = cpu.r[W_MSR]!;
  const se = (msr & MSR_SE) !== 0;
  const ciabr = ciabrMatches(cpu);
  let branch = false;
  if ((msr & MSR_BE) !== 0 && !se) {
    const w = peekInstruction(cpu);
    branch = w !== undefined && decoder.lookup(w)?.branch !== undefined;
  }
  cpu.suppressTrace = false;
  cpu.suppressHvWatch = resuming;
  const retiredBefore = cpu.r[W_INSN_COUNT]!;
  const exit = runFast(cpu, 1);
  cpu.suppressHvWatch = false;
  // a stop request seen at the taken branch the instruction made: it completed, so its
  // Trace is still owed (another vCPU's all-stop must not swallow this one's trace)
  const completedThenStopped = exit === Exit.StopRequested && cpu.r[W_INSN_COUNT] !== retiredBefore;
  if (exit !== Exit.Budget && exit !== TRACE_MODE && !completedThenStopped) return exit;
  if (!cpu.suppressTrace && (se || branch || ciabr)) {
    const r = cpu.r;
    deliverInterrupt(cpu, Vector.Trace, r[W_NIP + 1]!, r[W_NIP]!, ciabr && !se ? TRACE_CIABR_SRR1 : TRACE_SRR1);
  }
  if (completedThenStopped) return cpu.hvSingleStep ? Exit.DebugStep : exit;
  // the hypervisor's own step ends after the instruction, or at the vector of the interrupt it took
  return cpu.hvSingleStep ? Exit.DebugStep : Exit.Budget;
}

/** Is NIP one of the hypervisor's instruction breakpoints? */
function hvBreakpointAt(cpu: Cpu): boolean {
  const lo = cpu.r[W_NIP]!, hi = cpu.r[W_NIP + 1]!;
  for (const b of cpu.hvBreakpoints) if (b.lo === lo && b.hi === hi) return true;
  return false;
}
