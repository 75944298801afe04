import { describe, it, expect } from '@jest/globals';
import { makeProcess, TEXT } from './testing/process.js';
import { runProcess } from './runner.js';
import { SIG } from './signals.js';

// A guest exception ends the process with the signal QEMU's linux-user delivers; an
// enabled floating-point exception is SIGFPE (QEMU runs user programs with FE0/FE1 on).
describe('runProcess: fatal guest exceptions', () => {
  it('an enabled invalid operation (fdiv 0/0 with FPSCR[VE]) kills with SIGFPE at the instruction', () => {
    const fdiv = 0xfc011024; // fdiv f0,f1,f2
    const p = makeProcess({ elf: { segments: [{ vaddr: TEXT, words: [fdiv] }] } });
    p.cpu.state.fpscr = 0x80n; // VE; f1 = f2 = 0
    const r = runProcess(p);
    expect([r.signal, r.exitCode]).toEqual([SIG.FPE, 128 + SIG.FPE]);
    expect(r.message).toBe(`floating-point exception (si_code 3) at 0x${TEXT.toString(16)}`);
  });
});
