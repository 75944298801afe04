import { describe, it, expect } from '@jest/globals';
import { makeProcess, syscall, DATA } from '../testing/process.js';

const cstr = (p: ReturnType<typeof makeProcess>, at: number): string =>
  new TextDecoder().decode(p.memory.u8.subarray(at, p.memory.u8.indexOf(0, at)));

describe('process syscalls', () => {
  it('exit and exit_group end the process with the low 8 bits of the status', () => {
    const p = makeProcess();
    syscall(p, 234, 0x1ff);
    expect(p.exitStatus).toBe(0xff);
    const q = makeProcess();
    syscall(q, 1, 7);
    expect(q.exitStatus).toBe(7);
  });

  it('getpid, gettid, set_tid_address report the process id', () => {
    const p = makeProcess();
    expect(syscall(p, 20)).toBe(4242);
    expect(syscall(p, 207)).toBe(4242);
    expect(syscall(p, 232, DATA)).toBe(4242);
    expect(p.tidAddress).toBe(BigInt(DATA));
    expect(syscall(p, 24)).toBe(process.getuid?.() ?? 0);
  });

  it('uname fills struct new_utsname (6 x 65 bytes)', () => {
    const p = makeProcess();
    expect(syscall(p, 122, DATA)).toBe(0);
    expect(cstr(p, DATA)).toBe('Linux');
    expect(cstr(p, DATA + 4 * 65)).toBe('ppc64le');
    expect(cstr(p, DATA + 5 * 65)).toBe('(none)');
    expect(syscall(p, 122, 0x10)).toBe(-14);
    const be = makeProcess({ elf: { littleEndian: false, abi: 2 } });
    syscall(be, 122, DATA);
    expect(cstr(be, DATA + 4 * 65)).toBe('ppc64');
  });

  it('set_robust_list accepts the 64-bit head size; rseq is not implemented', () => {
    const p = makeProcess();
    expect(syscall(p, 300, DATA, 24)).toBe(0);
    expect(syscall(p, 300, DATA, 16)).toBe(-22);
    expect(syscall(p, 387, DATA, 32, 0, 0)).toBe(-38);
  });

  it('prlimit64 / getrlimit / setrlimit with struct rlimit {cur, max}', () => {
    const p = makeProcess();
    const v = p.memory.view;
    expect(syscall(p, 325, 0, 3, 0, DATA)).toBe(0); // RLIMIT_STACK
    expect(v.getBigUint64(DATA, true)).toBe(8n << 20n);
    expect(v.getBigUint64(DATA + 8, true)).toBe(2n ** 64n - 1n);
    expect(syscall(p, 190, 7, DATA)).toBe(0); // ugetrlimit NOFILE
    expect(v.getBigUint64(DATA, true)).toBe(1024n);
    v.setBigUint64(DATA, 256n, true);
    v.setBigUint64(DATA + 8, 512n, true);
    expect(syscall(p, 325, 0, 7, DATA, DATA + 16)).toBe(0);
    expect(v.getBigUint64(DATA + 16, true)).toBe(1024n); // the old value
    expect(syscall(p, 76, 7, DATA + 32)).toBe(0);
    expect(v.getBigUint64(DATA + 32, true)).toBe(256n);
    v.setBigUint64(DATA, 4096n, true);
    v.setBigUint64(DATA + 8, 4096n, true);
    expect(syscall(p, 75, 7, DATA)).toBe(-1); // raising the hard limit: EPERM
    expect(syscall(p, 325, 0, 16, 0, DATA)).toBe(-22);
    expect(syscall(p, 325, 1, 3, 0, DATA)).toBe(-3);
    expect(syscall(p, 325, 0, 3, 0, 0x10)).toBe(-14);
  });

  it('sched_getaffinity reports one CPU', () => {
    const p = makeProcess();
    expect(syscall(p, 223, 0, 128, DATA)).toBe(8);
    expect(p.memory.view.getBigUint64(DATA, true)).toBe(1n);
    expect(syscall(p, 223, 0, 4, DATA)).toBe(-22);
    expect(syscall(p, 223, 0, 8, 0x10)).toBe(-14);
  });

  it('kill/tgkill to itself applies the default action (no handlers are run)', () => {
    const p = makeProcess();
    expect(syscall(p, 250, 4242, 4242, 0)).toBe(0);
    expect(syscall(p, 37, 4242, 17 /* SIGCHLD: ignored */)).toBe(0);
    expect(p.exited).toBe(false);
    expect(syscall(p, 37, 1, 9)).toBe(-3);
    syscall(p, 250, 4242, 4242, 6);
    expect(p.exitStatus).toBe(134);
    expect(p.termMessage).toBe('killed by signal 6 (SIGABRT)');
  });
});
