import { describe, it, expect } from '@jest/globals';
import { makeSystemMachine, bareMetal, ENTRY } from '../test-support/system-machine.js';
import { run } from '../interp/run.js';
import { Exit } from './exit.js';
import type { Cpu } from './cpu.js';
import { LPCR_ILE } from './msr.js';
import { SPR_CFAR } from './spr-numbers.js';
import { runnerFor } from '../jit/engine.js';

/*
 * CFAR, the Come-From Address Register (Book III 9.2.x): QEMU 7.2 (gen_update_cfar,
 * POWERPC_FLAG_CFAR on POWER7 and later) writes the address of every taken branch
 * (b, bc, bclr, bcctr, bctar) and of rfid/rfscv into it; a branch not taken leaves it.
 * mfspr r20..r25 snapshots it after each step of the program. Both engines.
 */

const PROGRAM = `
      mfspr 20, 28            # +0x00: nothing yet
      b 1f                    # +0x04
    1: mfspr 21, 28           # +0x08
      cmpdi 0, 0              # +0x0c
      bne 0, 2f               # +0x10: not taken
    2: mfspr 22, 28           # +0x14
      bl 3f                   # +0x18
      mfspr 23, 28            # +0x1c: back from blr
      lis 5, 4f@h             # +0x20
      ori 5, 5, 4f@l          # +0x24
      mtctr 5                 # +0x28
      bctr                    # +0x2c
    3: blr                    # +0x30
    4: mfspr 24, 28           # +0x34
      mtspr 815, 5            # +0x38: TAR
      lis 5, 5f@h             # +0x3c
      ori 5, 5, 5f@l          # +0x40
      mtspr 815, 5            # +0x44
      bctar 20, 0             # +0x48
    5: mfspr 25, 28           # +0x4c
      li 3, 1
      sc 1`;

function cfarTrail(engine: 'interp' | 'jit'): bigint[] {
  const { cpu } = makeSystemMachine(bareMetal(PROGRAM), { lpcr: LPCR_ILE });
  cpu.state.setSpr(SPR_CFAR, 0x77n);
  expect(runnerFor(engine)(cpu, 1000)).toBe(Exit.Hypercall);
  return [20, 21, 22, 23, 24, 25].map((n) => cpu.state.gpr(n));
}

describe('CFAR', () => {
  it('holds the address of the last taken branch (interpreter and translator alike)', () => {
    const expected = [0x77n, ENTRY + 0x04, ENTRY + 0x04, ENTRY + 0x30, ENTRY + 0x2c, ENTRY + 0x48].map(BigInt);
    expect(cfarTrail('interp')).toEqual(expected);
    expect(cfarTrail('jit')).toEqual(expected);
  });

  it('rfid writes its own address', () => {
    const { cpu } = makeSystemMachine(bareMetal(`
      lis 5, 1f@h
      ori 5, 5, 1f@l
      mtsrr0 5
      mfmsr 6
      mtsrr1 6
      rfid
    1: mfspr 20, 28
      li 3, 1
      sc 1`), { lpcr: LPCR_ILE });
    expect(run(cpu as Cpu, 100)).toBe(Exit.Hypercall);
    expect(cpu.state.gpr(20)).toBe(BigInt(ENTRY + 20));
  });
});
