import { describe, it, expect } from '@jest/globals';
import { classify, branchSuccessors } from './instruction.js';
import { interruptHandlerAddress } from './vector-address.js';
import { planStep, planReturnByTrace, SYNCHRONOUS_VECTORS, type StepSnapshot } from './step-plan.js';
import { hideTrace, SRR1_HIDE_MASK } from './step-finish.js';

const MSR_KERNEL = 0x8000000000001033n; // SF ME IR DR RI LE
const AIL = (n: number) => n << 23;
const base: StepSnapshot = {
  nip: 0xc000000000010000n, msr: MSR_KERNEL, srr0: 0x1234n, srr1: 0x8000000000001033n, lr: 0xc000000000020000n, ctr: 0xc000000000030000n, tar: 0n,
  gpr: Array.from({ length: 32 }, (_, n) => BigInt(n) * 0x1000n), lpcrLo: AIL(3), word: 0x38600000, // li r3,0
};
const noUserBp = () => false;

describe('instruction classification (spec section 3 encodings)', () => {
  it('recognises the spec\'s example words', () => {
    expect(classify(0x7c7a03a6)).toEqual({ kind: 'mtsrr', srr: 0, rs: 3 });
    expect(classify(0x7c7b03a6)).toEqual({ kind: 'mtsrr', srr: 1, rs: 3 });
    expect(classify(0x7c6000a6)).toEqual({ kind: 'mfmsr', rt: 3 });
    expect(classify(0x7c600124)).toEqual({ kind: 'mtmsr', rs: 3, doubleword: false, l: 0 });
    expect(classify(0x7c600164)).toEqual({ kind: 'mtmsr', rs: 3, doubleword: true, l: 0 });
    expect(classify(0x7c610164)).toEqual({ kind: 'mtmsr', rs: 3, doubleword: true, l: 1 });
    expect(classify(0x4c000024)).toEqual({ kind: 'rfid' });
    expect(classify(0x4c000224)).toEqual({ kind: 'hrfid' });
    expect(classify(0x4c0000a4)).toEqual({ kind: 'rfscv' });
    expect(classify(0x44000001)).toEqual({ kind: 'sc', level: -1 }); // scv 0
    expect(classify(0x44000002)).toEqual({ kind: 'sc', level: 0 });
    expect(classify(0x44000022)).toEqual({ kind: 'sc', level: 1 });
    expect(classify(0x7c6802a6)).toEqual({ kind: 'other' }); // mflr r3
    expect(classify(0x7c7f03a6)).toEqual({ kind: 'other' }); // mtspr 31 (not an SRR)
  });

  it('computes every successor of a branch', () => {
    const ctx = { nip: 0x1000n, lr: 0x2000n, ctr: 0x3003n, tar: 0x4000n };
    expect(branchSuccessors(0x48000010, ctx)).toEqual([0x1010n]); // b +0x10
    expect(branchSuccessors(0x4bfffff0, ctx)).toEqual([0xff0n]); // b -0x10
    expect(branchSuccessors(0x48000102, ctx)).toEqual([0x100n]); // ba 0x100
    expect(branchSuccessors(0x41820008, ctx)).toEqual([0x1008n, 0x1004n]); // beq +8
    expect(branchSuccessors(0x4e800020, ctx)).toEqual([0x2000n, 0x1004n]); // blr
    expect(branchSuccessors(0x4e800420, ctx)).toEqual([0x3000n, 0x1004n]); // bctr (low bits dropped)
    expect(branchSuccessors(0x38600000, ctx)).toBeUndefined();
  });
});

describe('trace handler address (spec section 3)', () => {
  it('AIL 0, 2, 3 with relocation, and none with IR != DR or in real mode; AIL 1 reserved', () => {
    expect(interruptHandlerAddress(AIL(0), MSR_KERNEL).ea).toBe(0xd00n);
    expect(interruptHandlerAddress(AIL(2), MSR_KERNEL).ea).toBe(0x18d00n);
    expect(interruptHandlerAddress(AIL(3), MSR_KERNEL).ea).toBe(0xc000000000004d00n);
    expect(interruptHandlerAddress(AIL(1), MSR_KERNEL).ea).toBe(0xd00n);
    expect(interruptHandlerAddress(AIL(3), MSR_KERNEL & ~0x10n).ea).toBe(0xd00n); // DR off
    expect(interruptHandlerAddress(AIL(3), MSR_KERNEL & ~0x20n).ea).toBe(0xd00n); // IR off
    expect(interruptHandlerAddress(AIL(3), MSR_KERNEL & ~0x30n).ea).toBe(0xd00n);
  });
});

describe('step plans', () => {
  it('2: AIL=2 puts the Trace breakpoint at 0x18d00, and every fault vector at 0x18000 + vector', () => {
    const plan = planStep({ ...base, lpcrLo: AIL(2) }, noUserBp);
    expect(plan.method).toBe('trace');
    expect(plan.msr).toBe(MSR_KERNEL | 0x400n);
    expect(plan.breakpoints.map((b) => b.ea)).toEqual([0x18d00n, ...SYNCHRONOUS_VECTORS.map((v) => BigInt(v === 0x200 ? v : v | 0x18000))]);
  });

  it('asynchronous vectors join when interrupts are not blocked', () => {
    const plan = planStep(base, noUserBp, { asyncInterrupts: true });
    expect(plan.breakpoints.map((b) => b.ea)).toContain(0xc000000000004900n);
  });

  it('mtmsrd changing IR/DR: the handler of the new MSR', () => {
    const gpr = [...base.gpr]; gpr[7] = MSR_KERNEL & ~0x10n;
    const plan = planStep({ ...base, gpr, word: 0x7ce00164 }, noUserBp); // mtmsrd r7
    expect(plan.breakpoints[0]!.ea).toBe(0xd00n);
  });

  it('rfid: SRR0 under SRR1, or nothing when a user breakpoint is there, or the guest\'s trace when SRR1 has SE', () => {
    const rfid = { ...base, word: 0x4c000024, srr0: 0x10000000n, srr1: 0x800000000000d033n };
    expect(planStep(rfid, noUserBp)).toMatchObject({ method: 'successor', breakpoints: [{ ea: 0x10000000n, relocate: true }] });
    expect(planStep(rfid, () => true).method).toBe('none');
    expect(planStep({ ...rfid, srr1: rfid.srr1 | 0x400n }, noUserBp)).toMatchObject({ method: 'guest-trace', breakpoints: [{ ea: 0xc000000000004d00n }] });
  });

  it('rfscv: LR under CTR (the MSR it installs), the guest\'s trace when CTR has SE, and the trace fallback arms CTR', () => {
    const user = 0x800000000280f033n; // SF VEC VSX EE PR FP ME IR DR RI LE
    const rfscv = { ...base, word: 0x4c0000a4, lr: 0x20000dd0n, ctr: user, srr0: 0x1234n, srr1: MSR_KERNEL };
    expect(planStep(rfscv, noUserBp)).toMatchObject({ method: 'successor', breakpoints: [{ ea: 0x20000dd0n, relocate: true }], ctr: user, srr1: MSR_KERNEL });
    expect(planStep(rfscv, () => true).method).toBe('none');
    expect(planStep({ ...rfscv, ctr: user | 0x400n }, noUserBp)).toMatchObject({ method: 'guest-trace', breakpoints: [{ ea: 0xc000000000004d00n }] });
    const fallback = planReturnByTrace(rfscv, classify(0x4c0000a4))!;
    expect(fallback).toMatchObject({ method: 'trace', msr: MSR_KERNEL, srr1: MSR_KERNEL, ctr: user | 0x400n, breakpoints: [{ ea: 0xc000000000004d00n }] });
    // the Trace fired at LR: the guest sees its CTR back, the MSR from CTR without SE
    const u = hideTrace(fallback, { srr0: 0x1234n, srr1: MSR_KERNEL, ctr: user }, { srr0: 0x20000dd0n, srr1: user | 0x400n | 0x40000000n, ctr: user | 0x400n, gpr: [] });
    expect(u).toEqual({ nip: 0x20000dd0n, msr: user, srr0: 0x1234n, srr1: MSR_KERNEL, ctr: user });
    expect(planReturnByTrace(base, classify(base.word!))).toBeUndefined();
  });

  it('sc and sc 1 end after the instruction; the guest\'s own SE goes to its handler; NIP at the handler is displaced', () => {
    expect(planStep({ ...base, word: 0x44000022 }, noUserBp)).toMatchObject({ method: 'successor', breakpoints: [{ ea: base.nip + 4n }] });
    expect(planStep({ ...base, msr: base.msr | 0x400n }, noUserBp).method).toBe('guest-trace');
    expect(planStep({ ...base, nip: 0xc000000000004d00n }, noUserBp)).toMatchObject({ method: 'successor', breakpoints: [{ ea: 0xc000000000004d04n }] });
    expect(planStep({ ...base, nip: 0xc000000000004d00n, word: 0x48000100 }, noUserBp)).toMatchObject({ breakpoints: [{ ea: 0xc000000000004e00n }] });
  });
});

describe('hiding a trace step (spec section 3 step 3)', () => {
  const at = { srr0: 0xc000000000010004n, srr1: 0x8000000000001433n | 0x40000000n, ctr: base.ctr, gpr: base.gpr };
  it('21: NIP = SRR0, MSR = SRR1 without 0x781F0400, SRRs restored', () => {
    const plan = planStep(base, noUserBp);
    const u = hideTrace(plan, { srr0: 0x1234n, srr1: 0x5678n, ctr: 7n }, at);
    expect(u).toEqual({ nip: 0xc000000000010004n, msr: 0x8000000000001033n, srr0: 0x1234n, srr1: 0x5678n, ctr: base.ctr });
    expect(u.msr & SRR1_HIDE_MASK).toBe(0n);
  });
  it('4: mtsrr0/mtsrr1 replay the guest\'s write; 5: mfmsr loses only the debugger\'s SE; 25: mtmsrd setting SE keeps it', () => {
    expect(hideTrace(planStep({ ...base, word: 0x7c7a03a6 }, noUserBp), { srr0: 1n, srr1: 2n, ctr: 3n }, at).srr0).toBe(base.gpr[3]);
    expect(hideTrace(planStep({ ...base, word: 0x7c7b03a6 }, noUserBp), { srr0: 1n, srr1: 2n, ctr: 3n }, at).srr1).toBe(base.gpr[3]);
    const gpr = [...base.gpr]; gpr[3] = MSR_KERNEL | 0x400n;
    expect(hideTrace(planStep({ ...base, word: 0x7c6000a6 }, noUserBp), { srr0: 1n, srr1: 2n, ctr: 3n }, { ...at, gpr }).gpr).toEqual({ n: 3, value: MSR_KERNEL });
    expect(hideTrace(planStep({ ...base, gpr, word: 0x7c600164 }, noUserBp), { srr0: 1n, srr1: 2n, ctr: 3n }, { ...at, gpr }).msr & 0x400n).toBe(0x400n);
    expect(hideTrace(planStep({ ...base, gpr, word: 0x7c610164 }, noUserBp), { srr0: 1n, srr1: 2n, ctr: 3n }, { ...at, gpr }).msr & 0x400n).toBe(0n);
  });
});
