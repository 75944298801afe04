import { describe, expect, it } from '@jest/globals';
import { xorshift32 } from '../../test-support/random-words.js';
import { CODE, DATA, loadRandomCase } from '../../test-support/random-programs.js';
import { Arena } from '../../memory/arena.js';
import { UserPageMap } from '../../mmu/user-page-map.js';
import { Cpu } from '../../cpu/cpu.js';
import { Exit } from '../../cpu/exit.js';
import { fieldEncoder as put } from '../../decode/fields.generated.js';
import { W_NIP, W_GPR, W_CTR, W_INSN_COUNT } from '../../state/layout.js';
import { CTL_REQUESTS } from '../../cpu/control.js';
import { run, runEngine } from '../../interp/run.js';
import { runFast } from '../../interp/fast-loop.js';
import { interpreterModule, runFastWasm } from './interpreter.js';
import { WebAssemblyApi as WebAssembly } from './webassembly-api.js';
import { makeSystemMachine, bareMetal } from '../../test-support/system-machine.js';
import { Vector } from '../../cpu/vectors.js';
import { LPCR_ILE } from '../../cpu/msr.js';

/*
 * The WebAssembly interpreter against runFast: the same random programs as the
 * translator's equivalence test, from the same state for the same budget, through the
 * run loop (interp/run.ts runEngine) with one fast runner or the other. The whole
 * register file (NIP and the retired-instruction counter included), the exit and all
 * of memory must come out the same.
 */

function machine(writableCode: boolean) {
  const arena = new Arena(1 << 20);
  const memory = arena.guestMemory();
  const pages = new UserPageMap(memory);
  pages.protect(CODE, 0x10000, writableCode ? 7 : 5);
  pages.protect(DATA, 0x10000, 3);
  const cpu = new Cpu(memory, pages, arena.cpuState(0), { arena, vcpu: 0 });
  return { memory, cpu, arena };
}

describe('the WebAssembly interpreter', () => {
  it('compiles every inline template (a refused one would leave the work to runFast)', () => {
    const bytes = interpreterModule();
    expect(() => new WebAssembly.Module(bytes)).not.toThrow();
  });

  for (const writableCode of [false, true]) {
    it(`agrees with runFast on random programs, ${writableCode ? 'with stores into the code' : 'with read-only code'}`, () => {
      const { memory, cpu } = machine(writableCode);
      const r = cpu.r;
      const next = xorshift32(writableCode ? 0x1e7a : 0x3b05);
      const exits = new Map<number, number>();
      let wasmCases = 0;
      for (let c = 0; c < 300; c++) {
        // mostly the mode the WebAssembly interpreter takes (little-endian, 64-bit); runFast runs the others
        const le = (next() & 7) !== 0;
        const mode64 = (next() & 7) !== 0;
        loadRandomCase(next, memory, r, writableCode, le);
        cpu.mode64 = mode64; cpu.littleEndian = le;
        const budget = 200 + (next() % 2000);
        const regs = r.slice(), mem = memory.u8.slice(0, 0x40000);

        const exitJs = run(cpu, budget);
        const afterJs = { regs: r.slice(), mem: memory.u8.slice(0, 0x40000) };

        r.set(regs); memory.u8.set(mem); cpu.mode64 = mode64; cpu.littleEndian = le;
        const exitWasm = runEngine(cpu, budget, runFastWasm);
        if (le && mode64) wasmCases++;

        const where = `case ${c} le=${le} mode64=${mode64} budget=${budget}`;
        expect({ where, exit: exitWasm }).toEqual({ where, exit: exitJs });
        const differs = r.findIndex((v, k) => v !== afterJs.regs[k]);
        if (differs >= 0) expect({ where, word: differs, wasm: r[differs] }).toEqual({ where, word: differs, wasm: afterJs.regs[differs] });
        expect(Buffer.compare(memory.u8.subarray(0, 0x40000), afterJs.mem)).toBe(0);
        exits.set(exitWasm, (exits.get(exitWasm) ?? 0) + 1);
      }
      expect(wasmCases).toBeGreaterThan(150);
      expect(exits.size).toBeGreaterThan(2);
    });
  }

  const loop = [
    put.OPCD(14) | put.RT(3) | put.RA(3) | put.SI(1),                 // 1: addi 3,3,1
    put.OPCD(16) | put.BO(16) | put.BI(0) | put.BD(-4),               //    bdnz 1b
    0,                                                                // illegal: the end
  ];

  it('stops at its budget with the counter and NIP exact', () => {
    const { memory, cpu } = machine(false);
    loop.forEach((w, i) => memory.write32(CODE + 4 * i, w, true));
    cpu.r[W_NIP] = CODE; cpu.r[W_CTR] = 1000; cpu.mode64 = true; cpu.littleEndian = true;
    expect(runFastWasm(cpu, 777)).toBe(Exit.Budget);
    expect(cpu.r[W_INSN_COUNT]).toBe(777);
    expect(cpu.r[W_GPR + 6]).toBe(389);                 // 389 addi, 388 bdnz
    expect(cpu.r[W_NIP]).toBe(CODE + 4);
    expect(runEngine(cpu, 1_000_000, runFastWasm)).toBe(Exit.IllegalInstruction);
    expect(cpu.r[W_GPR + 6]).toBe(1000);
    expect(cpu.r[W_INSN_COUNT]).toBe(2000);
    expect(cpu.r[W_NIP]).toBe(CODE + 8);
  });

  it('leaves at a taken branch when another thread asks (a stop request)', () => {
    const { memory, cpu } = machine(false);
    loop.forEach((w, i) => memory.write32(CODE + 4 * i, w, true));
    cpu.r[W_NIP] = CODE; cpu.r[W_CTR] = 100_000; cpu.mode64 = true; cpu.littleEndian = true;
    cpu.controls[cpu.controlBase + CTL_REQUESTS] = 1;
    const exit = runFastWasm(cpu, 50_000);
    // the request is served between instructions: here a stop, after the first taken branch
    expect(exit).toBe(Exit.StopRequested);
    expect(cpu.r[W_INSN_COUNT]).toBe(2);
    expect(cpu.r[W_NIP]).toBe(CODE);
  });

  it('leaves a fault with NIP on the faulting instruction and the ones before it retired', () => {
    const { memory, cpu } = machine(false);
    const words = [
      put.OPCD(14) | put.RT(3) | put.RA(0) | put.SI(5),              // li 3,5
      put.OPCD(58) | put.RT(4) | put.RA(5),                          // ld 4,0(5): r5 unmapped
      0,
    ];
    words.forEach((w, i) => memory.write32(CODE + 4 * i, w, true));
    cpu.r[W_NIP] = CODE; cpu.r[W_GPR + 10] = 0x90000; cpu.mode64 = true; cpu.littleEndian = true;
    const jsExit = (() => {
      const regs = cpu.r.slice();
      const exit = runFast(cpu, 100);
      const after = cpu.r.slice();
      cpu.r.set(regs);
      return { exit, after };
    })();
    const exit = runFastWasm(cpu, 100);
    expect(exit).toBe(jsExit.exit);
    expect(cpu.r[W_NIP]).toBe(CODE + 4);
    expect(cpu.r[W_INSN_COUNT]).toBe(1);
    expect([...cpu.r]).toEqual([...jsExit.after]);
  });

  it('runs a program that rewrites its next instruction as the interpreter does', () => {
    const { memory, cpu } = machine(true);
    // stw 5,8(4) writes `addi 3,3,100` over the word after the next one
    const addi = (si: number): number => put.OPCD(14) | put.RT(3) | put.RA(3) | put.SI(si);
    [put.OPCD(36) | put.RS(5) | put.RA(4) | put.SI(8), addi(1), addi(1), 0].forEach((w, i) => memory.write32(CODE + 4 * i, w, true));
    cpu.r[W_NIP] = CODE; cpu.r[W_GPR + 8] = CODE; cpu.r[W_GPR + 10] = addi(100); cpu.mode64 = true; cpu.littleEndian = true;
    expect(runEngine(cpu, 100, runFastWasm)).toBe(Exit.IllegalInstruction);
    expect(cpu.r[W_GPR + 6]).toBe(101);
    // and again from the start: the decode cache sees the stored word, not the one it cached
    cpu.r[W_NIP] = CODE; cpu.r[W_GPR + 6] = 0; cpu.r[W_GPR + 10] = addi(7);
    expect(runEngine(cpu, 100, runFastWasm)).toBe(Exit.IllegalInstruction);
    expect(cpu.r[W_GPR + 6]).toBe(8);
  });
});

describe('the WebAssembly interpreter in system mode', () => {
  it('takes system calls to the vector and returns with rfid as runFast does (handler jumps)', () => {
    // 100 times: sc to 0xC00, which counts in r5 and returns with rfid; then a hypercall ends the run
    const source = bareMetal(`
  li 5, 0
  li 6, 100
  mtctr 6
1:
  sc
  addi 7, 7, 3
  bdnz 1b
  sc 1`, { [Vector.SystemCall]: '  addi 5, 5, 1\n  rfid' });
    const results = [runFast, runFastWasm].map((fast) => {
      const { cpu } = makeSystemMachine(source, { arena: true, lpcr: LPCR_ILE });
      const exit = runEngine(cpu, 100_000, fast);
      return { exit, regs: [...cpu.r] };
    });
    expect(results[1]!.exit).toBe(Exit.Hypercall);
    expect(results[1]!.regs[W_GPR + 10]).toBe(100);
    expect(results[1]!.regs[W_GPR + 14]).toBe(300);
    expect(results[1]).toEqual(results[0]);
  });
});

