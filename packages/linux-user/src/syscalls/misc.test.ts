import { describe, it, expect } from '@jest/globals';
import { makeProcess, syscall, DATA } from '../testing/process.js';

describe('misc syscalls', () => {
  it('getrandom fills the buffer from the host CSPRNG', () => {
    const p = makeProcess();
    expect(syscall(p, 359, DATA, 256, 0)).toBe(256);
    const bytes = p.memory.u8.subarray(DATA, DATA + 256);
    expect(new Set(bytes).size).toBeGreaterThan(100);
    expect(syscall(p, 359, DATA, 16, 1)).toBe(16); // GRND_NONBLOCK
    expect(syscall(p, 359, DATA, 0, 0)).toBe(0);
    expect(syscall(p, 359, DATA, 16, 0x40)).toBe(-22);
    expect(syscall(p, 359, DATA, 16, 6)).toBe(-22); // GRND_RANDOM | GRND_INSECURE
    expect(syscall(p, 359, 0x10000000, 16, 0)).toBe(-14); // text is read-only
  });

  it('futex: wake finds no waiters, a wait on a changed value fails, a wait that could never end kills', () => {
    const p = makeProcess();
    p.memory.view.setUint32(DATA, 5, true);
    expect(syscall(p, 221, DATA, 1, 1, 0, 0, 0)).toBe(0);
    expect(syscall(p, 221, DATA, 129, 1, 0, 0, 0)).toBe(0); // FUTEX_WAKE | FUTEX_PRIVATE_FLAG
    expect(syscall(p, 221, DATA, 128, 4, 0, 0, 0)).toBe(-11);
    expect(syscall(p, 221, DATA, 0, 5, DATA + 64, 0, 0)).toBe(-110); // with a timeout
    expect(syscall(p, 221, DATA + 1, 0, 5, 0, 0, 0)).toBe(-22);
    expect(syscall(p, 221, 0x10, 0, 5, 0, 0, 0)).toBe(-14);
    expect(syscall(p, 221, DATA, 99, 5, 0, 0, 0)).toBe(-38);
    expect(p.exited).toBe(false);
    syscall(p, 221, DATA, 0, 5, 0, 0, 0);
    expect(p.exited).toBe(true);
    expect(p.termMessage).toMatch(/deadlock/);
  });
});
