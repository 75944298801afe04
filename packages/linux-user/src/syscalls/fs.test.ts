import { describe, it, expect } from '@jest/globals';
import { makeProcess, syscall, putString, DATA } from '../testing/process.js';

describe('fs syscalls', () => {
  it('readlinkat(/proc/self/exe) names the program, without a NUL, truncated to bufsiz', () => {
    const p = makeProcess({ exePath: '/opt/guest/prog' });
    putString(p, DATA, '/proc/self/exe');
    expect(syscall(p, 296, -100, DATA, DATA + 256, 100)).toBe(15);
    expect(new TextDecoder().decode(p.memory.u8.subarray(DATA + 256, DATA + 256 + 15))).toBe('/opt/guest/prog');
    expect(syscall(p, 296, -100, DATA, DATA + 256, 4)).toBe(4);
    expect(syscall(p, 85, DATA, DATA + 256, 100)).toBe(15);
    expect(syscall(p, 296, -100, DATA, DATA + 256, 0)).toBe(-22);
    expect(syscall(p, 296, -100, DATA, 0x10, 100)).toBe(-14);
    putString(p, DATA, '/etc/hostname');
    expect(syscall(p, 296, -100, DATA, DATA + 256, 100)).toBe(-2);
    putString(p, DATA, '/proc/4242/exe');
    expect(syscall(p, 296, -100, DATA, DATA + 256, 100)).toBe(15);
  });

  it('newfstatat/fstat describe the standard streams in the ppc64 struct stat layout', () => {
    const p = makeProcess();
    const v = p.memory.view;
    putString(p, DATA, '');
    expect(syscall(p, 291, 1, DATA, DATA + 64, 0x1000)).toBe(0);
    const st = DATA + 64;
    expect(v.getUint32(st + 24, true) & 0o170000).toBe(0o010000); // st_mode at 24: FIFO
    expect(v.getBigUint64(st + 16, true)).toBe(1n); // st_nlink at 16
    expect(v.getBigUint64(st + 56, true)).toBe(4096n); // st_blksize at 56
    expect(Math.abs(Number(v.getBigUint64(st + 88, true)) - Date.now() / 1000)).toBeLessThan(60); // st_mtime at 88
    expect(syscall(p, 108, 0, st)).toBe(0);
    expect(v.getBigUint64(st + 8, true)).toBe(1000n); // st_ino of stream 0 in BufferHostIo
    expect(syscall(p, 291, 1, DATA, st, 0)).toBe(-2); // empty path without AT_EMPTY_PATH
    expect(syscall(p, 291, 9, DATA, st, 0x1000)).toBe(-9);
    expect(syscall(p, 108, 9, st)).toBe(-9);
    expect(syscall(p, 108, 1, 0x10)).toBe(-14);
    expect(syscall(p, 291, 1, DATA, st, 0x4)).toBe(-22);
    putString(p, DATA, '/dev/null');
    expect(syscall(p, 291, -100, DATA, st, 0)).toBe(0);
    expect(v.getUint32(st + 24, true) & 0o170000).toBe(0o020000);
    expect(v.getBigUint64(st + 40, true)).toBe(0x103n); // st_rdev 1:3
    putString(p, DATA, '/etc/passwd');
    expect(syscall(p, 291, -100, DATA, st, 0)).toBe(-2);
    expect(syscall(p, 106, DATA, st)).toBe(-2);
  });

  it('writes struct stat in big-endian for big-endian guests', () => {
    const p = makeProcess({ elf: { littleEndian: false, abi: 2 } });
    putString(p, DATA, '');
    expect(syscall(p, 291, 0, DATA, DATA + 64, 0x1000)).toBe(0);
    expect(p.memory.view.getUint32(DATA + 64 + 24, false) & 0o170000).toBe(0o010000);
    expect(p.memory.view.getBigUint64(DATA + 64 + 8, false)).toBe(1000n);
  });

  it('getcwd returns the length including the NUL', () => {
    const p = makeProcess();
    const n = syscall(p, 182, DATA, 4096);
    expect(n).toBe(process.cwd().length + 1);
    expect(syscall(p, 182, DATA, 2)).toBe(-34);
  });
});
