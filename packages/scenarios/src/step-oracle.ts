import type { Instruction } from './guest-image.js';
import type { Point } from './observation.js';
import { hex, type Checker } from './checker.js';
import { atomicSequenceStops } from './gdb-atomic-sequence.js';
import { MSR_EE, MSR_RI, MSR_SE, MSR_GUEST_BITS, SRR1_INTERRUPT_MASK, describeMsr } from './msr.js';

/** What one instruction, executed from the state at a probe, must leave behind (from the ISA, not from a run). */
export interface StepExpectation {
  /** Where the vCPU may be next (two for a conditional branch). */
  readonly pcs: readonly bigint[];
  /** The MSR bits (under `msrMask`) it must have. */
  readonly msr: bigint;
  readonly msrMask: bigint;
  readonly srr0: bigint;
  readonly srr1: bigint;
  /** A GPR the instruction writes with a value known beforehand. */
  readonly gpr?: { readonly n: number; readonly value: bigint };
}

const reg = (operand: string | undefined): number => {
  const m = /^r(\d+)$/.exec((operand ?? '').trim());
  if (!m) throw new Error(`not a GPR operand: '${operand}'`);
  return Number(m[1]);
};

const FULL = (1n << 64n) - 1n;

/**
 * The architected result of stepping `insn` from `before` (Power ISA 3.0 Book I/III):
 * successors of branches, rfid (SRR0/SRR1), rfscv (LR/CTR), mtmsr[d] (L=0 and L=1), mtsrr0/1, mfmsr,
 * mflr, hypercalls (`sc 1`); any other instruction goes to the next word and changes
 * neither MSR nor SRRs. Interrupting instructions (sc, scv, faults) are not modelled:
 * their scenarios say where the step must stop.
 */
export function expectStep(insn: Instruction, before: Point): StepExpectation {
  const v = before.vcpu;
  const next = (before.pc + 4n) & FULL;
  const ops = insn.operands.split(',');
  const mnemonic = insn.mnemonic.replace(/[+-]$/, '');
  const same = { msr: v.msr, msrMask: FULL, srr0: v.srr0, srr1: v.srr1 };
  switch (mnemonic) {
    case 'rfid':
      return { pcs: [v.srr0 & ~3n], msr: v.srr1, msrMask: MSR_GUEST_BITS, srr0: v.srr0, srr1: v.srr1 };
    case 'rfscv':
      // ISA 3.0 Book III 6.5.5 (scv saves NIA in LR and the MSR in CTR): back to LR with the MSR from CTR
      return { pcs: [v.lr & ~3n], msr: v.ctr, msrMask: MSR_GUEST_BITS, srr0: v.srr0, srr1: v.srr1 };
    case 'mtmsrd':
    case 'mtmsr': {
      const value = v.gpr[reg(ops[0])]!;
      const l1 = ops[1]?.trim() === '1';
      return l1
        ? { pcs: [next], msr: (v.msr & ~(MSR_EE | MSR_RI)) | (value & (MSR_EE | MSR_RI)), msrMask: FULL, srr0: v.srr0, srr1: v.srr1 }
        : { pcs: [next], msr: value, msrMask: MSR_GUEST_BITS, srr0: v.srr0, srr1: v.srr1 };
    }
    case 'sc':
      // sc 1 from the kernel is a hypercall: the hypervisor returns to the next word with SRR0/SRR1
      // untouched (it uses HSRR0/1); H_CEDE sets MSR[EE] (PAPR; KVM's kvmppc_h_cede). Other levels interrupt.
      if (ops[0]?.trim() === '1') return { ...same, pcs: [next], msrMask: FULL & ~MSR_EE };
      break;
    case 'mtsrr0': return { ...same, pcs: [next], srr0: v.gpr[reg(ops[0])]! };
    case 'mtsrr1': return { ...same, pcs: [next], srr1: v.gpr[reg(ops[0])]! };
    case 'mfmsr': return { ...same, pcs: [next], gpr: { n: reg(ops[0]), value: v.msr } };
    case 'mflr': return { ...same, pcs: [next], gpr: { n: reg(ops[0]), value: v.lr } };
    default: break;
  }
  if (mnemonic.startsWith('b')) {
    const conditional = !/^(b|bl|ba|bla|blr|blrl|bctr|bctrl)$/.test(mnemonic);
    let taken: bigint | undefined = insn.target;
    if (/lrl?$/.test(mnemonic)) taken = v.lr & ~3n;
    else if (/ctrl?$/.test(mnemonic)) taken = v.ctr & ~3n;
    if (taken !== undefined) return { ...same, pcs: conditional ? [taken, next] : [taken] };
  }
  return { ...same, pcs: [next] };
}

/** Where the oracle reads the stepped instruction: an ELF image, or the words the vCPUs really fetched. */
export interface CodeView {
  instruction(address: bigint): Instruction | undefined;
  /** The instruction word at an address, where known (GDB's atomic-sequence step decides on words). */
  word?(address: bigint): number | undefined;
}

/**
 * Checks that the vCPU at `after` is where one instruction from `before` leads:
 * same thread, PC a successor, MSR as the ISA says with no debugger SE and no SRR1
 * interrupt bit in it, SRR0/SRR1 as the guest left them (the step's own Trace
 * interrupt hidden), and a known GPR result.
 */
export function checkStep(c: Checker, image: CodeView, before: Point | undefined, after: Point | undefined): boolean {
  if (!before || !after) return false;
  const insn = image.instruction(before.pc);
  const what = `step ${before.label} -> ${after.label}`;
  if (!insn) { c.fail(`${what}: instruction at ${hex(before.pc)}`, 'an instruction of the image', 'no disassembly there'); return false; }
  const sequence = image.word ? atomicSequenceStops(before.pc, (a) => image.word!(a)) : undefined;
  // GDB runs a whole lwarx ... stwcx. sequence as its "step" (gdb-atomic-sequence.ts): only the PC is known
  const e = sequence ? { pcs: sequence, msr: before.vcpu.msr, msrMask: FULL, srr0: before.vcpu.srr0, srr1: before.vcpu.srr1 } : expectStep(insn, before);
  const text = `${insn.mnemonic} ${insn.operands}`.trim();
  let ok = c.equal(`${what}: thread`, before.thread, after.thread);
  ok = c.oneOf(`${what} (${text} at ${hex(before.pc)}): pc`, e.pcs, after.pc) && ok;
  const mask = e.msrMask;
  ok = c.that(`${what} (${text}): MSR`, (after.msr & mask) === (e.msr & mask), `${describeMsr(e.msr)} under mask ${hex(mask)}`, describeMsr(after.msr)) && ok;
  // SE: only the guest may have it (its own trace); the debugger's never shows
  if ((e.msr & MSR_SE) === 0n) ok = c.that(`${what}: no debugger SE in MSR`, (after.msr & MSR_SE) === 0n, 'SE clear', describeMsr(after.msr)) && ok;
  ok = c.that(`${what}: no SRR1 interrupt bits leaked into MSR`, (after.msr & SRR1_INTERRUPT_MASK & ~MSR_SE & ~(e.msr & SRR1_INTERRUPT_MASK)) === 0n,
    `none of ${hex(SRR1_INTERRUPT_MASK)}`, describeMsr(after.msr)) && ok;
  ok = c.equal(`${what} (${text}): SRR0`, e.srr0, after.vcpu.srr0) && ok;
  ok = c.equal(`${what} (${text}): SRR1`, e.srr1, after.vcpu.srr1) && ok;
  if (e.gpr) ok = c.equal(`${what} (${text}): r${e.gpr.n}`, e.gpr.value, after.vcpu.gpr[e.gpr.n]!) && ok;
  return ok;
}
