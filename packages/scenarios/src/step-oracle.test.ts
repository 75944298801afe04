import { describe, it, expect } from '@jest/globals';
import { expectStep } from './step-oracle.js';
import type { Point } from './observation.js';
import type { Instruction } from './guest-image.js';
import { parseProbes } from './gdb-script.js';
import { findDebugWords } from './memory-scan.js';

function point(pc: bigint, extra: { msr?: bigint; srr0?: bigint; srr1?: bigint; lr?: bigint; gpr?: Record<number, bigint> } = {}): Point {
  const gpr = Array.from({ length: 32 }, (_, n) => extra.gpr?.[n] ?? 0n);
  const vcpu = { index: 0, started: true, nip: pc, msr: extra.msr ?? 0x8000000000001033n, srr0: extra.srr0 ?? 0x10n, srr1: extra.srr1 ?? 0x20n, lr: extra.lr ?? 0x40n, ctr: 0x80n, gpr, retired: 0n };
  return { label: 'p', thread: 1, pc, msr: vcpu.msr, vcpu, machine: { vcpus: [vcpu], ail: 3 } };
}
const insn = (mnemonic: string, operands = '', target?: bigint): Instruction => ({ address: 0x1000n, mnemonic, operands, ...(target !== undefined ? { target } : {}) });

describe('the ISA oracle for one step', () => {
  it('plain instructions go to the next word and keep MSR and SRRs', () => {
    const e = expectStep(insn('addi', 'r3,r3,1'), point(0x1000n));
    expect(e.pcs).toEqual([0x1004n]);
    expect([e.msr, e.srr0, e.srr1]).toEqual([0x8000000000001033n, 0x10n, 0x20n]);
  });
  it('branches: unconditional, conditional (both ways), to LR', () => {
    expect(expectStep(insn('b', '2000', 0x2000n), point(0x1000n)).pcs).toEqual([0x2000n]);
    expect(expectStep(insn('bne-', 'c000000000007e00', 0x7e00n), point(0x1000n)).pcs).toEqual([0x7e00n, 0x1004n]);
    expect(expectStep(insn('blr'), point(0x1000n, { lr: 0x5550n })).pcs).toEqual([0x5550n]);
  });
  it('rfid goes to SRR0 with the guest bits of SRR1; mtmsrd L=0 / L=1; mtsrr0/1; mfmsr', () => {
    const r = expectStep(insn('rfid'), point(0x1000n, { srr0: 0x3000n, srr1: 0x8000000000001031n }));
    expect([r.pcs, r.msr]).toEqual([[0x3000n], 0x8000000000001031n]);
    expect(expectStep(insn('mtmsrd', 'r7'), point(0x1000n, { gpr: { 7: 0x8000000000001433n } })).msr & 0x400n).toBe(0x400n);
    const l1 = expectStep(insn('mtmsrd', 'r5,1'), point(0x1000n, { gpr: { 5: 0x8000n } }));
    expect(l1.msr).toBe(0x8000000000009031n);   // EE from r5, RI cleared (r5 has no RI)
    expect(expectStep(insn('mtsrr0', 'r3'), point(0x1000n, { gpr: { 3: 0xabcn } })).srr0).toBe(0xabcn);
    expect(expectStep(insn('mfmsr', 'r3'), point(0x1000n)).gpr).toEqual({ n: 3, value: 0x8000000000001033n });
  });
});

describe('transcript and memory helpers', () => {
  it('parses probe lines', () => {
    const p = parseProbes('x\n@@probe s1 thread=2 pc=0xc000000000005308 msr=0x8000000000001033\n@@probe z thread=1 pc=0 msr=0\n');
    expect(p.get('s1')).toEqual({ thread: 2, pc: 0xc000000000005308n, msr: 0x8000000000001033n });
    expect(p.get('z')).toEqual({ thread: 1, pc: 0n, msr: 0n });
  });
  it('finds the debug instruction on word boundaries only', () => {
    const bytes = new Uint8Array([0, 0xdd, 0xdd, 0, 1, 0, 0xdd, 0xdd, 0, 0, 0, 0]);
    expect(findDebugWords(bytes, 0x100)).toEqual([0x100]);
  });
});
