import { describe, it, expect } from '@jest/globals';
import { makeSystemMachine, bareMetal } from '../test-support/system-machine.js';
import { run } from '../interp/run.js';
import { Exit } from './exit.js';
import type { Cpu } from './cpu.js';
import { LPCR_ILE, LPCR_LD, MSR_EE } from './msr.js';
import { GuestClock } from './timebase.js';

/*
 * DEC with and without the large decrementer (LPCR[LD], Book III 9.3; QEMU
 * cpu_ppc_load_decr / cpu_ppc_store_decr with 56 bits, POWER9's ibm,dec-bits). The
 * clock is paused, so a value read back is exactly the value written.
 */

function pausedMachine(body: string, lpcr: number): Cpu {
  const { cpu } = makeSystemMachine(bareMetal(body), { lpcr });
  cpu.clock = new GuestClock();
  cpu.clock.pause();
  return cpu;
}

/** Writes each value with mtdec and reads it back into r20, r21...; returns what was read. */
function writeAndRead(values: bigint[], lpcr: number): bigint[] {
  const body = values.map((v, i) => `
      lis 4, ${Number((v >> 48n) & 0xffffn)}
      ori 4, 4, ${Number((v >> 32n) & 0xffffn)}
      sldi 4, 4, 32
      oris 4, 4, ${Number((v >> 16n) & 0xffffn)}
      ori 4, 4, ${Number(v & 0xffffn)}
      mtdec 4
      mfdec ${20 + i}`).join('\n') + '\n  li 3, 1\n  sc 1';
  const cpu = pausedMachine(body, lpcr);
  expect(run(cpu, 10_000)).toBe(Exit.Hypercall);
  return values.map((_, i) => cpu.state.gpr(20 + i));
}

describe('decrementer', () => {
  it('LPCR[LD]=0: 32 bits, the low word taken as signed, read back zero-extended', () => {
    expect(writeAndRead([0x1000000n, 0x1_8000_0000n, 0xffff_ffff_ffff_fffbn, 0x1234_5678_0000_0010n], LPCR_ILE))
      .toEqual([0x1000000n, 0x8000_0000n, 0xffff_fffbn, 0x10n]);
  });

  it('LPCR[LD]=1: 56 bits, sign-extended from bit 8 when written and to 64 bits when read', () => {
    expect(writeAndRead([
      0x0040_0000_0000_0000n, // 2^54
      0x00ff_ffff_ffff_fff0n, // bit 55 set: -16
      0x7f00_0000_1234_5678n, // bits 0:7 are not part of it
      0x007f_ffff_ffff_ffffn, // the largest value (Linux's decrementer_max)
      0x1_8000_0000n, // no longer negative
    ], LPCR_ILE | LPCR_LD)).toEqual([
      0x0040_0000_0000_0000n, 0xffff_ffff_ffff_fff0n, 0x1234_5678n, 0x007f_ffff_ffff_ffffn, 0x1_8000_0000n,
    ]);
  });

  const interruptAfterWrite = (load: string, lpcr: number): number => {
    const cpu = pausedMachine(`
      ${load}
      mtdec 4
      mfmsr 5
      ori 5, 5, ${MSR_EE}
      mtmsrd 5, 1
      li 6, 2000
      mtctr 6
    1: bdnz 1b
      li 3, 1
      sc 1`, lpcr);
    expect(run(cpu, 100_000)).toBe(Exit.Hypercall);
    return Number(cpu.state.gpr(3));
  };

  it('the interrupt follows the width: 2^32 is pending as 0 with LD=0 and far away with LD=1', () => {
    // 2^32: with LD=0 its low word, 0, is taken as expired (hvstep raises the interrupt once the time
    // base reaches the expiry; QEMU once the count passes zero, one tick, 2 ns, later)
    const twoTo32 = 'li 4, 1\n      sldi 4, 4, 32';
    expect(interruptAfterWrite(twoTo32, LPCR_ILE)).toBe(0x900);
    expect(interruptAfterWrite(twoTo32, LPCR_ILE | LPCR_LD)).toBe(1);
    // -1 in either width interrupts; 0x7fffffff in either does not
    expect(interruptAfterWrite('li 4, -1', LPCR_ILE | LPCR_LD)).toBe(0x900);
    expect(interruptAfterWrite('lis 4, 0x7fff\n      ori 4, 4, 0xffff', LPCR_ILE)).toBe(1);
  });
});
