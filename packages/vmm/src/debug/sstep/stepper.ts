import { SPR_SRR0, SPR_SRR1, SPR_TAR } from '@hvstep/emulator-core';
import type { Vcpu, Vm } from '@hvstep/hypervisor';
import type { GuestView, TranslationMemo } from '../guest-view.js';
import type { BreakpointTable } from '../breakpoints.js';
import { planStep, planReturnByTrace, type PlanOptions, type StepPlan, type StepSnapshot, type StepBreakpoint } from './step-plan.js';
import { hideTrace, hideAtVector } from './step-finish.js';
import { classify, readsGprs } from './instruction.js';
import { MSR_LE, MSR_SE } from './vector-address.js';


const NO_GPRS: readonly bigint[] = [];
const gprs = (vcpu: Vcpu): bigint[] => Array.from({ length: 32 }, (_, n) => vcpu.state.gpr(n));

interface PlantedStepBreakpoint { readonly ea: bigint; readonly realAddress: number; readonly vector?: number }

/** One vCPU's emulated step in flight. */
export interface StepRecord {
  readonly vcpu: number;
  readonly plan: StepPlan;
  readonly nip: bigint;
  readonly saved: { readonly msr: bigint; readonly srr0: bigint; readonly srr1: bigint; readonly ctr: bigint };
  planted: PlantedStepBreakpoint[];
  readonly startCount: bigint;
  /**
   * `active`: the step GDB waits for. `pending`: an interrupt took the vCPU elsewhere
   * before its Trace (a fault, or a stop for GDB on the way): the breakpoint stays on
   * the handler until the guest returns and the Trace fires; then it is hidden silently.
   */
  state: 'active' | 'pending';
}

/** What a breakpoint exit at `pc` means to the stepper. */
export type StepHit =
  | { readonly kind: 'own'; readonly record: StepRecord }
  | { readonly kind: 'foreign'; readonly realAddress: number }
  | undefined;

/**
 * The software single step of the seed (spec section 3) for vCPUs whose Trace
 * interrupt never reaches the hypervisor. Arms a step (plants its breakpoints, sets
 * SE), recognises the breakpoint exits that belong to steps, hides what the Trace
 * interrupt changed, and keeps steps consistent across stops of other vCPUs.
 */
export class EmulatedStepper {
  private readonly records: StepRecord[] = [];
  /** Statistics (monitor, tests): steps armed, completed, and other vCPUs' hits on step breakpoints. */
  readonly counts = { armed: 0, completed: 0, foreignHits: 0, pending: 0 };
  /** The plan of the last step armed (for the monitor and tests). */
  lastPlan: StepPlan | undefined;
  private removalWaiters: { realAddress: number; resolve: () => void }[] = [];

  constructor(private readonly vm: Vm, private readonly view: GuestView, private readonly table: BreakpointTable) {}

  /** Records in flight (active and pending), oldest first. */
  get inFlight(): readonly StepRecord[] { return this.records; }

  private snapshot(vcpu: Vcpu): StepSnapshot {
    const s = vcpu.state;
    const msr = s.msr;
    const word = this.readInstruction(vcpu, s.nip, (msr & MSR_LE) !== 0n);
    return {
      nip: s.nip, msr, srr0: vcpu.getSpr(SPR_SRR0), srr1: vcpu.getSpr(SPR_SRR1), lr: s.lr, ctr: s.ctr, tar: vcpu.getSpr(SPR_TAR),
      gpr: word !== undefined && readsGprs(classify(word)) ? gprs(vcpu) : NO_GPRS,
      lpcrLo: this.vm.partition.lpcrLo,
      word,
    };
  }

  /** The guest's instruction at EA (never a planted breakpoint word), read in its byte order. */
  readInstruction(vcpu: Vcpu, ea: bigint, littleEndian: boolean): number | undefined {
    const pa = this.view.instructionAddress(vcpu, ea);
    if (pa === undefined || pa + 4 > this.vm.memory.size) return undefined;
    // read at every step: byte by byte, without an array or a closure per byte
    const u8 = this.vm.memory.u8, table = this.table;
    const b0 = table.originalByte(pa) ?? u8[pa]!, b1 = table.originalByte(pa + 1) ?? u8[pa + 1]!;
    const b2 = table.originalByte(pa + 2) ?? u8[pa + 2]!, b3 = table.originalByte(pa + 3) ?? u8[pa + 3]!;
    return littleEndian ? ((b3 << 24) | (b2 << 16) | (b1 << 8) | b0) >>> 0 : ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
  }

  private translate(vcpu: Vcpu, bp: StepBreakpoint, memo?: TranslationMemo): number | undefined {
    if (memo && bp.relocate && bp.page !== undefined) {
      // the Trace handler and fault vectors of a `trace` step: their page and offset are cached with the plan
      const pa = this.view.pageAddress(vcpu, bp.page, bp.offset!, memo);
      return pa < 0 ? undefined : pa;
    }
    return this.view.realAddressFor(vcpu, bp.ea, bp.relocate, memo);
  }

  /**
   * Prepares `vcpu` (stopped) for one step: resolves a pending step of its own whose
   * SE would otherwise be mistaken for the guest's, plans, plants the breakpoints and
   * sets SE. Returns the record, or undefined when nothing had to be armed (a user
   * breakpoint ends the step by itself).
   */
  arm(vcpu: Vcpu, options: PlanOptions = { asyncInterrupts: false }): StepRecord | undefined {
    const first = this.snapshot(vcpu);
    const s = this.resolvePending(vcpu, first.word !== undefined && classify(first.word).kind === 'rfid') ? this.snapshot(vcpu) : first;
    // the vCPU is stopped and nothing below changes its translation: walk each page once
    const memo: TranslationMemo = new Map();
    let plan = planStep(s, (bp) => { const pa = this.translate(vcpu, bp, memo); return pa !== undefined && this.table.has(pa, 'user'); }, options);
    let planted = this.plant(vcpu, plan, memo);
    const fallback = planted === undefined ? planReturnByTrace(s, plan.instruction) : undefined;
    if (fallback) {
      plan = fallback;
      planted = this.plant(vcpu, plan, memo);
    }
    if (planted === undefined) throw new Error(`vCPU ${vcpu.index}: cannot plant the step breakpoint (${plan.reason}): its address does not translate`);
    this.lastPlan = plan;
    if (plan.method === 'none') return undefined;
    if (plan.msr !== s.msr) vcpu.setRegs({ msr: plan.msr });
    if (plan.srr1 !== s.srr1) vcpu.setSpr(SPR_SRR1, plan.srr1);
    if (plan.ctr !== s.ctr) vcpu.setRegs({ ctr: plan.ctr });
    const record: StepRecord = {
      vcpu: vcpu.index, plan, nip: s.nip, planted, state: 'active',
      saved: { msr: s.msr, srr0: s.srr0, srr1: s.srr1, ctr: s.ctr }, startCount: vcpu.state.instructionCount,
    };
    this.records.push(record);
    this.counts.armed++;
    return record;
  }

  private plant(vcpu: Vcpu, plan: StepPlan, memo: TranslationMemo): PlantedStepBreakpoint[] | undefined {
    const addresses: PlantedStepBreakpoint[] = [];
    for (const bp of plan.breakpoints) {
      const realAddress = this.translate(vcpu, bp, memo);
      if (realAddress === undefined) {
        if (bp.vector !== undefined) continue;
        return undefined;
      }
      addresses.push({ ea: bp.ea, realAddress, vector: bp.vector });
    }
    for (const a of addresses) this.table.insert(a.realAddress, 'step');
    return addresses;
  }

  /** Classifies a software-breakpoint exit of `vcpu` at `pc`. */
  hit(vcpu: Vcpu, pc: bigint): StepHit {
    const pa = this.view.instructionAddress(vcpu, pc);
    if (pa === undefined) return undefined;
    // newest first: a step inside a handler whose own pending step shares the breakpoint
    for (let i = this.records.length - 1; i >= 0; i--) {
      const r = this.records[i]!;
      if (r.vcpu === vcpu.index && r.planted.some((p) => p.realAddress === pa && p.ea === pc)) return { kind: 'own', record: r };
    }
    // compared with every stepping vCPU's breakpoints (v6 compared only the hitting vCPU's)
    if (this.records.some((r) => r.planted.some((p) => p.realAddress === pa)) && !this.table.has(pa, 'user')) {
      this.counts.foreignHits++;
      return { kind: 'foreign', realAddress: pa };
    }
    return undefined;
  }

  /** Completes `record` on its vCPU (stopped at one of its breakpoints) and removes it. */
  complete(record: StepRecord, vcpu: Vcpu, pc: bigint): void {
    const at = record.planted.find((p) => p.ea === pc);
    if (record.plan.method === 'trace' && at?.vector !== undefined) {
      vcpu.setSpr(SPR_SRR1, hideAtVector({ srr1: vcpu.getSpr(SPR_SRR1) }).srr1);
    } else if (record.plan.method === 'trace') {
      const s = vcpu.state;
      const update = hideTrace(record.plan, record.saved, {
        srr0: vcpu.getSpr(SPR_SRR0), srr1: vcpu.getSpr(SPR_SRR1), ctr: s.ctr, gpr: readsGprs(record.plan.instruction) ? gprs(vcpu) : NO_GPRS,
      });
      const gpr = update.gpr ? Array.from({ length: 32 }, (_, n) => (n === update.gpr!.n ? update.gpr!.value : s.gpr(n))) : undefined;
      vcpu.setRegs({ pc: update.nip, msr: update.msr, ...(update.ctr !== s.ctr ? { ctr: update.ctr } : {}), ...(gpr ? { gpr } : {}) });
      vcpu.setSpr(SPR_SRR0, update.srr0);
      vcpu.setSpr(SPR_SRR1, update.srr1);
    }
    this.counts.completed++;
    this.drop(record);
  }

  /** Undoes an armed step that has not executed anything. */
  private cancel(record: StepRecord, vcpu: Vcpu): void {
    if (record.plan.msr !== record.saved.msr && vcpu.state.msr === record.plan.msr) vcpu.setRegs({ msr: record.saved.msr });
    if (record.plan.srr1 !== record.saved.srr1 && vcpu.getSpr(SPR_SRR1) === record.plan.srr1) vcpu.setSpr(SPR_SRR1, record.saved.srr1);
    if (record.plan.ctr !== record.saved.ctr && vcpu.state.ctr === record.plan.ctr) vcpu.setRegs({ ctr: record.saved.ctr });
    this.drop(record);
  }

  private drop(record: StepRecord): void {
    const i = this.records.indexOf(record);
    if (i >= 0) this.records.splice(i, 1);
    for (const p of record.planted) this.table.remove(p.realAddress, 'step');
    const waiting = this.removalWaiters;
    this.removalWaiters = [];
    for (const w of waiting) {
      if (this.table.has(w.realAddress, 'step')) this.removalWaiters.push(w);
      else w.resolve();
    }
  }

  /** Resolves when no step breakpoint is left at `realAddress` (another vCPU may then go on). */
  whenRemoved(realAddress: number): Promise<void> {
    if (!this.table.has(realAddress, 'step')) return Promise.resolve();
    return new Promise((resolve) => this.removalWaiters.push({ realAddress, resolve }));
  }

  /**
   * Every vCPU is stopped for GDB: a step that has not run is undone; one that ran
   * into an interrupt keeps its Trace breakpoint as a pending step (its SE is in a
   * saved SRR1 the guest will return with); `successor` and `guest-trace` steps leave
   * nothing of the debugger behind and are dropped.
   */
  settleAtStop(): void {
    for (const r of [...this.records]) this.settle(r);
  }

  /** settleAtStop for one vCPU's steps: in non-stop mode only that vCPU stops for GDB. */
  settleVcpu(index: number): void {
    for (const r of [...this.records]) if (r.vcpu === index) this.settle(r);
  }

  private settle(r: StepRecord): void {
    const vcpu = this.vm.vcpus[r.vcpu]!;
    if (r.state === 'pending') { this.resolvePendingSe(r, vcpu); return; }
    if (vcpu.state.instructionCount === r.startCount) this.cancel(r, vcpu);
    else if (r.plan.method === 'trace') { this.makePending(r); this.resolvePendingSe(r, vcpu); }
    else this.drop(r);
  }

  /**
   * The step went into a handler whose vector could not hold a breakpoint: only the Trace
   * breakpoint stays (the interrupt vectors' would catch the handler's own interrupts).
   */
  private makePending(r: StepRecord): void {
    r.state = 'pending';
    this.counts.pending++;
    for (const p of r.planted.filter((q) => q.vector !== undefined)) this.table.remove(p.realAddress, 'step');
    r.planted = r.planted.filter((q) => q.vector === undefined);
  }

  /**
   * Before a new step: a pending step's SE in the vCPU's MSR or SRR1 is the debugger's,
   * not the guest's. True when the vCPU had a pending step (its registers may have changed).
   */
  private resolvePending(vcpu: Vcpu, steppingRfid: boolean): boolean {
    let any = false;
    for (const r of [...this.records]) {
      if (r.vcpu === vcpu.index && r.state === 'pending') { any = true; this.resolvePendingSe(r, vcpu, steppingRfid); }
    }
    return any;
  }

  /**
   * A pending step's SE came back into the MSR (the handler returned): the Trace has
   * not fired yet, so take SE away and forget the step. With `srr1Too` (the vCPU is
   * about to step the rfid that returns with it), SE in SRR1 is taken away as well.
   */
  private resolvePendingSe(r: StepRecord, vcpu: Vcpu, srr1Too = false): void {
    const msr = vcpu.state.msr;
    if ((msr & MSR_SE) !== 0n) { vcpu.setRegs({ msr: msr & ~MSR_SE }); this.drop(r); return; }
    const srr1 = vcpu.getSpr(SPR_SRR1);
    if (srr1Too && (srr1 & MSR_SE) !== 0n) { vcpu.setSpr(SPR_SRR1, srr1 & ~MSR_SE); this.drop(r); }
  }

  /** The debugger leaves: undo steps that have not run; pending ones stay until they complete silently. */
  abandon(): void {
    for (const r of [...this.records]) {
      const vcpu = this.vm.vcpus[r.vcpu]!;
      if (r.state === 'active' && vcpu.state.instructionCount === r.startCount) this.cancel(r, vcpu);
      else if (r.plan.method === 'trace') this.makePending(r);
      else this.drop(r);
    }
  }
}
