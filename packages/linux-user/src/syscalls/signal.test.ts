import { describe, it, expect } from '@jest/globals';
import { makeProcess, syscall, DATA } from '../testing/process.js';

describe('signal syscalls', () => {
  it('rt_sigaction stores and returns struct sigaction (handler, flags, restorer, mask)', () => {
    const p = makeProcess();
    const v = p.memory.view;
    v.setBigUint64(DATA, 0x10000100n, true);
    v.setBigUint64(DATA + 8, 0x04000000n, true);
    expect(syscall(p, 173, 10, DATA, DATA + 64, 8)).toBe(0);
    expect(v.getBigUint64(DATA + 64, true)).toBe(0n); // SIG_DFL before
    expect(syscall(p, 173, 10, 0, DATA + 128, 8)).toBe(0);
    expect(v.getBigUint64(DATA + 128, true)).toBe(0x10000100n);
    expect(v.getBigUint64(DATA + 136, true)).toBe(0x04000000n);
    expect(syscall(p, 173, 9, DATA, 0, 8)).toBe(-22); // SIGKILL
    expect(syscall(p, 173, 19, DATA, 0, 8)).toBe(-22); // SIGSTOP
    expect(syscall(p, 173, 65, DATA, 0, 8)).toBe(-22);
    expect(syscall(p, 173, 10, DATA, 0, 16)).toBe(-22);
    expect(syscall(p, 173, 10, 0x10, 0, 8)).toBe(-14);
  });

  it('a signal raised with a handler installed ends the process with a clear message', () => {
    const p = makeProcess();
    p.memory.view.setBigUint64(DATA, 0x10000100n, true);
    syscall(p, 173, 10, DATA, 0, 8);
    syscall(p, 37, 4242, 10);
    expect(p.exitStatus).toBe(138);
    expect(p.termMessage).toMatch(/signal delivery is not supported/);
  });

  it('SIG_IGN makes a raised signal harmless', () => {
    const p = makeProcess();
    p.memory.view.setBigUint64(DATA, 1n, true);
    syscall(p, 173, 15, DATA, 0, 8);
    expect(syscall(p, 37, 0, 15)).toBe(0);
    expect(p.exited).toBe(false);
  });

  it('rt_sigprocmask blocks, unblocks and sets; SIGKILL/SIGSTOP stay unblocked', () => {
    const p = makeProcess();
    const v = p.memory.view;
    v.setBigUint64(DATA, (1n << 9n) | (1n << 8n) | (1n << 18n), true);
    expect(syscall(p, 174, 0, DATA, 0, 8)).toBe(0);
    expect(p.sigmask).toBe(1n << 9n); // bit 8 (SIGKILL) and 18 (SIGSTOP) dropped
    v.setBigUint64(DATA, 1n << 1n, true);
    expect(syscall(p, 174, 0, DATA, DATA + 8, 8)).toBe(0);
    expect(v.getBigUint64(DATA + 8, true)).toBe(1n << 9n);
    expect(syscall(p, 174, 1, DATA, 0, 8)).toBe(0);
    expect(p.sigmask).toBe(1n << 9n);
    expect(syscall(p, 174, 2, DATA, 0, 8)).toBe(0);
    expect(p.sigmask).toBe(2n);
    expect(syscall(p, 174, 7, DATA, 0, 8)).toBe(-22);
    expect(syscall(p, 174, 0, DATA, 0, 4)).toBe(-22);
  });

  it('sigaltstack records the stack and reports SS_DISABLE at first', () => {
    const p = makeProcess();
    expect(syscall(p, 185, 0, DATA)).toBe(0);
    expect(p.memory.view.getInt32(DATA + 8, true)).toBe(2);
    p.memory.view.setBigUint64(DATA + 32, 0x20000000n, true);
    expect(syscall(p, 185, DATA + 32, 0)).toBe(0);
    expect(syscall(p, 185, 0, DATA + 64)).toBe(0);
    expect(p.memory.view.getBigUint64(DATA + 64, true)).toBe(0x20000000n);
  });
});
