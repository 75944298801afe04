import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it, expect } from '@jest/globals';
import { makeProcess, syscall, putString, DATA } from '../testing/process.js';
import type { HostIo } from '../host-io.js';
import { BufferHostIo } from '../host-io.js';

const iovecs = (p: ReturnType<typeof makeProcess>, at: number, vecs: Array<[number, number]>): number => {
  vecs.forEach(([base, len], i) => {
    p.memory.view.setBigUint64(at + i * 16, BigInt(base), true);
    p.memory.view.setBigUint64(at + i * 16 + 8, BigInt(len), true);
  });
  return at;
};

describe('io syscalls', () => {
  it('write sends guest bytes to the host stream', () => {
    const p = makeProcess();
    putString(p, DATA, 'hello\n');
    expect(syscall(p, 4, 1, DATA, 6)).toBe(6);
    expect(syscall(p, 4, 2, DATA, 5)).toBe(5);
    expect(p.testIo.stdout).toBe('hello\n');
    expect(p.testIo.stderr).toBe('hello');
    expect(syscall(p, 4, 1, DATA, 0)).toBe(0);
  });

  it('write fails with EBADF and EFAULT', () => {
    const p = makeProcess();
    expect(syscall(p, 4, 5, DATA, 1)).toBe(-9);
    expect(syscall(p, 4, -1, DATA, 1)).toBe(-9);
    expect(syscall(p, 4, 1, 0x8, 4)).toBe(-14);
    expect(syscall(p, 4, 1, DATA + 0xfffe, 4)).toBe(-14); // runs off the end of the data segment
    expect(syscall(p, 4, 1, 0x1_0000_0000n + BigInt(DATA), 4)).toBe(-14);
  });

  it('read fills guest memory from stdin, then 0 at EOF', () => {
    const p = makeProcess({ stdin: 'abcdef' });
    expect(syscall(p, 3, 0, DATA, 4)).toBe(4);
    expect(new TextDecoder().decode(p.memory.u8.subarray(DATA, DATA + 4))).toBe('abcd');
    expect(syscall(p, 3, 0, DATA, 100)).toBe(2);
    expect(syscall(p, 3, 0, DATA, 100)).toBe(0);
    expect(syscall(p, 3, 0, 0x10000000, 1)).toBe(-14); // text is not writable
    expect(syscall(p, 3, 9, DATA, 1)).toBe(-9);
  });

  it('writev gathers and readv scatters', () => {
    const p = makeProcess({ stdin: '0123456789' });
    putString(p, DATA, 'abc');
    putString(p, DATA + 16, 'defg');
    const iov = iovecs(p, DATA + 256, [[DATA, 3], [DATA + 16, 0], [DATA + 16, 4]]);
    expect(syscall(p, 146, 1, iov, 3)).toBe(7);
    expect(p.testIo.stdout).toBe('abcdefg');
    const riov = iovecs(p, DATA + 512, [[DATA + 100, 2], [DATA + 200, 5]]);
    expect(syscall(p, 145, 0, riov, 2)).toBe(7);
    expect(new TextDecoder().decode(p.memory.u8.subarray(DATA + 100, DATA + 102))).toBe('01');
    expect(new TextDecoder().decode(p.memory.u8.subarray(DATA + 200, DATA + 205))).toBe('23456');
    expect(syscall(p, 146, 1, iov, -1)).toBe(-22);
    expect(syscall(p, 146, 1, iov, 2000)).toBe(-22);
    expect(syscall(p, 146, 1, 0x10, 1)).toBe(-14);
    iovecs(p, DATA + 768, [[0x20, 4]]);
    expect(syscall(p, 146, 1, DATA + 768, 1)).toBe(-14);
  });

  it('openat opens the standard streams and /dev/null by name; close frees the fd', () => {
    const p = makeProcess();
    putString(p, DATA, '/dev/null');
    const fd = syscall(p, 286, -100, DATA, 2, 0);
    expect(fd).toBe(3);
    expect(syscall(p, 4, fd, DATA, 5)).toBe(5);
    expect(syscall(p, 3, fd, DATA + 100, 5)).toBe(0);
    expect(syscall(p, 6, fd)).toBe(0);
    expect(syscall(p, 6, fd)).toBe(-9);
    putString(p, DATA, '/dev/stdout');
    const out = syscall(p, 286, -100, DATA, 1, 0);
    expect(out).toBe(3);
    putString(p, DATA + 64, 'via /dev/stdout');
    expect(syscall(p, 4, out, DATA + 64, 15)).toBe(15);
    expect(p.testIo.stdout).toBe('via /dev/stdout');
    putString(p, DATA, '/nonexistent/hvstep-test');
    expect(syscall(p, 286, -100, DATA, 0, 0)).toBe(-2);
    expect(syscall(p, 5, DATA, 0, 0)).toBe(-2);
    expect(syscall(p, 286, -100, 0x10, 0, 0)).toBe(-14);
    // closing stdout makes writes to 1 fail
    expect(syscall(p, 6, 1)).toBe(0);
    expect(syscall(p, 4, 1, DATA, 1)).toBe(-9);
  });

  it('host files: openat, read, lseek, _llseek, pread64, getdents64, write with O_APPEND, dup sharing the position', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hvstep-io-'));
    try {
      fs.writeFileSync(path.join(dir, 'data'), '0123456789');
      const p = makeProcess();
      const v = p.memory.view;
      putString(p, DATA, path.join(dir, 'data'));
      const fd = syscall(p, 286, -100, DATA, 0o2000000 /* O_CLOEXEC */, 0);
      expect(fd).toBe(3);
      expect(syscall(p, 3, fd, DATA + 512, 4)).toBe(4);
      expect(new TextDecoder().decode(p.memory.u8.subarray(DATA + 512, DATA + 516))).toBe('0123');
      const dup = syscall(p, 41, fd);
      expect(syscall(p, 3, dup, DATA + 512, 2)).toBe(2); // the position is shared
      expect(p.memory.u8[DATA + 512]).toBe(0x34);
      expect(syscall(p, 179, fd, DATA + 512, 3, 8)).toBe(2); // pread at 8: "89", position unchanged
      expect(syscall(p, 19, fd, 0, 1 /* SEEK_CUR */)).toBe(6);
      expect(syscall(p, 19, fd, -1, 2 /* SEEK_END */)).toBe(9);
      expect(syscall(p, 140, fd, 0, 2, DATA + 600, 0 /* SEEK_SET */)).toBe(0);
      expect(v.getBigUint64(DATA + 600, true)).toBe(2n);
      expect(syscall(p, 19, fd, -20, 0)).toBe(-22);
      expect(syscall(p, 4, fd, DATA, 1)).toBe(-9); // opened read-only
      expect(syscall(p, 6, fd)).toBe(0);
      expect(syscall(p, 3, dup, DATA + 512, 1)).toBe(1); // still open through the dup
      expect(syscall(p, 6, dup)).toBe(0);
      const wfd = syscall(p, 286, -100, DATA, 1 | 0o2000 /* O_WRONLY|O_APPEND */, 0);
      putString(p, DATA + 512, 'ab');
      expect(syscall(p, 4, wfd, DATA + 512, 2)).toBe(2);
      expect(fs.readFileSync(path.join(dir, 'data'), 'latin1')).toBe('0123456789ab');
      // a directory: getdents64 lists ".", ".." and "data", then 0 at the end
      putString(p, DATA, dir);
      const dfd = syscall(p, 286, -100, DATA, 0o40000 /* O_DIRECTORY (powerpc) */, 0);
      expect(dfd).toBeGreaterThan(2);
      expect(syscall(p, 3, dfd, DATA + 512, 16)).toBe(-21);
      const n = syscall(p, 202, dfd, DATA + 1024, 4096);
      const names: string[] = [];
      for (let at = 0; at < n;) {
        const reclen = v.getUint16(DATA + 1024 + at + 16, true);
        const name = p.memory.u8.subarray(DATA + 1024 + at + 19, DATA + 1024 + at + reclen);
        names.push(new TextDecoder().decode(name.subarray(0, name.indexOf(0))));
        expect(reclen % 8).toBe(0);
        at += reclen;
      }
      expect(names).toEqual(['.', '..', 'data']);
      expect(syscall(p, 202, dfd, DATA + 1024, 4096)).toBe(0);
      expect(syscall(p, 202, 1, DATA + 1024, 4096)).toBe(-20);
      // relative to the directory fd
      putString(p, DATA, 'data');
      expect(syscall(p, 286, dfd, DATA, 0, 0)).toBeGreaterThan(2);
      expect(syscall(p, 286, 1, DATA, 0, 0)).toBe(-20);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ioctl answers ENOTTY for streams that are not terminals', () => {
    const p = makeProcess();
    expect(syscall(p, 54, 1, 0x402c7413, DATA)).toBe(-25); // TCGETS
    expect(syscall(p, 54, 0, 0x40087468, DATA)).toBe(-25); // TIOCGWINSZ
    expect(syscall(p, 54, 33, 0x402c7413, DATA)).toBe(-9);
  });

  it('ioctl TCGETS/TIOCGWINSZ describe a terminal', () => {
    const io = new BufferHostIo();
    const tty: HostIo = Object.assign(Object.create(io) as HostIo, {
      isatty: () => true,
      winsize: () => ({ rows: 50, cols: 132 }),
      write: (s: number, d: Uint8Array) => io.write(s, d),
    });
    const p = makeProcess({ io: tty });
    expect(syscall(p, 54, 1, 0x402c7413, DATA)).toBe(0);
    expect(p.memory.view.getUint32(DATA + 12, true) & 0x100).toBe(0x100); // ICANON
    expect(syscall(p, 54, 1, 0x40087468, DATA)).toBe(0);
    expect(p.memory.view.getUint16(DATA, true)).toBe(50);
    expect(p.memory.view.getUint16(DATA + 2, true)).toBe(132);
    expect(syscall(p, 54, 1, 0x402c7413, 0x10)).toBe(-14);
    expect(syscall(p, 54, 1, 0x12345678, DATA)).toBe(-22);
  });

  it('dup, dup2, dup3 and fcntl', () => {
    const p = makeProcess();
    putString(p, DATA, 'x');
    expect(syscall(p, 41, 1)).toBe(3);
    expect(syscall(p, 63, 2, 10)).toBe(10);
    expect(syscall(p, 4, 10, DATA, 1)).toBe(1);
    expect(p.testIo.stderr).toBe('x');
    expect(syscall(p, 63, 10, 10)).toBe(10);
    expect(syscall(p, 316, 10, 10, 0)).toBe(-22);
    expect(syscall(p, 316, 1, 11, 0x80000)).toBe(11);
    expect(syscall(p, 55, 11, 1, 0)).toBe(1); // F_GETFD: FD_CLOEXEC
    expect(syscall(p, 55, 3, 1, 0)).toBe(0);
    expect(syscall(p, 55, 1, 3, 0)).toBe(1); // F_GETFL: O_WRONLY
    expect(syscall(p, 55, 1, 0, 20)).toBe(20); // F_DUPFD
    expect(syscall(p, 41, 99)).toBe(-9);
    expect(syscall(p, 19, 1, 0, 0)).toBe(-29); // lseek on a stream: ESPIPE
  });

  it('a write to a closed pipe raises SIGPIPE', () => {
    const io = new BufferHostIo();
    io.write = () => -32;
    const p = makeProcess({ io });
    expect(syscall(p, 4, 1, DATA, 1)).toBe(-32);
    expect(p.exitStatus).toBe(128 + 13);
  });
});
