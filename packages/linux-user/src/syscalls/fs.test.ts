import { describe, it, expect } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
    putString(p, DATA, '/nonexistent/hvstep-test');
    expect(syscall(p, 296, -100, DATA, DATA + 256, 100)).toBe(-2);
    putString(p, DATA, process.execPath); // a regular file, not a link
    expect(syscall(p, 296, -100, DATA, DATA + 256, 100)).toBe(-22);
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
    putString(p, DATA, '/nonexistent/hvstep-test');
    expect(syscall(p, 291, -100, DATA, st, 0)).toBe(-2);
    expect(syscall(p, 106, DATA, st)).toBe(-2);
  });

  it('stat, lstat, access and readlink of host paths, and the sysroot prefix first', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hvstep-fs-'));
    try {
      fs.mkdirSync(path.join(dir, 'root', 'etc'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'file'), 'twelve bytes');
      fs.chmodSync(path.join(dir, 'file'), 0o640);
      fs.utimesSync(path.join(dir, 'file'), 1577934245, 1577934245);
      fs.symlinkSync('file', path.join(dir, 'link'));
      fs.writeFileSync(path.join(dir, 'root', 'etc', 'only-in-root'), 'x');
      const p = makeProcess();
      const v = p.memory.view;
      const st = DATA + 1024;
      putString(p, DATA, path.join(dir, 'link'));
      expect(syscall(p, 106, DATA, st)).toBe(0); // stat follows the link
      expect(v.getUint32(st + 24, true)).toBe(0o100640);
      expect(v.getBigUint64(st + 48, true)).toBe(12n); // st_size
      expect(v.getBigUint64(st + 88, true)).toBe(1577934245n); // st_mtime
      expect(syscall(p, 107, DATA, st)).toBe(0); // lstat does not
      expect(v.getUint32(st + 24, true) & 0o170000).toBe(0o120000);
      expect(syscall(p, 296, -100, DATA, DATA + 512, 100)).toBe(4);
      expect(new TextDecoder().decode(p.memory.u8.subarray(DATA + 512, DATA + 516))).toBe('file');
      expect(syscall(p, 33, DATA, 4 /* R_OK */)).toBe(0);
      expect(syscall(p, 33, DATA, 8)).toBe(-22);
      putString(p, DATA, '/etc/only-in-root');
      expect(syscall(p, 33, DATA, 0)).toBe(-2);
      const q = makeProcess({ sysroot: path.join(dir, 'root') });
      putString(q, DATA, '/etc/only-in-root');
      expect(syscall(q, 33, DATA, 0)).toBe(0);
      putString(q, DATA, path.join(dir, 'file')); // not under the sysroot: the host's
      expect(syscall(q, 106, DATA, st)).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
