import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../throughput/programs.js';

/** One C corpus program as the throughput rows run it. */
export interface CorpusProgram {
  /** The build flavour: build/corpus/<flavour>/ (scripts/build-corpus.sh). */
  flavour: string;
  program: string;
  args: string[];
  elf: string;
  /** qemu-ppc64 for the big-endian flavour, qemu-ppc64le otherwise. */
  qemu: 'qemu-ppc64le' | 'qemu-ppc64';
  /** The guest root of a dynamically linked program (`hvstep user -L`, `qemu-ppc64le -L`). */
  sysroot?: string;
}

const CORPUS = join(REPO_ROOT, 'build/corpus');
const SYSROOT = '/usr/powerpc64le-linux-gnu';

/**
 * The freestanding programs whose output does not depend on the process (auxv and
 * syscalls print addresses and ids; fault, exitcode and stdin test endings and input,
 * not work). Only `bench` takes a work count; the others do a fixed amount.
 */
const FREESTANDING = ['hello', 'arith', 'divedge', 'strings', 'recurse', 'switch', 'jmp', 'format', 'fp', 'bench'];
const GLIBC = ['printf', 'sort', 'strings'];

/** Builds the corpus when it is out of date (scripts/build-corpus.sh needs powerpc64le-linux-gnu-gcc). */
export function buildCorpus(): void {
  execFileSync('bash', [join(REPO_ROOT, 'scripts/build-corpus.sh')], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * The rows: every program above on the default flavour (le) and the static glibc
 * one, `bench` (scaled like the C workload: 20 × scale iterations) on every
 * freestanding flavour, and the glibc programs on POWER9 and dynamically linked.
 */
export function corpusPrograms(scale: number): CorpusProgram[] {
  const row = (flavour: string, program: string, extra: Partial<CorpusProgram> = {}): CorpusProgram => ({
    flavour, program, elf: join(CORPUS, flavour, program), qemu: flavour === 'be' ? 'qemu-ppc64' : 'qemu-ppc64le',
    args: program === 'bench' && !flavour.startsWith('glibc') ? [String(20 * scale)] : program === 'printf' ? ['x', 'two words'] : [],
    ...extra,
  });
  return [
    ...FREESTANDING.map((p) => row('le', p)),
    ...['p9', 'o0', 'be'].map((f) => row(f, 'bench')),
    ...GLIBC.map((p) => row('glibc', p)),
    ...GLIBC.map((p) => row('glibc-p9', p)),
    ...GLIBC.map((p) => row('glibc-dyn', p, { sysroot: SYSROOT })),
  ];
}
