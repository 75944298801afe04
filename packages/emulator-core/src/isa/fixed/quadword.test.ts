import { describe, expect, it } from '@jest/globals';
import { makeMachine, runToEnd, DATA_BASE, CODE_BASE, Exit } from '../../test-support/machine.js';

/*
 * Exact state for lq/stq/lqarx/stqcx. in both byte orders. difftest compares them with
 * qemu-ppc64le too, except a stqcx. after lqarx: QEMU 7.2 forgets lqarx's reservation
 * (difftest/src/quirks.ts), so the success path is asserted here.
 */
const HI = 0x0011223344556677n, LO = 0x8899aabbccddeeffn;
const data = () => `
      lis 9, ${DATA_BASE >> 16}
      lis 4, 0x0011
      ori 4, 4, 0x2233
      sldi 4, 4, 32
      oris 4, 4, 0x4455
      ori 4, 4, 0x6677        # r4 = HI
      lis 5, 0x8899
      ori 5, 5, 0xaabb
      sldi 5, 5, 32
      oris 5, 5, 0xccdd
      ori 5, 5, 0xeeff        # r5 = LO`;

describe.each([false, true])('quadword loads and stores (bigEndian=%s)', (bigEndian) => {
  const order = (m: ReturnType<typeof makeMachine>) => ({
    first: m.memory.read64Big(DATA_BASE, !bigEndian),
    second: m.memory.read64Big(DATA_BASE + 8, !bigEndian),
  });

  it('stq puts RSp at EA in big-endian mode and RSp+1 there in little-endian mode; lq reads it back', () => {
    const m = makeMachine(`${data()}
      stq 4, 0(9)
      lq 6, 0(9)
    `, { bigEndian });
    expect(runToEnd(m.cpu)).toBe(Exit.IllegalInstruction);
    const { first, second } = order(m);
    expect([first, second]).toEqual(bigEndian ? [HI, LO] : [LO, HI]);
    expect(m.cpu.state.gpr(6)).toBe(HI);
    expect(m.cpu.state.gpr(7)).toBe(LO);
  });

  it('lqarx then stqcx. succeeds (CR0 = 0b0010 || SO) and stores the pair; a second stqcx. fails', () => {
    const m = makeMachine(`${data()}
      stq 4, 0(9)
      lqarx 10, 0, 9
      addi 11, 11, 1          # the low doubleword + 1
      stqcx. 10, 0, 9
      mfcr 20
      stqcx. 4, 0, 9          # the reservation is gone
      mfcr 21
    `, { bigEndian });
    expect(runToEnd(m.cpu)).toBe(Exit.IllegalInstruction);
    expect(m.cpu.state.gpr(10)).toBe(HI);
    expect((m.cpu.state.gpr(20) >> 28n) & 0xen).toBe(0x2n);
    expect((m.cpu.state.gpr(21) >> 28n) & 0xen).toBe(0x0n);
    const { first, second } = order(m);
    expect([first, second]).toEqual(bigEndian ? [HI, LO + 1n] : [LO + 1n, HI]);
  });

  it('stqcx. fails when the quadword changed since lqarx (a store to either doubleword)', () => {
    for (const offset of [0, 8]) {
      const m = makeMachine(`${data()}
        stq 4, 0(9)
        lqarx 10, 0, 9
        li 12, 7
        std 12, ${offset}(9)
        stqcx. 10, 0, 9
        mfcr 20
      `, { bigEndian });
      expect(runToEnd(m.cpu)).toBe(Exit.IllegalInstruction);
      expect((m.cpu.state.gpr(20) >> 28n) & 0xen).toBe(0x0n);
    }
  });

  it('odd register pairs, and RTp = RA for lq and lqarx, are illegal instructions', () => {
    for (const word of [
      (56 << 26) | (5 << 21) | (9 << 16),                       // lq 5, 0(9)
      (56 << 26) | (8 << 21) | (8 << 16),                       // lq 8, 0(8)
      (62 << 26) | (5 << 21) | (9 << 16) | 2,                   // stq 5, 0(9)
      (31 << 26) | (5 << 21) | (9 << 11) | (276 << 1),          // lqarx 5, 0, 9
      (31 << 26) | (10 << 21) | (10 << 16) | (9 << 11) | (276 << 1), // lqarx 10, 10, 9
      (31 << 26) | (10 << 21) | (8 << 16) | (10 << 11) | (276 << 1), // lqarx 10, 8, 10
      (31 << 26) | (5 << 21) | (9 << 11) | (182 << 1) | 1,      // stqcx. 5, 0, 9
    ]) {
      const m = makeMachine(`${data()}
        .long ${word >>> 0}
      `, { bigEndian });
      expect(runToEnd(m.cpu)).toBe(Exit.IllegalInstruction);
      expect(m.cpu.state.nip).toBe(BigInt(CODE_BASE + 4 * (m.words.length - 1)));
    }
  });

  it('a misaligned lqarx is an alignment exit', () => {
    const m = makeMachine(`${data()}
      stq 4, 0(9)
      lq 6, 0(9)
      addi 8, 9, 8
      lqarx 10, 0, 8
    `, { bigEndian });
    expect(runToEnd(m.cpu)).toBe(Exit.Alignment);
    expect(m.cpu.state.nip).toBe(BigInt(CODE_BASE + 4 * (m.words.length - 1)));
  });
});
