import { describe, it, expect } from '@jest/globals';
import { makeProcess, syscall, DATA } from '../testing/process.js';

describe('time syscalls', () => {
  it('clock_gettime fills struct timespec {i64 sec, i64 nsec}', () => {
    const p = makeProcess();
    const v = p.memory.view;
    expect(syscall(p, 246, 0, DATA)).toBe(0);
    const sec = Number(v.getBigInt64(DATA, true));
    expect(Math.abs(sec - Date.now() / 1000)).toBeLessThan(5);
    expect(Number(v.getBigInt64(DATA + 8, true))).toBeLessThan(1e9);
    expect(syscall(p, 246, 1, DATA)).toBe(0);
    const m1 = v.getBigInt64(DATA, true) * 1000000000n + v.getBigInt64(DATA + 8, true);
    expect(syscall(p, 246, 1, DATA)).toBe(0);
    const m2 = v.getBigInt64(DATA, true) * 1000000000n + v.getBigInt64(DATA + 8, true);
    expect(m2 >= m1).toBe(true);
    for (const clock of [2, 3, 4, 5, 6, 7]) expect(syscall(p, 246, clock, DATA)).toBe(0);
    expect(syscall(p, 246, 99, DATA)).toBe(-22);
    expect(syscall(p, 246, -2, DATA)).toBe(-22);
    expect(syscall(p, 246, 0, 0x10)).toBe(-14);
  });

  it('clock_getres, gettimeofday and time', () => {
    const p = makeProcess();
    const v = p.memory.view;
    expect(syscall(p, 247, 1, DATA)).toBe(0);
    expect(v.getBigInt64(DATA + 8, true)).toBe(1n);
    expect(syscall(p, 247, 1, 0)).toBe(0);
    expect(syscall(p, 78, DATA, DATA + 16)).toBe(0);
    expect(Math.abs(Number(v.getBigInt64(DATA, true)) - Date.now() / 1000)).toBeLessThan(5);
    expect(Number(v.getBigInt64(DATA + 8, true))).toBeLessThan(1e6);
    const t = syscall(p, 13, DATA + 32);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(5);
    expect(Number(v.getBigInt64(DATA + 32, true))).toBe(t);
    expect(syscall(p, 13, 0)).toBeGreaterThan(1577836800);
  });

  it('nanosleep sleeps and validates its timespec', () => {
    const p = makeProcess();
    const v = p.memory.view;
    v.setBigInt64(DATA, 0n, true);
    v.setBigInt64(DATA + 8, 20000000n, true);
    const t0 = Date.now();
    expect(syscall(p, 162, DATA, 0)).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
    v.setBigInt64(DATA + 8, 1000000000n, true);
    expect(syscall(p, 162, DATA, 0)).toBe(-22);
    expect(syscall(p, 162, 0x10, 0)).toBe(-14);
    v.setBigInt64(DATA + 8, 0n, true);
    expect(syscall(p, 248, 1, 0, DATA, 0)).toBe(0);
  });
});
