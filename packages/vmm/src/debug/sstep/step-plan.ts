import { Vector, MSR64_IR as MSR_IR, MSR64_DR as MSR_DR, LPCR_AIL_MASK } from '@hvstep/emulator-core';
import { classify, branchSuccessors, type SteppedInstruction } from './instruction.js';
import { interruptHandlerAddress, MSR_SE } from './vector-address.js';

/** The stepping vCPU as userspace reads it before the step (spec section 3, step 1). */
export interface StepSnapshot {
  nip: bigint;
  msr: bigint;
  srr0: bigint;
  srr1: bigint;
  lr: bigint;
  ctr: bigint;
  tar: bigint;
  /** The GPRs; may be empty when the instruction reads none (instruction.ts readsGprs). */
  gpr: readonly bigint[];
  /** LPCR's low word (AIL, ILE): a partition-wide register under the hypervisor. */
  lpcrLo: number;
  /** The instruction at NIP in the guest's current byte order, undefined if it cannot be read. */
  word: number | undefined;
}

/**
 * A place to plant a step breakpoint: an EA and whether it is fetched with translation
 * (MSR[IR]). `vector`: the first instruction of a synchronous interrupt's handler, where
 * a step that faults stops (optional: skipped when it cannot be planted).
 */
export interface StepBreakpoint {
  readonly ea: bigint;
  readonly relocate: boolean;
  readonly vector?: number;
  /**
   * EA >> 12 and EA & 0xfff, for the breakpoints every `trace` step plants (the Trace
   * handler and the fault vectors, cached per LPCR[AIL] and MSR[IR,DR]): the stepper then
   * translates them by page without any BigInt arithmetic per step.
   */
  readonly page?: bigint;
  readonly offset?: number;
}

/** A handler's breakpoint with its page and offset worked out once (it is cached). */
function handlerBreakpoint(ea: bigint, relocate: boolean, vector?: number): StepBreakpoint {
  const page = ea >> 12n, offset = Number(ea & 0xfffn);
  return vector === undefined ? { ea, relocate, page, offset } : { ea, relocate, vector, page, offset };
}

/**
 * Interrupts an instruction itself can cause (Book III 7.5): machine check (a wild real
 * access), DSI, data segment, ISI, instruction segment, alignment, program,
 * FP/vector/VSX/facility unavailable. A step that takes one stops at its handler, as a
 * native step does, instead of running the handler with the debugger's SE in SRR1.
 */
export const SYNCHRONOUS_VECTORS: readonly number[] = [
  Vector.MachineCheck, Vector.DataStorage, Vector.DataSegment, Vector.InstructionStorage, Vector.InstructionSegment,
  Vector.Alignment, Vector.Program, Vector.FloatingPointUnavailable, Vector.VectorUnavailable, Vector.VsxUnavailable,
  Vector.FacilityUnavailable,
];

/**
 * Interrupts that can arrive during a step when they are not blocked (SSTEP_NOIRQ off):
 * external, decrementer, directed privileged doorbell. The step then stops at the
 * handler, as QEMU's TCG step does with interrupts enabled.
 */
export const ASYNCHRONOUS_VECTORS: readonly number[] = [Vector.External, Vector.Decrementer, Vector.DirectedPrivilegedDoorbell];

export interface PlanOptions {
  /** Asynchronous interrupts may be taken during the step (not blocked). */
  readonly asyncInterrupts: boolean;
}

/**
 * How one step is done:
 * - `trace`: the seed's method: MSR[SE] (or SRR1[SE] for an rfid fallback) plus a
 *   breakpoint on the guest's Trace handler; everything the Trace interrupt changed is
 *   hidden afterwards;
 * - `guest-trace`: the guest traces itself (SE already set): the step goes into the
 *   guest's Trace handler and stops there, the guest's trace kept;
 * - `successor`: no Trace at all: breakpoints on every address the instruction can
 *   continue at (rfid's SRR0, the instruction after sc, both ways of a branch at the
 *   handler's first instruction); nothing to hide afterwards;
 * - `none`: a user breakpoint already ends the step (rfid to a breakpoint).
 */
export type StepMethod = 'trace' | 'guest-trace' | 'successor' | 'none';

export interface StepPlan {
  readonly method: StepMethod;
  readonly instruction: SteppedInstruction;
  readonly breakpoints: readonly StepBreakpoint[];
  /** The MSR to run the step with (SE added for `trace`). */
  readonly msr: bigint;
  /** SRR1 to run the step with (SE added for an rfid stepped by trace). */
  readonly srr1: bigint;
  /** CTR to run the step with (SE added for an rfscv stepped by trace: CTR is the MSR it installs). */
  readonly ctr: bigint;
  /** Why this method (for the monitor and docs). */
  readonly reason: string;
}

const MASK64 = (1n << 64n) - 1n;

/** The MSR the instruction completes under, as far as it moves the Trace vector (IR, DR). */
function msrAfter(s: StepSnapshot, insn: SteppedInstruction): bigint {
  if (insn.kind === 'mtmsr' && insn.l === 0) {
    const rs = s.gpr[insn.rs]!;
    return (s.msr & ~(MSR_IR | MSR_DR)) | (rs & (MSR_IR | MSR_DR));
  }
  return s.msr;
}

/**
 * The handlers of the interrupts a step can take (SYNCHRONOUS_VECTORS, plus the
 * asynchronous ones when they are not blocked) for an LPCR and MSR. They depend only on
 * AIL and MSR[IR,DR], so they are computed once per combination: every `trace` step
 * needs them.
 */
const faultCache = new Map<number, readonly StepBreakpoint[]>();
/** The `trace` plan's reason per Trace handler address (formatting a BigInt costs more than the plan). */
const traceReasons = new Map<bigint, string>();
function faultBreakpoints(lpcrLo: number, msr: bigint, asyncInterrupts: boolean): readonly StepBreakpoint[] {
  const key = ((lpcrLo & LPCR_AIL_MASK) >>> 0) * 8 + Number((msr & (MSR_IR | MSR_DR)) >> 4n) * 2 + (asyncInterrupts ? 1 : 0);
  let list = faultCache.get(key);
  if (!list) {
    const vectors = asyncInterrupts ? [...SYNCHRONOUS_VECTORS, ...ASYNCHRONOUS_VECTORS] : SYNCHRONOUS_VECTORS;
    list = vectors.map((vector) => {
      const h = interruptHandlerAddress(lpcrLo, msr, vector);
      return handlerBreakpoint(h.ea, h.relocated, vector);
    });
    faultCache.set(key, list);
  }
  return list;
}

/** The Trace handler's breakpoint per LPCR[AIL] and the IR/DR the stepped instruction completes under (as faultCache). */
const traceCache = new Map<number, StepBreakpoint>();
function traceBreakpoint(lpcrLo: number, after: bigint): StepBreakpoint {
  const key = ((lpcrLo & LPCR_AIL_MASK) >>> 0) * 4 + Number((after & (MSR_IR | MSR_DR)) >> 4n);
  let bp = traceCache.get(key);
  if (!bp) {
    const h = interruptHandlerAddress(lpcrLo, after);
    bp = handlerBreakpoint(h.ea, h.relocated);
    traceCache.set(key, bp);
  }
  return bp;
}

function traceReason(handler: bigint): string {
  let reason = traceReasons.get(handler);
  if (reason === undefined) {
    reason = `Trace interrupt, breakpoint at the handler 0x${handler.toString(16)}`;
    if (traceReasons.size < 64) traceReasons.set(handler, reason);
  }
  return reason;
}

/**
 * Decides how to step the vCPU in `s`. `userBreakpointAt(bp)` says whether a debugger
 * breakpoint already exists there (it then ends a step by itself).
 */
export function planStep(s: StepSnapshot, userBreakpointAt: (bp: StepBreakpoint) => boolean, options: PlanOptions = { asyncInterrupts: false }): StepPlan {
  const insn: SteppedInstruction = s.word === undefined ? { kind: 'other' } : classify(s.word);
  const relocate = (s.msr & MSR_IR) !== 0n;
  const base = { instruction: insn, msr: s.msr, srr1: s.srr1, ctr: s.ctr };

  const ret = returnTo(s, insn);
  if (ret) {
    const target: StepBreakpoint = { ea: ret.nip & ~3n, relocate: (ret.msr & MSR_IR) !== 0n };
    if ((ret.msr & MSR_SE) !== 0n) {
      // the guest returns with its own trace armed (ptrace, KGDB): follow it into its handler
      const handler = interruptHandlerAddress(s.lpcrLo, ret.msr);
      return { ...base, method: 'guest-trace', breakpoints: [{ ea: handler.ea, relocate: handler.relocated }], reason: `${insn.kind} with SE in the MSR it installs: stop in the guest's Trace handler` };
    }
    if (userBreakpointAt(target)) return { ...base, method: 'none', breakpoints: [], reason: `${insn.kind} to a breakpoint: it ends the step` };
    return { ...base, method: 'successor', breakpoints: [target], reason: `${insn.kind}: breakpoint at the instruction it returns to` };
  }
  if (insn.kind === 'sc') {
    // a system call or hypercall completes as one step: the handler (or the hypervisor)
    // returns to the next instruction; the Trace would fire one instruction later
    return { ...base, method: 'successor', breakpoints: [{ ea: (s.nip + 4n) & MASK64, relocate }], reason: 'sc: breakpoint after it' };
  }

  const after = msrAfter(s, insn);
  const handler = traceBreakpoint(s.lpcrLo, after);
  if ((s.msr & MSR_SE) !== 0n) {
    return { ...base, method: 'guest-trace', breakpoints: [handler], reason: 'MSR[SE] already set by the guest: stop in its Trace handler' };
  }
  if (s.nip === handler.ea && s.word !== undefined) {
    // the breakpoint would sit under NIP: step the handler's first instruction by its successors
    const successors = branchSuccessors(s.word, { nip: s.nip, lr: s.lr, ctr: s.ctr, tar: s.tar }) ?? [(s.nip + 4n) & MASK64];
    return { ...base, method: 'successor', breakpoints: successors.map((ea) => ({ ea, relocate })), reason: 'NIP at the Trace handler: displaced breakpoint(s)' };
  }
  // the common case, every step of plain code: built without spreads or closures
  const breakpoints: StepBreakpoint[] = [handler];
  for (const f of faultBreakpoints(s.lpcrLo, s.msr, options.asyncInterrupts)) if (f.ea !== s.nip && f.ea !== handler.ea) breakpoints.push(f);
  return { instruction: insn, msr: s.msr | MSR_SE, srr1: s.srr1, ctr: s.ctr, method: 'trace', breakpoints, reason: traceReason(handler.ea) };
}

/**
 * Where a return from interrupt goes and the MSR it installs: rfid from SRR0/SRR1,
 * rfscv from LR/CTR (Book III 4.4.1, QEMU helper_rfscv), or undefined for anything else.
 */
export function returnTo(s: StepSnapshot, insn: SteppedInstruction): { nip: bigint; msr: bigint } | undefined {
  if (insn.kind === 'rfid') return { nip: s.srr0, msr: s.srr1 };
  if (insn.kind === 'rfscv') return { nip: s.lr, msr: s.ctr };
  return undefined;
}

/**
 * The fallback when the planned breakpoints cannot be planted (a return whose target
 * does not translate yet, such as a fresh program's first page): the series' own rfid
 * method, SE armed in the MSR the return installs (SRR1, or CTR for rfscv) and the
 * handler taken from that MSR's IR/DR. Undefined for other instructions.
 */
export function planReturnByTrace(s: StepSnapshot, insn: SteppedInstruction): StepPlan | undefined {
  const ret = returnTo(s, insn);
  if (!ret) return undefined;
  const handler = interruptHandlerAddress(s.lpcrLo, ret.msr);
  return {
    method: 'trace', instruction: insn, msr: s.msr,
    srr1: insn.kind === 'rfid' ? s.srr1 | MSR_SE : s.srr1, ctr: insn.kind === 'rfscv' ? s.ctr | MSR_SE : s.ctr,
    breakpoints: [{ ea: handler.ea, relocate: handler.relocated }], reason: `${insn.kind}: Trace armed in the MSR it installs`,
  };
}
