import { describe, it, expect } from '@jest/globals';
import { ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE } from '@hvstep/emulator-core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeProcess, syscall, putString, DATA } from '../testing/process.js';

const MAP_PRIVATE = 2, MAP_ANON = 0x20, MAP_FIXED = 0x10, MAP_NOREPLACE = 0x100000;

describe('brk', () => {
  it('starts at the page after the program and grows, shrinks and refuses', () => {
    const p = makeProcess();
    const b0 = syscall(p, 45, 0);
    expect(b0).toBe(0x10020000);
    expect(syscall(p, 45, b0 + 5000)).toBe(b0 + 5000);
    expect(p.space.protectionAt(b0 + 4096)).toBe(ACCESS_READ | ACCESS_WRITE);
    p.memory.u8[b0 + 4096] = 9;
    expect(syscall(p, 45, b0 + 10)).toBe(b0 + 10);
    expect(p.space.protectionAt(b0 + 4096)).toBe(0);
    expect(syscall(p, 45, b0 + 5000)).toBe(b0 + 5000);
    expect(p.memory.u8[b0 + 4096]).toBe(0); // freshly mapped memory is zero
    expect(syscall(p, 45, 0x1000)).toBe(b0 + 5000); // below the start: unchanged
    expect(syscall(p, 45, 0x7fffffff)).toBe(b0 + 5000); // into the stack: unchanged
  });

  it('will not grow over an mmap', () => {
    const p = makeProcess();
    const b0 = syscall(p, 45, 0);
    expect(syscall(p, 90, b0 + 0x10000, 4096, 3, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0)).toBe(b0 + 0x10000);
    expect(syscall(p, 45, b0 + 0x20000)).toBe(b0);
  });
});

describe('mmap', () => {
  it('maps anonymous zeroed memory top-down below the stack', () => {
    const p = makeProcess();
    const a = syscall(p, 90, 0, 10000, 3, MAP_PRIVATE | MAP_ANON, -1, 0);
    expect(a % 4096).toBe(0);
    expect(a).toBeGreaterThan(0x20000000);
    expect(a + 12288).toBeLessThanOrEqual(p.space.layout.mmapTop);
    expect(p.space.protectionAt(a)).toBe(ACCESS_READ | ACCESS_WRITE);
    expect(p.space.protectionAt(a + 8192)).toBe(ACCESS_READ | ACCESS_WRITE);
    const b = syscall(p, 90, 0, 4096, 5, MAP_PRIVATE | MAP_ANON, -1, 0);
    expect(b).toBe(a - 4096);
    expect(p.space.protectionAt(b)).toBe(ACCESS_READ | ACCESS_EXECUTE);
  });

  it('honours a free hint, MAP_FIXED replaces, MAP_FIXED_NOREPLACE refuses', () => {
    const p = makeProcess();
    const hint = 0x20000000;
    expect(syscall(p, 90, hint, 8192, 3, MAP_PRIVATE | MAP_ANON, -1, 0)).toBe(hint);
    p.memory.u8[hint] = 5;
    expect(syscall(p, 90, hint, 4096, 1, MAP_PRIVATE | MAP_ANON, -1, 0)).not.toBe(hint); // taken: elsewhere
    expect(syscall(p, 90, hint, 4096, 1, MAP_PRIVATE | MAP_ANON | MAP_NOREPLACE, -1, 0)).toBe(-17);
    expect(syscall(p, 90, hint, 4096, 1, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0)).toBe(hint);
    expect(p.memory.u8[hint]).toBe(0);
    expect(p.space.protectionAt(hint)).toBe(ACCESS_READ);
    expect(syscall(p, 90, hint + 1, 4096, 1, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0)).toBe(-22);
    expect(syscall(p, 90, 0xc0000000, 4096, 1, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0)).toBe(-12);
  });

  it('rejects bad arguments', () => {
    const p = makeProcess();
    expect(syscall(p, 90, 0, 0, 3, MAP_PRIVATE | MAP_ANON, -1, 0)).toBe(-22);
    expect(syscall(p, 90, 0, 4096, 3, MAP_ANON, -1, 0)).toBe(-22);
    expect(syscall(p, 90, 0, 4096, 3, MAP_PRIVATE | MAP_ANON, -1, 100)).toBe(-22);
    expect(syscall(p, 90, 0, 4096, 3, MAP_PRIVATE, 77, 0)).toBe(-9);
    expect(syscall(p, 90, 0, 4096, 3, MAP_PRIVATE, 1, 0)).toBe(-19); // a stream cannot be mapped
    expect(syscall(p, 90, 0, 2 ** 40, 3, MAP_PRIVATE | MAP_ANON, -1, 0)).toBe(-12);
  });

  it('PROT_NONE reservations do not touch memory and can be opened with mprotect', () => {
    const p = makeProcess();
    const a = syscall(p, 90, 0, 64 << 20, 0, MAP_PRIVATE | MAP_ANON, -1, 0);
    expect(a).toBeGreaterThan(0);
    expect(p.space.protectionAt(a)).toBe(0);
    expect(p.space.isMapped(a, 64 << 20)).toBe(true);
    expect(syscall(p, 125, a, 4096, 3)).toBe(0);
    expect(p.space.protectionAt(a)).toBe(ACCESS_READ | ACCESS_WRITE);
    expect(p.space.protectionAt(a + 4096)).toBe(0);
  });
});

describe('file-backed mmap', () => {
  it('MAP_PRIVATE copies the file from the offset, zero past its end; MAP_FIXED replaces part of it; writes stay private', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hvstep-mmap-'));
    try {
      const file = path.join(dir, 'lib');
      const bytes = new Uint8Array(3 * 4096 + 100).map((_, i) => (i * 7 + (i >> 12)) & 0xff);
      fs.writeFileSync(file, bytes);
      const p = makeProcess();
      putString(p, DATA, file);
      const fd = syscall(p, 286, -100, DATA, 0, 0);
      expect(fd).toBe(3);
      const base = syscall(p, 90, 0, 4 * 4096, 1 | 4 /* PROT_READ|PROT_EXEC */, MAP_PRIVATE, fd, 0);
      expect(base).toBeGreaterThan(0);
      const u8 = p.memory.u8;
      expect(u8.subarray(base, base + bytes.length)).toEqual(bytes);
      expect(u8.subarray(base + bytes.length, base + 4 * 4096).every((b) => b === 0)).toBe(true);
      expect(p.space.protectionAt(base) & ACCESS_EXECUTE).toBe(ACCESS_EXECUTE);
      expect(p.space.protectionAt(base) & ACCESS_WRITE).toBe(0);
      // the last two pages again, from offset 0x1000, writable, over the first mapping
      const at = base + 2 * 4096;
      expect(syscall(p, 90, at, 2 * 4096, 3, MAP_PRIVATE | MAP_FIXED, fd, 4096)).toBe(at);
      expect(u8.subarray(at, at + 4096)).toEqual(bytes.subarray(4096, 8192));
      expect(u8.subarray(at + 4096, at + 4096 + 4096)).toEqual(bytes.subarray(8192, 12288));
      expect(u8.subarray(base, base + 4096)).toEqual(bytes.subarray(0, 4096));
      putString(p, at, 'private');
      expect(fs.readFileSync(file).subarray(4096, 4103).toString()).not.toBe('private');
      expect(syscall(p, 125, base, 4096, 3)).toBe(0); // mprotect works on file pages
      expect(syscall(p, 91, base, 4096)).toBe(0);
      expect(p.space.isMapped(base, 4096)).toBe(false);
      expect(syscall(p, 90, 0, 4096, 1, MAP_PRIVATE, fd, 100)).toBe(-22); // unaligned offset
      expect(syscall(p, 90, 0, 4096, 3, 1 /* MAP_SHARED */, fd, 0)).toBe(-13); // shared writable on a read-only fd
      const w = syscall(p, 286, -100, DATA, 1 /* O_WRONLY */, 0);
      expect(syscall(p, 90, 0, 4096, 1, MAP_PRIVATE, w, 0)).toBe(-13); // not readable
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('munmap, mprotect, madvise, mremap', () => {
  it('munmap removes access; bad arguments fail', () => {
    const p = makeProcess();
    const a = syscall(p, 90, 0, 16384, 3, MAP_PRIVATE | MAP_ANON, -1, 0);
    expect(syscall(p, 91, a + 4096, 4096)).toBe(0);
    expect(p.space.protectionAt(a + 4096)).toBe(0);
    expect(p.space.protectionAt(a)).toBe(3);
    expect(syscall(p, 91, a + 4096, 4096)).toBe(0); // already unmapped: fine
    expect(syscall(p, 91, a + 1, 4096)).toBe(-22);
    expect(syscall(p, 91, a, 0)).toBe(-22);
    expect(syscall(p, 91, 0xfff00000, 0x200000)).toBe(-22);
  });

  it('mprotect changes protections and flushes the vCPU TLB through the page map generation', () => {
    const p = makeProcess();
    const a = syscall(p, 90, 0, 8192, 3, MAP_PRIVATE | MAP_ANON, -1, 0);
    const gen = p.space.generation;
    expect(syscall(p, 125, a, 8192, 1)).toBe(0);
    expect(p.space.generation).toBeGreaterThan(gen);
    expect(p.space.protectionAt(a)).toBe(ACCESS_READ);
    expect(syscall(p, 125, a, 8192, 7)).toBe(0);
    expect(p.space.protectionAt(a)).toBe(7);
    expect(syscall(p, 125, a + 2, 4096, 1)).toBe(-22);
    expect(syscall(p, 125, a, 4096, 0x40)).toBe(-22);
    expect(syscall(p, 125, a, 3 * 4096, 1)).toBe(-12); // the third page is not mapped
    expect(syscall(p, 125, a, 0, 1)).toBe(0);
    expect(syscall(p, 125, 0x10000000, 4096, 7)).toBe(0); // text can be made writable
  });

  it('madvise(MADV_DONTNEED) zeroes private anonymous pages', () => {
    const p = makeProcess();
    const a = syscall(p, 90, 0, 8192, 3, MAP_PRIVATE | MAP_ANON, -1, 0);
    p.memory.u8[a] = 1;
    p.memory.u8[a + 4096] = 2;
    expect(syscall(p, 205, a, 4096, 4)).toBe(0);
    expect(p.memory.u8[a]).toBe(0);
    expect(p.memory.u8[a + 4096]).toBe(2);
    expect(syscall(p, 205, a, 4096, 0)).toBe(0);
    expect(syscall(p, 205, a + 1, 4096, 4)).toBe(-22);
    expect(syscall(p, 205, 0x30000000, 4096, 4)).toBe(-12);
  });

  it('mremap shrinks, grows in place or moves, keeping the data', () => {
    const p = makeProcess();
    const a = syscall(p, 90, 0x20000000, 8192, 3, MAP_PRIVATE | MAP_ANON, -1, 0);
    p.memory.u8[a + 100] = 42;
    expect(syscall(p, 163, a, 8192, 16384, 0)).toBe(a); // grows in place
    expect(p.space.protectionAt(a + 12288)).toBe(3);
    syscall(p, 90, a + 16384, 4096, 3, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0);
    expect(syscall(p, 163, a, 16384, 32768, 0)).toBe(-12); // blocked, may not move
    const b = syscall(p, 163, a, 16384, 32768, 1);
    expect(b).not.toBe(a);
    expect(p.memory.u8[b + 100]).toBe(42);
    expect(p.space.protectionAt(a)).toBe(0);
    expect(syscall(p, 163, b, 32768, 4096, 0)).toBe(b);
    expect(p.space.protectionAt(b + 4096)).toBe(0);
    expect(syscall(p, 163, 0x30000000, 4096, 8192, 1)).toBe(-14);
  });
});
