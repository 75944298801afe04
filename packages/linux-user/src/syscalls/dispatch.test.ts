import { describe, it, expect } from '@jest/globals';
import { W_CR } from '@hvstep/emulator-core';
import { makeProcess, syscall, putString, DATA, TEXT } from '../testing/process.js';
import { asm } from '../testing/elf-builder.js';
import { runProcess } from '../runner.js';
import { W_XER, SPR_LR, SPR_CTR } from '@hvstep/emulator-core';
import { SYSCALLS, CR0_SO } from './dispatch.js';
import { SYSCALL_NAMES } from './names.js';

describe('syscall ABI', () => {
  it('returns the result in r3 and clears CR0[SO] on success', () => {
    const p = makeProcess();
    p.cpu.r[W_CR] = -1;
    expect(syscall(p, 20 /* getpid */)).toBe(4242);
    expect(p.cpu.r[W_CR]! & CR0_SO).toBe(0);
    expect(p.cpu.r[W_CR]! | CR0_SO).toBe(-1); // the other CR bits are untouched
  });

  it('returns a positive errno in r3 with CR0[SO] set on failure', () => {
    const p = makeProcess();
    p.cpu.r[W_CR] = 0;
    expect(syscall(p, 6 /* close */, 77)).toBe(-9);
    expect(p.cpu.state.gpr(3)).toBe(9n);
    expect(p.cpu.r[W_CR]! >>> 0).toBe(CR0_SO);
  });

  it('scv 0: the result or the negated errno in r3, CR untouched, r9-r12 zeroed, XER from r0, LR and CTR as the hardware sets them', () => {
    const words = [
      asm.li(9, 5), asm.li(12, 6), asm.li(0, 20), asm.scv(), asm.mr(20, 3), asm.mr(21, 9), asm.mr(22, 12),
      asm.li(0, 6), asm.li(3, 77), asm.scv(), asm.mr(23, 3),
      asm.li(0, 234), asm.li(3, 0), asm.sc(),
    ];
    const p = makeProcess({ elf: { entry: TEXT, segments: [{ vaddr: TEXT, words }] } });
    const msr = p.cpu.state.msr;
    p.cpu.r[W_CR] = 0x12345678;
    const result = runProcess(p);
    expect(result.exitCode).toBe(0);
    const st = p.cpu.state;
    expect([st.gpr(20), st.gpr(21), st.gpr(22)]).toEqual([4242n, 0n, 0n]);
    expect(BigInt.asIntN(64, st.gpr(23))).toBe(-9n); // close(77): -EBADF
    expect(p.cpu.r[W_CR]! & ~CR0_SO).toBe(0x12345678 & ~CR0_SO); // the closing sc cleared SO only
    expect(st.spr(SPR_LR)).toBe(BigInt(TEXT + 40));
    expect(st.spr(SPR_CTR)).toBe(msr);
    expect(p.cpu.r[W_XER]).toBe(6);
    expect(result.syscalls).toBe(3);
  });

  it('answers ENOSYS to unknown and unimplemented calls', () => {
    const p = makeProcess();
    expect(syscall(p, 9999)).toBe(-38);
    expect(syscall(p, 2 /* fork */)).toBe(-38);
  });

  it('leaves the argument registers other than r3 alone', () => {
    const p = makeProcess();
    syscall(p, 20, 1, 2, 3, 4, 5, 6);
    expect([4, 5, 6, 7, 8].map((r) => p.cpu.state.gpr(r))).toEqual([2n, 3n, 4n, 5n, 6n]);
  });

  it('uses the ppc64 numbers of the syscall table', () => {
    const expected: Record<string, number> = {
      exit: 1, read: 3, write: 4, close: 6, brk: 45, ioctl: 54, mmap: 90, munmap: 91, uname: 122, mprotect: 125,
      readv: 145, writev: 146, rt_sigaction: 173, rt_sigprocmask: 174, madvise: 205, futex: 221,
      sched_getaffinity: 223, set_tid_address: 232, exit_group: 234, clock_gettime: 246, openat: 286,
      newfstatat: 291, readlinkat: 296, set_robust_list: 300, prlimit64: 325, getrandom: 359, rseq: 387,
      gettimeofday: 78, time: 13, fstat: 108, getpid: 20, gettid: 207,
    };
    for (const [name, nr] of Object.entries(expected)) {
      expect(SYSCALLS.get(nr)?.name).toBe(name);
    }
    for (const [nr, def] of SYSCALLS) {
      // the local name of newfstatat in the table is fstatat64 on 32-bit only; the 64-bit header calls it newfstatat
      expect(SYSCALL_NAMES[nr]).toBe(def.name);
    }
  });

  it('prints each call with its arguments and result for --strace', () => {
    const lines: string[] = [];
    const p = makeProcess({ strace: (l) => lines.push(l) });
    putString(p, DATA, 'hi\n');
    syscall(p, 4, 1, DATA, 3);
    syscall(p, 6, 99);
    putString(p, DATA + 64, '/proc/self/exe');
    syscall(p, 296, -100, DATA + 64, DATA + 128, 64);
    syscall(p, 90, 0, 8192, 3, 0x22, -1, 0);
    syscall(p, 999, 1, 2);
    syscall(p, 234, 3);
    expect(lines[0]).toBe('4242 write(1,0x10010000,3) = 3');
    expect(lines[1]).toBe('4242 close(99) = -1 errno=9 (Bad file descriptor)');
    expect(lines[2]).toMatch(/^4242 readlinkat\(AT_FDCWD,"\/proc\/self\/exe",0x10010080,64\) = \d+$/);
    expect(lines[3]).toMatch(/^4242 mmap\(NULL,8192,0x3,0x22,-1,0x0\) = 0x[0-9a-f]+$/);
    expect(lines[4]).toBe('4242 syscall_999(0x1,0x2,0x0,0x0,0x0,0x0) [unimplemented] = -1 errno=38 (Function not implemented)');
    expect(lines[5]).toBe('4242 exit_group(3)');
    expect(p.exitStatus).toBe(3);
  });

  it('names known but unimplemented calls in --strace', () => {
    const lines: string[] = [];
    const p = makeProcess({ strace: (l) => lines.push(l) });
    syscall(p, 2);
    expect(lines[0]).toMatch(/^4242 fork\(.*\) \[unimplemented\] = -1 errno=38/);
  });
});
