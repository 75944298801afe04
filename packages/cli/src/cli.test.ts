/**
 * `hvstep` as a user runs it: a child process, its exit status, stdout and stderr.
 * The guest programs are built here (no cross compiler needed).
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildElf, asm, li32, syscallWords, repoRoot, buildCorpus, runQemu } from '@hvstep/linux-user/testing';

const MAIN = path.join(repoRoot(), 'packages/cli/dist/main.js');
const TEXT = 0x10000000;
const DATA = 0x10010000;
let dir: string;

function hvstep(args: string[], input = '', timeoutMs = 60000): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { input, encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A command hvstep refuses: status 2, nothing on stdout, and exactly one line on stderr. */
function expectBad(args: string[], line: RegExp | string): void {
  const r = hvstep(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  if (typeof line === 'string') expect(r.stderr).toBe(`${line}\n`);
  else expect(r.stderr).toMatch(line);
}

function file(name: string, bytes: Uint8Array | string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, bytes);
  return f;
}

/** write(1, "hello from the guest\n"), then read stdin and echo it, then exit_group(42). */
const echoProgram = (): Uint8Array => {
  const msg = new TextEncoder().encode('hello from the guest\n');
  return buildElf({
    entry: TEXT,
    segments: [
      {
        vaddr: TEXT,
        words: [
          ...syscallWords(4, 1, DATA, msg.length),
          ...syscallWords(3, 0, DATA + 0x100, 200),
          asm.mr(5, 3), asm.li(0, 4), asm.li(3, 1), ...li32(4, DATA + 0x100), asm.sc(),
          ...syscallWords(234, 42),
        ],
      },
      { vaddr: DATA, flags: 6, bytes: msg, memsz: 0x1000 },
    ],
  });
};

beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hvstep-cli-')); });
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

describe('hvstep --help', () => {
  it('lists the commands', () => {
    const r = hvstep(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: hvstep <command>/);
    expect(r.stdout).toMatch(/^ {2}user +run a ppc64 Linux program/m);
  });

  it('without arguments prints the usage and exits 2', () => {
    const r = hvstep([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Usage/);
  });

  it('hvstep user --help documents every option', () => {
    const r = hvstep(['user', '--help']);
    expect(r.code).toBe(0);
    for (const opt of ['--strace', '--max-insns N', '--stats', '--memory SIZE', '-E, --env NAME=VALUE', '-L, --sysroot DIR', '-g, --gdb [HOST:]PORT', '--gdb-poll-us N', '-h, --help']) {
      expect(r.stdout).toContain(opt);
    }
    expect(r.stdout).toMatch(/132 illegal/);
  });
});

describe('hvstep user: running programs', () => {
  it('passes stdin and stdout through and exits with the guest status', () => {
    const f = file('echo', echoProgram());
    const r = hvstep(['user', f], 'typed input\n');
    expect(r.stdout).toBe('hello from the guest\ntyped input\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(42);
  });

  it('--strace prints each system call to stderr', () => {
    const f = file('echo-strace', echoProgram());
    const r = hvstep(['user', '--strace', f], 'abc');
    expect(r.code).toBe(42);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\d+ write\(1,0x10010000,21\) = 21$/);
    expect(lines[1]).toMatch(/^\d+ read\(0,0x10010100,200\) = 3$/);
    expect(lines[2]).toMatch(/^\d+ write\(1,0x10010100,3\) = 3$/);
    expect(lines[3]).toMatch(/^\d+ exit_group\(42\)$/);
  });

  it('--stats prints instructions, time and MIPS', () => {
    const f = file('echo-stats', echoProgram());
    const r = hvstep(['user', '--stats', f]);
    expect(r.code).toBe(42);
    expect(r.stderr).toMatch(/^hvstep: 2\d instructions in \d+\.\d{3} s \(\d+\.\d MIPS\), 4 system calls\n$/);
  });

  it('--max-insns stops a program that never ends (status 152)', () => {
    const f = file('loop', buildElf({ entry: TEXT, segments: [{ vaddr: TEXT, words: [asm.nop(), asm.loop()] }] }));
    const r = hvstep(['user', '--max-insns', '1M', f]);
    expect(r.code).toBe(152);
    expect(r.stderr).toBe('hvstep: instruction limit reached (1000000 instructions) at 0x10000004\n');
  });

  it('--engine jit and wasm stop at the same instruction as the interpreter', () => {
    const f = file('loop-jit', buildElf({ entry: TEXT, segments: [{ vaddr: TEXT, words: [asm.nop(), asm.loop()] }] }));
    for (const engine of ['interp', 'jit', 'wasm']) {
      const r = hvstep(['user', '--engine', engine, '--max-insns', '1M', f]);
      expect(r.code).toBe(152);
      expect(r.stderr).toBe('hvstep: instruction limit reached (1000000 instructions) at 0x10000004\n');
    }
  });

  it('an illegal instruction is SIGILL: status 132, one line with the word and the PC', () => {
    const f = file('illegal', buildElf({ entry: TEXT, segments: [{ vaddr: TEXT, words: [asm.nop(), asm.nop(), 0x00000000] }] }));
    const r = hvstep(['user', f]);
    expect(r.code).toBe(132);
    expect(r.stderr).toBe('hvstep: illegal instruction 0x00000000 at 0x10000008\n');
  });

  it('a trap is SIGTRAP (133), a bad store SIGSEGV (139), a fetch outside the program SIGSEGV', () => {
    const trap = file('trap', buildElf({ entry: TEXT, segments: [{ vaddr: TEXT, words: [asm.trap()] }] }));
    expect(hvstep(['user', trap])).toMatchObject({ code: 133, stderr: 'hvstep: trace/breakpoint trap at 0x10000000\n' });
    const segv = file('segv', buildElf({ entry: TEXT, segments: [{ vaddr: TEXT, words: [asm.li(9, 0x40), asm.stw(9, 0, 9)] }] }));
    expect(hvstep(['user', segv])).toMatchObject({ code: 139, stderr: 'hvstep: segmentation fault at 0x40 (pc 0x10000004)\n' });
    // ba 0x1000000: a branch to an address where nothing is mapped
    const runaway = file('runaway', buildElf({ entry: TEXT, segments: [{ vaddr: TEXT, words: [asm.nop(), 0x49000002] }] }));
    expect(hvstep(['user', runaway])).toMatchObject({ code: 139, stderr: 'hvstep: segmentation fault at 0x1000000 (pc 0x1000000)\n' });
  });

  it('a dynamically linked program with -L, or QEMU_LD_PREFIX, prints what qemu-ppc64le -L prints', () => {
    const corpus = buildCorpus();
    expect(corpus).toBeDefined();
    const prog = path.join(corpus!, 'glibc-dyn', 'strings');
    const sysroot = '/usr/powerpc64le-linux-gnu';
    const q = runQemu('qemu-ppc64le', prog, [], new Uint8Array(0), { LANG: 'C' }, ['-L', sysroot]);
    expect(q.exitCode).toBe(0);
    const r = hvstep(['user', '-L', sysroot, prog]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(q.stdout.toString());
    expect(r.code).toBe(0);
    const e = spawnSync(process.execPath, [MAIN, 'user', prog], { encoding: 'utf8', env: { ...process.env, QEMU_LD_PREFIX: sysroot } });
    expect(e.stdout).toBe(q.stdout.toString());
    expect(e.status).toBe(0);
  });

  it('passes the guest its arguments, including ones that look like options', () => {
    // exit_group(argc): argc is the doubleword at r1
    const f = file('argc', buildElf({ entry: TEXT, segments: [{ vaddr: TEXT, words: [asm.ld(3, 0, 1), asm.li(0, 234), asm.sc()] }] }));
    expect(hvstep(['user', f, '--strace', '-x', 'y']).code).toBe(4);
    expect(hvstep(['user', '--', f]).code).toBe(1);
  });
});

describe('hvstep run: the console', () => {
  it('Ctrl-A x ends the machine with status 0, as QEMU\'s escape does', () => {
    // a guest that never ends: only the escape stops it before the timeout
    const loop = file('loop.elf', buildElf({ entry: 0x100000, segments: [{ vaddr: 0x100000, words: [0x48000000] }] }));
    const t0 = Date.now();
    const r = hvstep(['run', '--timeout', '50', loop], 'abc\x01\x01def\x01x');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('hvstep: terminated: the user typed Ctrl-A x\n');
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});

describe('hvstep user: bad input is one line and status 2', () => {
  const good = (over: Partial<Parameters<typeof buildElf>[0]> = {}): Uint8Array =>
    buildElf({ entry: TEXT, segments: [{ vaddr: TEXT, words: [asm.nop()] }], ...over });

  it('a missing file', () => {
    const f = path.join(dir, 'does-not-exist');
    expectBad(['user', f], `hvstep: ${f}: No such file or directory`);
  });

  it('a directory', () => {
    expectBad(['user', dir], `hvstep: ${dir}: is a directory`);
  });

  it('not an ELF file, or an empty one', () => {
    const f = file('script.sh', '#!/bin/sh\necho hi\n');
    expectBad(['user', f], `hvstep: ${f}: not an ELF file (bad magic)`);
    const e = file('empty', '');
    expectBad(['user', e], `hvstep: ${e}: empty file, not an ELF executable`);
  });

  it('truncated headers', () => {
    const f = file('truncated', good().subarray(0, 50));
    expectBad(['user', f], `hvstep: ${f}: truncated ELF header (50 of 64 bytes)`);
    const g = file('truncated-ph', good().subarray(0, 80));
    expectBad(['user', g], new RegExp(`^hvstep: ${g}: truncated program headers`));
  });

  it('the wrong class or machine', () => {
    const c = file('elf32', good({ elfClass: 1 }));
    expectBad(['user', c], `hvstep: ${c}: 32-bit ELF (ELFCLASS32) is not supported, hvstep runs 64-bit ppc64 programs`);
    const m = file('x86', good({ machine: 62 }));
    expectBad(['user', m], `hvstep: ${m}: wrong machine EM_X86_64 (62), expected EM_PPC64 (21)`);
  });

  it('the host\'s own programs', () => {
    expectBad(['user', process.execPath], new RegExp(`^hvstep: ${process.execPath}: wrong machine`));
  });

  it('no PT_LOAD, segments outside RAM, dynamic linking', () => {
    const n = file('noload', good({ segments: [{ vaddr: TEXT, type: 4, words: [0] }] }));
    expectBad(['user', n], `hvstep: ${n}: no PT_LOAD segment`);
    const o = file('outside', good({ entry: 0x80000000, segments: [{ vaddr: 0x80000000, words: [0] }] }));
    expectBad(['user', o], new RegExp(`^hvstep: ${o}: segment at 0x80000000 \\(size 0x4\\) lies outside guest RAM`));
    const d = file('dynamic', good({ interp: '/nonexistent/ld64.so.2' }));
    expectBad(['user', d], `hvstep: ${d}: interpreter /nonexistent/ld64.so.2: No such file or directory, on the host (give the guest's sysroot with -L or QEMU_LD_PREFIX)`);
    expectBad(['user', '-L', dir, d], `hvstep: ${d}: interpreter /nonexistent/ld64.so.2: No such file or directory, neither under ${dir} nor on the host`);
    const r = file('relocatable', good({ type: 1 }));
    expectBad(['user', r], `hvstep: ${r}: not an executable (ET_REL)`);
  });

  it('command-line mistakes', () => {
    expectBad(['user', '--bogus', 'x'], "hvstep: unknown option '--bogus' (see hvstep user --help)");
    expectBad(['--bogus'], "hvstep: unknown option '--bogus' (see hvstep --help)");
    expectBad(['frobnicate'], "hvstep: unknown command 'frobnicate' (see hvstep --help)");
    expectBad(['user'], 'hvstep: user: missing program (see hvstep user --help)');
    expectBad(['user', '--max-insns'], "hvstep: option '--max-insns' needs a value (see hvstep user --help)");
    expectBad(['user', '--max-insns', 'lots', 'x'], "hvstep: --max-insns: expected a positive number, got 'lots'");
    expectBad(['user', '--memory', '1K', 'x'], 'hvstep: --memory: between 512M and 2G, a multiple of 4K');
    expectBad(['user', '--memory', '4G', 'x'], 'hvstep: --memory: between 512M and 2G, a multiple of 4K');
    expectBad(['user', '--stats=yes', 'x'], "hvstep: option '--stats' takes no value");
    expectBad(['user', '--engine', 'tcg', 'x'], "hvstep: --engine: expected interp or jit or wasm, got 'tcg'");
    expectBad(['run', '--engine', 'tcg'], "hvstep: --engine: expected interp or jit or wasm, got 'tcg'");
    expectBad(['user', '--env', 'NOEQUALS', 'x'], "hvstep: --env: expected NAME=VALUE, got 'NOEQUALS'");
    expectBad(['run', '--gdb', 'localhost:x'], "hvstep: --gdb: expected [HOST:]PORT, got 'localhost:x'");
    expectBad(['user', '-g', '70000', 'x'], "hvstep: -g: expected [HOST:]PORT, got '70000'");
    expectBad(['run', '--gdb-poll-us', '100'], 'hvstep: --gdb-poll-us needs --gdb or -s');
    expectBad(['run', '-s', '--gdb-poll-us', '-5'], "hvstep: --gdb-poll-us: expected microseconds 0..1000000, got '-5'");
    expectBad(['user', '-g', '1234', '--gdb-poll-us', '2ms', 'x'], "hvstep: --gdb-poll-us: expected microseconds 0..1000000, got '2ms'");
    expectBad(['user', '--gdb-poll-us', '0', 'x'], 'hvstep: --gdb-poll-us needs -g');
  });
});

describe('hvstep run --kernel: bad input for a direct Linux boot is one line and status 2', () => {
  // `b .` at physical 0: enough of a ppc64 kernel to be loaded and entered
  const tinyKernel = (): string => file('vmlinux-tiny', buildElf({ entry: 0, segments: [{ vaddr: 0, words: [0x48000000] }] }));

  it('a kernel that is a text file', () => {
    const f = file('vmlinux-text', 'not a kernel\n');
    expectBad(['run', '--kernel', f], `hvstep: ${f}: not an ELF file (bad magic)`);
  });

  it('a truncated kernel ELF: cut in its header, its program headers, or its segment', () => {
    const elf = buildElf({ entry: 0, segments: [{ vaddr: 0, words: new Array(64).fill(0x60000000) }] });
    const header = file('vmlinux-cut-header', elf.subarray(0, 40));
    expectBad(['run', '--kernel', header], `hvstep: ${header}: truncated ELF header (40 of 64 bytes)`);
    const ph = file('vmlinux-cut-ph', elf.subarray(0, 80));
    expectBad(['run', '--kernel', ph], new RegExp(`^hvstep: ${ph}: truncated program headers`));
    const seg = file('vmlinux-cut-segment', elf.subarray(0, elf.length - 16));
    expectBad(['run', '--kernel', seg], new RegExp(`^hvstep: ${seg}: segment 0: data at offset 0x[0-9a-f]+ size 0x100 lies past the end of the file`));
  });

  it('an x86-64 ELF: a built one and the host\'s own node', () => {
    const x86 = file('vmlinux-x86', buildElf({ entry: 0, machine: 62, segments: [{ vaddr: 0, words: [0] }] }));
    expectBad(['run', '--kernel', x86], `hvstep: ${x86}: wrong machine EM_X86_64 (62), expected EM_PPC64 (21)`);
    expectBad(['run', '--kernel', process.execPath], new RegExp(`^hvstep: ${process.execPath}: wrong machine`));
  });

  it('a kernel or an initrd that does not fit in RAM (-m)', () => {
    const big = file('vmlinux-big', buildElf({ entry: 0, segments: [{ vaddr: 0, words: [0x48000000], memsz: 20 << 20 }] }));
    expectBad(['run', '--kernel', big, '-m', '16M'],
      `hvstep: ${big}: segment at physical 0x0 (0x1400000 bytes) is outside guest RAM (0x1000000 bytes): give more memory with -m`);
    const initrd = file('initrd-huge', new Uint8Array(20 << 20));
    expectBad(['run', '--kernel', tinyKernel(), '--initrd', initrd, '-m', '16M'],
      `hvstep: ${initrd}: does not fit in guest RAM after the kernel (0x1410000 > 0xfff000): give more memory with -m`);
  });

  it('an --append longer than powerpc\'s COMMAND_LINE_SIZE (2048 with the NUL); 2047 bytes boot', () => {
    const kernel = tinyKernel();
    expectBad(['run', '--kernel', kernel, '--append', 'x'.repeat(2048)], 'hvstep: --append: the kernel command line is longer than the 2047 bytes Linux accepts');
    // the longest accepted command line boots (the tiny kernel spins until the timeout)
    const r = hvstep(['run', '--kernel', kernel, '--append', 'x'.repeat(2047), '--timeout', '0.5']);
    expect(r.code).toBe(124);
  });

  it('a missing kernel or initrd, a directory, a misplaced --initrd', () => {
    const missing = path.join(dir, 'no-such-vmlinux');
    expectBad(['run', '--kernel', missing], `hvstep: ${missing}: No such file or directory`);
    expectBad(['run', '--kernel', tinyKernel(), '--initrd', missing], `hvstep: ${missing}: No such file or directory`);
    expectBad(['run', '--kernel', dir], `hvstep: ${dir}: is a directory`);
    expectBad(['run', '--initrd', missing], 'hvstep: --initrd needs --kernel without --firmware (a direct Linux boot)');
  });
});

describe('hvstep run: a guest that hangs', () => {
  it('ends at --timeout with status 124 and one line saying so', () => {
    const loop = file('hang.elf', buildElf({ entry: 0x100000, segments: [{ vaddr: 0x100000, words: [0x48000000] }] }));
    const t0 = Date.now();
    const r = hvstep(['run', '--timeout', '1', loop]);
    expect(r.code).toBe(124);
    expect(r.stderr).toBe('hvstep: the guest did not power off within 1 s: stopped\n');
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});
