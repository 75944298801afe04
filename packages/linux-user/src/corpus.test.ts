/**
 * The C corpus (test/corpus) under qemu-user and under hvstep's runner, in-process:
 * same stdout, same exit status, for every build variant (ppc64le POWER8 and
 * POWER9, -O0, big-endian ELFv1). Builds the corpus first when it is out of date.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import * as path from 'node:path';
import { LinuxProcess } from './process.js';
import { runProcess, type RunResult, LIMIT_EXIT_CODE } from './runner.js';
import { BufferHostIo } from './host-io.js';
import { AT } from './stack.js';
import { buildCorpus, hasCommand, runQemu, symbolAddress } from './testing/repo.js';
import { takeMemory, recycle } from './testing/process.js';
import { ENGINES, type Engine } from '@hvstep/emulator-core';

interface Case {
  program: string;
  args?: string[];
  stdin?: string;
  /** Compare with qemu (default true); false where qemu-user itself is wrong. */
  qemu?: boolean;
  /** Only these variants. */
  variants?: string[];
}

const VARIANTS = ['le', 'p9', 'o0', 'be'];
const ENV = { HVSTEP_CORPUS: '1', LANG: 'C' };
const STDIN_TEXT = 'Hello, World!\nThe 12 numbers -5 and 100\n\ttabbed line\nlast line without newline';

const CASES: Case[] = [
  { program: 'hello', args: ['a', 'b c', ''] },
  { program: 'arith' },
  { program: 'divedge' },
  { program: 'strings' },
  { program: 'bench', args: ['2'] },
  { program: 'recurse' },
  { program: 'switch' },
  { program: 'jmp' },
  { program: 'format' },
  { program: 'fp' },
  { program: 'exitcode' },
  { program: 'exitcode', args: ['3', 'thread'] },
  { program: 'exitcode', args: ['256'] },
  { program: 'stdin', stdin: STDIN_TEXT },
  { program: 'stdin', args: ['1'], stdin: STDIN_TEXT },
  { program: 'stdin', stdin: '' },
  { program: 'syscalls', stdin: 'input data for readv\n' },
  ...['segv-read', 'segv-write', 'segv-exec', 'stack', 'mprotect', 'illegal', 'priv', 'trap', 'abort'].map((m) => ({ program: 'fault', args: [m] })),
  // qemu 7.2 aborts on the alignment interrupt instead of raising SIGBUS; checked below
  { program: 'fault', args: ['align'], variants: ['be'] },
];

const corpus = buildCorpus();
const haveQemu = hasCommand('qemu-ppc64le') && hasCommand('qemu-ppc64');
// The corpus needs the cross compiler and qemu-user, which scripts/bootstrap.sh
// installs; a machine without them fails these tests rather than skipping them.
const describeCorpus = describe;
const itQemu = it;

function runHere(file: string, args: string[], stdin = '', env: string[] = Object.entries(ENV).map(([k, v]) => `${k}=${v}`), sysroot?: string, engine: Engine = 'interp') {
  const io = new BufferHostIo(new TextEncoder().encode(stdin));
  // the wasm engine needs the process in an arena, which makes its own RAM (not recycled)
  const ram = engine === 'wasm' ? { arena: true } : { memory: takeMemory() };
  const p = LinuxProcess.fromFile(file, { argv: [file, ...args], env, io, ...ram, ...(sysroot ? { sysroot } : {}) });
  try {
    return { p, io, result: runProcess(p, { engine }) };
  } finally {
    if (engine !== 'wasm') recycle(p);
  }
}

const exe = (variant: string, program: string): string => path.join(corpus ?? '', variant, program);
const envList = (): string[] => Object.entries(ENV).map(([k, v]) => `${k}=${v}`);

/** qemu's run of a case, made once for both engines. */
const qemuRuns = new Map<string, ReturnType<typeof runQemu>>();
function qemuOnce(emulator: string, file: string, args: string[], stdin: string): ReturnType<typeof runQemu> {
  const key = JSON.stringify([emulator, file, args, stdin]);
  let q = qemuRuns.get(key);
  if (q === undefined) { q = runQemu(emulator, file, args, new TextEncoder().encode(stdin), ENV); qemuRuns.set(key, q); }
  return q;
}

describeCorpus('C corpus: hvstep against qemu-user', () => {
  for (const engine of ENGINES) {
    for (const variant of VARIANTS) {
      describe(`${variant} (${engine})`, () => {
        for (const c of CASES) {
          if (c.variants && !c.variants.includes(variant)) continue;
          const args = c.args ?? [];
          const title = `${c.program} ${args.map((a) => JSON.stringify(a)).join(' ')}`.trim();
          itQemu(title, () => {
            const file = exe(variant, c.program);
            const q = qemuOnce(variant === 'be' ? 'qemu-ppc64' : 'qemu-ppc64le', file, args, c.stdin ?? '');
            const { io, result } = runHere(file, args, c.stdin, envList(), undefined, engine);
            const ours = Buffer.from(io.output(1)).toString('latin1');
            expect(ours).toBe(q.stdout.toString('latin1'));
            expect(result.exitCode).toBe(q.exitCode);
          });
        }
      });
    }
  }
});

/**
 * Static glibc programs (test/corpus/glibc, `-static -O2` and `-mcpu=power9`): glibc's
 * start-up and string, printf and malloc code use VMX/VSX; each must match
 * qemu-ppc64le exactly.
 */
const GLIBC: { program: string; args?: string[] }[] = [
  { program: 'printf', args: ['x', 'two words'] },
  { program: 'sort' },
  { program: 'strings' },
];

describeCorpus('C corpus: static glibc programs', () => {
  for (const engine of ENGINES) for (const variant of ['glibc', 'glibc-p9']) {
    for (const c of GLIBC) {
      const args = c.args ?? [];
      it(`${variant}/${c.program} (${engine}): the same output and status as qemu`, () => {
        const file = exe(variant, c.program);
        const { io, result } = runHere(file, args, '', envList(), undefined, engine);
        const q = qemuOnce('qemu-ppc64le', file, args, '');
        expect(Buffer.from(io.output(1)).toString('latin1')).toBe(q.stdout.toString('latin1'));
        expect(result.exitCode).toBe(q.exitCode);
      });
    }
  }
});

/**
 * The same glibc programs linked dynamically (build/corpus/glibc-dyn), run like
 * `qemu-ppc64le -L /usr/powerpc64le-linux-gnu`: ld64.so.2 comes from the cross
 * sysroot, maps libc.so.6 from it and relocates the program before main.
 */
const SYSROOT = '/usr/powerpc64le-linux-gnu';
const GLIBC_DYN: { program: string; args?: string[] }[] = [
  { program: 'printf', args: ['x', 'two words'] },
  { program: 'sort' },
  { program: 'strings' },
];

describeCorpus('C corpus: dynamically linked glibc programs (-L sysroot)', () => {
  for (const c of GLIBC_DYN) {
    const args = c.args ?? [];
    it(`glibc-dyn/${c.program}: the same output and status as qemu -L`, () => {
      const file = exe('glibc-dyn', c.program);
      const { p, io, result } = runHere(file, args, '', undefined, SYSROOT);
      expect(p.interpImage).toBeDefined();
      const q = runQemu('qemu-ppc64le', file, args, new Uint8Array(0), ENV, ['-L', SYSROOT]);
      const ours = Buffer.from(io.output(1)).toString('latin1');
      expect(ours).toBe(q.stdout.toString('latin1'));
      expect(result.exitCode).toBe(q.exitCode);
    });
  }

  it('the auxv points at the program and the interpreter', () => {
    const file = exe('glibc-dyn', 'strings');
    const { p, result } = runHere(file, [], '', undefined, SYSROOT);
    expect(result.exitCode).toBe(0);
    const aux = new Map(p.stack.auxvEntries);
    expect(aux.get(AT.BASE)).toBe(BigInt(p.interpImage!.bias));
    expect(aux.get(AT.ENTRY)).toBe(BigInt(p.image.entry));
    expect(aux.get(AT.PHDR)).toBe(BigInt(p.image.phdr));
    expect(p.interpImage!.bias % 4096).toBe(0);
    expect(p.interpImage!.bias).toBeGreaterThan(p.image.end);
  });

  it('a missing interpreter is a load error that names it', () => {
    expect(() => LinuxProcess.fromFile(exe('glibc-dyn', 'strings'), { argv: ['strings'], io: new BufferHostIo(), sysroot: '/nonexistent' }))
      .toThrow(/^interpreter \/lib64\/ld64\.so\.2: No such file or directory, neither under \/nonexistent nor on the host$/);
  });
});

describeCorpus('C corpus: faults', () => { for (const engine of ENGINES) describe(engine, () => {
  const expectFault = (variant: string, mode: string, code: number, message: RegExp, symbol?: string): RunResult => {
    const file = exe(variant, 'fault');
    const { result } = runHere(file, [mode], '', envList(), undefined, engine);
    expect(result.exitCode).toBe(code);
    expect(result.message).toMatch(message);
    if (symbol) {
      const at = symbolAddress(file, symbol);
      expect(at).toBeDefined();
      expect(result.message).toContain(`0x${at!.toString(16)}`);
    }
    return result;
  };

  for (const variant of ['le', 'be']) {
    it(`${variant}: illegal instruction is SIGILL (132) with the word and PC`, () => {
      const r = expectFault(variant, 'illegal', 132, /^illegal instruction 0x00000000 at 0x[0-9a-f]+$/, 'illegal_here');
      expect(r.signal).toBe(4);
    });
    it(`${variant}: privileged instruction is SIGILL (132)`, () => {
      expectFault(variant, 'priv', 132, /^privileged instruction 0x7c6000a6 at 0x[0-9a-f]+$/, 'priv_here');
    });
    it(`${variant}: trap is SIGTRAP (133)`, () => {
      expectFault(variant, 'trap', 133, /^trace\/breakpoint trap at 0x[0-9a-f]+$/, 'trap_here');
    });
    it(`${variant}: a store to page 0 is SIGSEGV (139) with the address and PC`, () => {
      expectFault(variant, 'segv-write', 139, /^segmentation fault at 0x10 \(pc 0x[0-9a-f]+\)$/, 'fault_store');
    });
    it(`${variant}: stack overflow hits the guard below the stack`, () => {
      expectFault(variant, 'stack', 139, /^segmentation fault at 0x3f7f/);
    });
  }

  it('le: lmw in little-endian mode is an alignment interrupt: SIGBUS (135)', () => {
    expectFault('le', 'align', 135, /^bus error \(alignment\) at 0x[0-9a-f]+ \(pc 0x[0-9a-f]+\)$/, 'align_here');
  });
}); });

describeCorpus('C corpus: initial stack seen by a program', () => {
  for (const variant of ['le', 'be']) {
    it(`${variant}: argc, argv, envp and auxv as printed by the guest`, () => {
      const file = exe(variant, 'auxv');
      const env = ['ONE=1', 'TWO=two words', 'EMPTY='];
      const { p, io, result } = runHere(file, ['first', 'second arg'], '', env);
      expect(result.exitCode).toBe(0);
      const lines = io.stdout.split('\n');
      const value = (key: string): string | undefined => lines.find((l) => l.startsWith(`${key} `))?.slice(key.length + 1);
      expect(value('sp')).toBe(`0x${p.stack.sp.toString(16)} aligned16 1`);
      expect(value('argc')).toBe('3');
      expect(value('argv[0]')).toBe(file);
      expect(value('argv[1]')).toBe('first');
      expect(value('argv[2]')).toBe('second arg');
      expect(value('argv[argc]')).toBe('0x0');
      expect(lines.filter((l) => l.startsWith('envp['))).toEqual(env.map((e, i) => `envp[${i}] ${e}`));
      const auxv = lines.filter((l) => l.startsWith('auxv ') && !l.startsWith('auxv 0x')).map((l) => {
        const [, k, v] = l.split(' ');
        return [Number(k), BigInt(v!)] as [number, bigint];
      });
      expect(auxv).toEqual(p.stack.auxvEntries);
      const get = (t: number): bigint => auxv.find(([k]) => k === t)![1];
      expect(get(AT.PAGESZ)).toBe(4096n);
      expect(get(AT.PHENT)).toBe(56n);
      expect(get(AT.ENTRY)).toBe(BigInt(p.elf.entry));
      expect(get(AT.HWCAP) & 0x10000080n).toBe(0x10000080n); // Altivec and VSX: every vector probe decodes
      expect(value('execfn')).toBe(file);
      expect(value('platform')).toBe('power9');
      expect(value('entry_is_start')).toBe('1');
      expect(value('phent')).toBe(`56 phnum ${p.elf.programHeaders.length} pt_load 2`);
      expect(value('layout')).toBe('1');
      expect(value('random')).toMatch(/^[0-9a-f]{32}$/);
    });

    itQemu(`${variant}: the same argv and envp as under qemu`, () => {
      const file = exe(variant, 'auxv');
      const q = runQemu(variant === 'be' ? 'qemu-ppc64' : 'qemu-ppc64le', file, ['x', 'y'], new Uint8Array(0), ENV);
      const { io } = runHere(file, ['x', 'y']);
      // qemu-user reverses the order of the environment; the kernel (and hvstep) keep it
      const keep = (s: string): string[] => s.split('\n').filter((l) => /^(argc|argv\[|envc|execfn|pagesz|entry_is_start|layout)/.test(l));
      const env = (s: string): string[] => s.split('\n').filter((l) => l.startsWith('envp[')).map((l) => l.replace(/^envp\[\d+\] /, '')).sort();
      expect(keep(io.stdout)).toEqual(keep(q.stdout.toString()));
      expect(env(io.stdout)).toEqual(env(q.stdout.toString()));
    });
  }
});

describeCorpus('runner', () => {
  it('stops at --max-insns with status 152 and says where', () => {
    const file = exe('le', 'bench');
    const io = new BufferHostIo();
    const p = LinuxProcess.fromFile(file, { argv: [file, '1000'], io, memory: takeMemory() });
    const r = runProcess(p, { maxInstructions: 100000n, budget: 4096 });
    recycle(p);
    expect(r.limitReached).toBe(true);
    expect(r.exitCode).toBe(LIMIT_EXIT_CODE);
    expect(r.instructions).toBe(100000n);
    expect(r.message).toMatch(/^instruction limit reached \(100000 instructions\) at 0x1000/);
  });

  it('counts instructions and system calls', () => {
    const { result } = runHere(exe('le', 'hello'), []);
    expect(result.exitCode).toBe(0);
    expect(result.instructions).toBeGreaterThan(1000n);
    expect(result.syscalls).toBe(2);
  });
});

beforeAll(() => {
  if (!corpus) throw new Error('the C corpus could not be built: powerpc64le-linux-gnu-gcc missing (scripts/bootstrap.sh)');
  if (!haveQemu) throw new Error('qemu-ppc64le/qemu-ppc64 missing (scripts/bootstrap.sh)');
});
