import { describe, expect, it } from '@jest/globals';
import { makeMachine, CODE_BASE, DATA_BASE } from '../../test-support/machine.js';
import { xorshift32 } from '../../test-support/random-words.js';
import { runFast } from '../../interp/fast-loop.js';
import { decoder } from '../../isa/index.js';
import { instructionTemplate } from '../../gen/block.js';
import { GuestFaultSignal } from '../../cpu/cpu.js';
import { W_GPR, W_CR, W_XER, W_CTR, W_LR } from '../../state/layout.js';
import { WebAssemblyApi as WebAssembly } from './webassembly-api.js';
import { straightBlockModule, accessImports } from './straight-block.js';

/*
 * A self-looping block's `loop` export, whose GPRs live in i64 locals across the passes
 * (written back at the end and before every storage access), against the interpreter
 * running the same instructions: the templates in their 64-bit form and in halves, word
 * reads and writes of a GPR held in a local, loads and stores, and a load that faults
 * mid-pass (the register file must then hold every earlier instruction's result).
 */

const LOOPS: Readonly<Record<string, string>> = {
  'the race loop': `
    1: addi 3,3,1
    add 4,3,3
    xor 5,4,3
    cmpd 5,4
    bdnz 1b`,
  '64-bit templates and halves mixed': `
    1: rlwinm 6,3,3,0,28
    extsw 7,6
    subf 8,7,3
    or 9,8,6
    andc 10,9,4
    cmpld 10,9
    addis 11,11,1
    rldicl 12,11,13,3
    oris 13,12,0x8001
    add 3,3,13
    bdnz 1b`,
  'loads and stores': `
    1: ld 12,0(20)
    addi 12,12,1
    std 12,0(20)
    stw 3,8(20)
    lwz 13,8(20)
    add 3,3,13
    ldu 14,16(21)
    bdnz 1b`,
};

const COMPARED = [...Array.from({ length: 64 }, (_, k) => W_GPR + k), W_CR, W_XER, W_CTR, W_CTR + 1, W_LR, W_LR + 1];

function setUp(source: string, seed: number, passes: number) {
  const a = makeMachine(source), b = makeMachine(source);
  const next = xorshift32(seed);
  for (let k = 0; k < 64; k++) a.cpu.r[W_GPR + k] = next() | 0;
  a.cpu.r[W_CR] = next() | 0; a.cpu.r[W_XER] = next() & 0xe0000000;
  a.cpu.r[W_GPR + 40] = DATA_BASE + 0x100; a.cpu.r[W_GPR + 41] = 0; // r20
  a.cpu.r[W_GPR + 42] = DATA_BASE + 0x200; a.cpu.r[W_GPR + 43] = 0; // r21, moved on by ldu
  a.cpu.r[W_CTR] = passes + 10; a.cpu.r[W_CTR + 1] = 0;
  b.cpu.r.set(a.cpu.r);
  for (let k = 0; k < 0x1000; k += 4) { const v = next() | 0; a.memory.write32(DATA_BASE + k, v, true); b.memory.write32(DATA_BASE + k, v, true); }
  return { a, b };
}

/** The loop's words as a straight-block module over `cpu`, run `passes` times with its register file copied in and out. */
function wasmLoop(machine: ReturnType<typeof makeMachine>): (passes: number) => number {
  const { cpu, words } = machine;
  const instructions = words.map((w) => ({ s: instructionTemplate(decoder.lookup(w)!.mnemonic)!, w }));
  expect(instructions.every((i) => i.s !== undefined)).toBe(true);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const bytes = straightBlockModule(instructions, 0, CODE_BASE, cpu.mode64, cpu.littleEndian, { pages: 1 });
  const loop = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory, ...accessImports(cpu) } }).exports.loop as (registers: number, passes: number) => number;
  return (passes) => {
    const file = new Int32Array(memory.buffer, 0, cpu.r.length);
    file.set(cpu.r);
    try { return loop(0, passes); } finally { cpu.r.set(file); }
  };
}

const registers = (r: Int32Array): number[] => COMPARED.map((k) => r[k]!);

describe('a self-looping WebAssembly block keeps its GPRs in locals and stays exact', () => {
  for (const [name, source] of Object.entries(LOOPS)) {
    it(name, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const passes = 1 + (seed * 7) % 40;
        const { a, b } = setUp(source, seed * 2654435761, passes);
        const length = a.words.length;
        for (let i = 0; i < passes * length; i++) runFast(a.cpu, 1);
        expect(wasmLoop(b)(passes)).toBe(passes);
        expect({ seed, regs: registers(b.cpu.r) }).toEqual({ seed, regs: registers(a.cpu.r) });
        expect(b.memory.u8.subarray(DATA_BASE, DATA_BASE + 0x1000)).toEqual(a.memory.u8.subarray(DATA_BASE, DATA_BASE + 0x1000));
      }
    });
  }

  it('a load that faults mid-pass leaves every earlier result in the register file', () => {
    const source = LOOPS['loads and stores']!;
    const passes = 30;
    const { a, b } = setUp(source, 99, passes);
    // ldu walks r21 up by 16 a pass: the 6th pass's runs off the data area's end
    for (const m of [a, b]) { m.cpu.r[W_GPR + 42] = DATA_BASE + 0x10000 - 5 * 16 - 16; m.cpu.r[W_GPR + 43] = 0; }
    const length = a.words.length;
    let ran = 0;
    for (; ran < passes * length; ran++) {
      const before = a.cpu.state.instructionCount;
      runFast(a.cpu, 1);
      if (a.cpu.state.instructionCount === before) break; // the fault: nothing retired
    }
    expect(ran).toBe(5 * length + length - 2); // stopped at the 6th pass's ldu
    expect(() => wasmLoop(b)(passes)).toThrow(GuestFaultSignal);
    expect({ regs: registers(b.cpu.r) }).toEqual({ regs: registers(a.cpu.r) });
  });
});
