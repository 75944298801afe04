import * as fs from 'node:fs';
import { LoadError, LinuxProcess, runProcess, LIMIT_EXIT_CODE } from '@hvstep/linux-user';
import { type Command, UsageError, EXIT_USAGE } from './command.js';
import { parseOptions, parseCount, parseSize, engineOption, type OptionSpec } from '../options.js';

const OPTIONS: OptionSpec[] = [
  { name: 'strace' },
  { name: 'max-insns', takesValue: true },
  { name: 'stats' },
  { name: 'memory', takesValue: true },
  { name: 'engine', takesValue: true },
  { name: 'env', alias: 'E', takesValue: true, repeatable: true },
  { name: 'help', alias: 'h' },
];

const HELP = `Usage: hvstep user [options] <elf> [args...]

Runs a static 64-bit PowerPC Linux program (ppc64le ELFv2, or big-endian ppc64
ELFv1/ELFv2) in user mode, like qemu-ppc64le: its system calls are served by
hvstep, its stdin/stdout/stderr are yours, and hvstep exits with the program's
exit status. Options stop at the program name; what follows is the program's.

Options:
  --strace             print every system call, its arguments and its result to
                       stderr (qemu -strace style; unimplemented calls say so)
  --max-insns N        stop after N instructions (suffixes k, M, G allowed); the
                       exit status is then ${LIMIT_EXIT_CODE} (128+SIGXCPU)
  --stats              print instructions executed, wall time and MIPS to stderr
  --memory SIZE        guest RAM, 512M to 2G (default 1G); the stack sits at its
                       top, programs load at their link address (0x10000000)
  --engine interp|jit  how guest code runs: the interpreter (the default) or
                       blocks translated to host code (the translator is new:
                       the interpreter stays the default until every test suite
                       passes on both)
  -E, --env NAME=VALUE set a variable in the program's environment (repeatable);
                       the program otherwise inherits hvstep's environment
  -h, --help           show this help

Exit status:
  the program's own status; 128+N when a fault ends it like signal N would:
  132 illegal or privileged instruction (SIGILL), 133 trap (SIGTRAP),
  135 alignment (SIGBUS), 139 segmentation fault (SIGSEGV); 2 when the
  command line is wrong or the file is not a static ppc64 ELF executable.
`;

function environment(extra: string[]): string[] {
  const env = new Map<string, string>();
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env.set(k, v);
  for (const e of extra) {
    const eq = e.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env: expected NAME=VALUE, got '${e}'`);
    env.set(e.slice(0, eq), e.slice(eq + 1));
  }
  return [...env].map(([k, v]) => `${k}=${v}`);
}

const stderrLine = (line: string): void => { fs.writeSync(2, `${line}\n`); };

export const userCommand: Command = {
  name: 'user',
  summary: 'run a static ppc64 Linux program in user mode (like qemu-ppc64le)',
  help: HELP,
  run(args: string[]): number {
    const { values, rest } = parseOptions(args, OPTIONS, 'user');
    if (values.has('help')) { process.stdout.write(HELP); return 0; }
    const file = rest[0];
    if (file === undefined) throw new UsageError('user: missing program (see hvstep user --help)');
    const maxText = values.get('max-insns');
    const maxInstructions = typeof maxText === 'string' ? parseCount(maxText, '--max-insns') : undefined;
    const memText = values.get('memory');
    let ramSize: number | undefined;
    if (typeof memText === 'string') {
      ramSize = parseSize(memText, '--memory');
      // the core's TLB holds real page addresses in an Int32Array: RAM stays below 2 GiB
      if (ramSize < 512 << 20 || ramSize > 2048 * 1048576 || ramSize % 4096 !== 0) {
        throw new UsageError('--memory: between 512M and 2G, a multiple of 4K');
      }
    }
    const engine = engineOption(values.get('engine'));
    const extraEnv = values.get('env');
    const env = environment(Array.isArray(extraEnv) ? extraEnv : []);

    let proc: LinuxProcess;
    try {
      proc = LinuxProcess.fromFile(file, {
        argv: rest,
        env,
        ...(ramSize !== undefined ? { ramSize } : {}),
        ...(values.has('strace') ? { strace: stderrLine } : {}),
      });
    } catch (e) {
      if (e instanceof LoadError) {
        stderrLine(`hvstep: ${file}: ${e.message}`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const result = runProcess(proc, { engine, ...(maxInstructions !== undefined ? { maxInstructions } : {}) });
    if (result.message !== undefined) stderrLine(`hvstep: ${result.message}`);
    if (values.has('stats')) {
      const secs = result.wallMs / 1000;
      const mips = secs > 0 ? Number(result.instructions) / secs / 1e6 : 0;
      stderrLine(`hvstep: ${result.instructions} instructions in ${secs.toFixed(3)} s (${mips.toFixed(1)} MIPS), ${result.syscalls} system calls`);
    }
    return result.exitCode;
  },
};
