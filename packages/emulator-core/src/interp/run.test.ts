import { describe, it, expect } from '@jest/globals';
import { makeMachine, runToEnd, Exit, CODE_BASE, DATA_BASE } from '../test-support/machine.js';
import { run } from './run.js';
import { XER_CA, XER_OV, XER_SO } from '../state/layout.js';

const u64 = (x: bigint) => BigInt.asUintN(64, x);

describe('run loop: hot and cold paths agree with the ISA', () => {
  it('adds with carry into the high word, and addis/addi with negative immediates', () => {
    const { cpu } = makeMachine(`
      li 3, -1
      clrldi 3, 3, 32        # r3 = 0x00000000ffffffff
      addi 4, 3, 1           # carries into the high word
      addis 5, 0, -2         # r5 = 0xfffffffffffe0000
      add 6, 4, 5
      add. 7, 4, 5           # cold Rc=1 form, same value
      subf 8, 3, 4           # r4 - r3 = 1
      neg 9, 4`);
    expect(runToEnd(cpu)).toBe(Exit.IllegalInstruction);
    const s = cpu.state;
    expect(s.gpr(3)).toBe(0xffffffffn);
    expect(s.gpr(4)).toBe(0x100000000n);
    expect(s.gpr(5)).toBe(0xfffffffffffe0000n);
    expect(s.gpr(6)).toBe(u64(0x100000000n - 0x20000n));
    expect(s.gpr(7)).toBe(s.gpr(6));
    expect(s.cr >>> 28).toBe(0b0100); // GT
    expect(s.gpr(8)).toBe(1n);
    expect(s.gpr(9)).toBe(u64(-0x100000000n));
    expect(cpu.exitWord).toBe(0);
    expect(s.nip).toBe(BigInt(CODE_BASE + 4 * 8));
    expect(s.instructionCount).toBe(8n);
  });

  it('sets CA, OV and the sticky SO for the OE/carrying forms', () => {
    const { cpu } = makeMachine(`
      li 3, -1
      li 4, 1
      addc 5, 3, 4           # 0xffff...ff + 1 = 0, CA=1
      lis 6, 0x7fff
      ori 6, 6, 0xffff
      sldi 6, 6, 32
      oris 6, 6, 0xffff
      ori 6, 6, 0xffff       # r6 = INT64_MAX
      addo. 7, 6, 4          # overflows`);
    runToEnd(cpu);
    const s = cpu.state;
    expect(s.gpr(5)).toBe(0n);
    expect(s.gpr(6)).toBe(0x7fffffffffffffffn);
    expect(s.gpr(7)).toBe(0x8000000000000000n);
    expect(s.xer & XER_CA).toBe(XER_CA);
    expect(s.xer & XER_OV).toBe(XER_OV);
    expect((s.xer & XER_SO) !== 0).toBe(true);
    expect(s.cr >>> 28).toBe(0b1001); // LT and SO
  });

  it('rotates: rlwinm with a wrapping mask replicates the rotated word into the high half', () => {
    const { cpu } = makeMachine(`
      lis 3, 0x1234
      ori 3, 3, 0x5678
      rlwinm 4, 3, 8, 28, 3      # mb > me: wrapping mask
      rlwinm 5, 3, 4, 0, 31
      rldicl 6, 3, 60, 4
      rldicr 7, 3, 4, 59
      rotldi 8, 3, 36
      sradi 9, 7, 70-64`);
    runToEnd(cpu);
    const s = cpu.state;
    // rotl32(0x12345678, 8) = 0x34567812; mask bits 28..3 (wrapping) = 0xf000000f plus all high bits
    expect(s.gpr(4)).toBe(0x3456781230000002n & 0xfffffffff000000fn);
    expect(s.gpr(5)).toBe(0x23456781n);
    expect(s.gpr(6)).toBe(0x0000000001234567n);
    expect(s.gpr(7)).toBe(0x0000000123456780n);
    expect(s.gpr(8)).toBe(0x2345678000000001n);
    expect(s.gpr(9)).toBe(0x0000000123456780n >> 6n);
  });

  it('branches: bdnz counts CTR down, bl/blr link, bc not-taken falls through', () => {
    const { cpu } = makeMachine(`
      li 3, 0
      li 4, 10
      mtctr 4
    1: addi 3, 3, 2
      bdnz 1b
      bl 2f
      addi 3, 3, 1000
      b 3f
    2: addi 3, 3, 100
      blr
    3: cmpdi 3, 0
      beq 4f
      addi 3, 3, 1
    4: nop`);
    runToEnd(cpu);
    const s = cpu.state;
    expect(s.gpr(3)).toBe(20n + 100n + 1000n + 1n);
    expect(s.ctr).toBe(0n);
    expect(s.lr).toBe(BigInt(CODE_BASE + 4 * 6));
  });

  it('loads and stores in the guest byte order, with update and byte-reversed forms', () => {
    const { cpu, memory } = makeMachine(`
      lis 10, ${DATA_BASE >> 16}
      lis 3, 0x0102
      ori 3, 3, 0x0304
      sldi 3, 3, 32
      oris 3, 3, 0x0506
      ori 3, 3, 0x0708
      std 3, 0(10)
      lwz 4, 0(10)
      lwbrx 5, 0, 10
      lha 6, 6(10)
      stwu 3, 16(10)
      ldbrx 7, 0, 10`);
    runToEnd(cpu);
    const s = cpu.state;
    expect(memory.read64Big(DATA_BASE, true)).toBe(0x0102030405060708n);
    expect(s.gpr(4)).toBe(0x05060708n);
    expect(s.gpr(5)).toBe(0x08070605n);
    expect(s.gpr(6)).toBe(0x0102n);
    expect(s.gpr(10)).toBe(BigInt(DATA_BASE + 16));
    expect(memory.read32(DATA_BASE + 16, true) >>> 0).toBe(0x05060708);
    expect(s.gpr(7)).toBe(0x0807060500000000n);
  });

  it('runs the same code big-endian', () => {
    const { cpu, memory } = makeMachine(`
      lis 10, ${DATA_BASE >> 16}
      lis 3, 0x1122
      ori 3, 3, 0x3344
      stw 3, 0(10)
      lbz 4, 0(10)
      lhz 5, 2(10)`, { bigEndian: true });
    runToEnd(cpu);
    expect(memory.read8(DATA_BASE)).toBe(0x11);
    expect(cpu.state.gpr(4)).toBe(0x11n);
    expect(cpu.state.gpr(5)).toBe(0x3344n);
  });

  it('a fault abandons the instruction: no register written, NIP on it, the address reported', () => {
    const { cpu } = makeMachine(`
      li 3, 7
      lis 4, 0x7000
      ld 3, 8(4)`);
    expect(runToEnd(cpu)).toBe(Exit.DataStorage);
    expect(cpu.state.gpr(3)).toBe(7n);
    expect(cpu.state.nip).toBe(BigInt(CODE_BASE + 8));
    expect(cpu.exitAddressLo).toBe(0x70000008);
    expect(cpu.state.instructionCount).toBe(2n);
  });

  it('stores to read-only code fault; execution outside executable pages is an instruction fault', () => {
    const { cpu } = makeMachine(`
      lis 4, ${CODE_BASE >> 16}
      stw 4, 0(4)`);
    expect(runToEnd(cpu)).toBe(Exit.DataStorage);
    const m = makeMachine(`
      lis 4, ${DATA_BASE >> 16}
      mtctr 4
      bctr`);
    expect(runToEnd(m.cpu)).toBe(Exit.InstructionStorage);
    expect(m.cpu.state.nip).toBe(BigInt(DATA_BASE));
  });

  it('sees code written between runs by another agent (debugger breakpoint) before executing it', () => {
    const { cpu, memory } = makeMachine(`
      li 3, 0
    1: addi 3, 3, 1
      b 1b`);
    expect(run(cpu, 101)).toBe(Exit.Budget);
    // plant the KVM debug instruction 0x00dddd00 over the addi, as a debugger would
    memory.write32(CODE_BASE + 4, 0x00dddd00, true);
    cpu.state.nip = BigInt(CODE_BASE + 4);
    expect(run(cpu, 10)).toBe(Exit.IllegalInstruction);
    expect(cpu.exitWord).toBe(0x00dddd00);
    expect(cpu.state.nip).toBe(BigInt(CODE_BASE + 4));
  });

  it('sc exits with NIP after the sc; traps and privileged instructions exit on the instruction', () => {
    const a = makeMachine(`li 0, 1
      sc`);
    expect(runToEnd(a.cpu)).toBe(Exit.SystemCall);
    expect(a.cpu.state.nip).toBe(BigInt(CODE_BASE + 8));
    expect(a.cpu.state.instructionCount).toBe(2n);
    const b = makeMachine(`li 3, 5
      twi 4, 3, 5`);
    expect(runToEnd(b.cpu)).toBe(Exit.Trap);
    expect(b.cpu.state.nip).toBe(BigInt(CODE_BASE + 4));
    const c = makeMachine(`mfmsr 3`);
    expect(runToEnd(c.cpu)).toBe(Exit.PrivilegedInstruction);
  });

  it('invalid forms kept off the inline paths are illegal: stdu with RA=0, decrementing bcctr; or 1,1,1 sets the priority', () => {
    const a = makeMachine(`.long 0xf8600001`); // stdu r3,0(0)
    expect(runToEnd(a.cpu)).toBe(Exit.IllegalInstruction);
    expect(a.cpu.exitWord).toBe(0xf8600001 | 0);
    const b = makeMachine(`.long 0x4e000420`); // bcctr 16,0: decrements CTR
    expect(runToEnd(b.cpu)).toBe(Exit.IllegalInstruction);
    const c = makeMachine(`
      li 4, 5
      or 1, 1, 1
      mr 6, 4
      mflr 7
      mtctr 4
      mfctr 8`);
    runToEnd(c.cpu);
    expect(c.cpu.state.spr(896) >> 50n & 7n).toBe(2n);
    expect(c.cpu.state.gpr(6)).toBe(5n);
    expect(c.cpu.state.gpr(8)).toBe(5n);
  });

  it('lwarx/stwcx. succeed on an untouched reservation and fail after another store', () => {
    const { cpu } = makeMachine(`
      lis 10, ${DATA_BASE >> 16}
      li 3, 41
      stw 3, 0(10)
      lwarx 4, 0, 10
      addi 4, 4, 1
      stwcx. 4, 0, 10
      mfcr 5
      lwarx 6, 0, 10
      stw 3, 0(10)
      stwcx. 6, 0, 10
      mfcr 7
      lwz 8, 0(10)`);
    runToEnd(cpu);
    expect(cpu.state.gpr(5) >> 28n).toBe(2n); // EQ: stored
    expect(cpu.state.gpr(6)).toBe(42n);
    expect(cpu.state.gpr(8)).toBe(41n);
    // second stwcx.: the value changed under the reservation, so it failed
    expect(cpu.state.gpr(7) >> 28n).toBe(0n);
  });
});
