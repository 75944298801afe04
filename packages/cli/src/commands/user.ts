import * as fs from 'node:fs';
import { LoadError, LinuxProcess, runProcess, UserProcessTarget, LIMIT_EXIT_CODE, type RunResult } from '@hvstep/linux-user';
import { GdbTcpServer } from '@hvstep/gdbstub';
import { type Command, UsageError, EXIT_USAGE } from './command.js';
import { parseOptions, parseCount, parseSize, engineOption, gdbAddressOption, gdbPollOption, type OptionSpec } from '../options.js';

const OPTIONS: OptionSpec[] = [
  { name: 'strace' },
  { name: 'max-insns', takesValue: true },
  { name: 'stats' },
  { name: 'memory', takesValue: true },
  { name: 'engine', takesValue: true },
  { name: 'env', alias: 'E', takesValue: true, repeatable: true },
  { name: 'sysroot', alias: 'L', takesValue: true },
  { name: 'gdb', alias: 'g', takesValue: true },
  { name: 'gdb-poll-us', takesValue: true },
  { name: 'help', alias: 'h' },
];

const HELP = `Usage: hvstep user [options] <elf> [args...]

Runs a 64-bit PowerPC Linux program (ppc64le ELFv2, or big-endian ppc64
ELFv1/ELFv2) in user mode, like qemu-ppc64le: its system calls are served by
hvstep, its stdin/stdout/stderr and files are yours, and hvstep exits with the
program's exit status. A dynamically linked program starts in its interpreter
(ld64.so.2), found under the -L sysroot. Options stop at the program name; what
follows is the program's.

Options:
  --strace             print every system call, its arguments and its result to
                       stderr (qemu -strace style; unimplemented calls say so)
  --max-insns N        stop after N instructions (suffixes k, M, G allowed); the
                       exit status is then ${LIMIT_EXIT_CODE} (128+SIGXCPU)
  --stats              print instructions executed, wall time and MIPS to stderr
  --memory SIZE        guest RAM, 512M to 2G (default 1G); the stack sits at its
                       top, programs load at their link address (0x10000000)
  --engine interp|jit|wasm  how guest code runs: blocks compiled to WebAssembly
                       and chained there (wasm, the default), blocks translated
                       to JavaScript (jit), or the interpreter (interp)
  -E, --env NAME=VALUE set a variable in the program's environment (repeatable);
                       the program otherwise inherits hvstep's environment
  -L, --sysroot DIR    the guest's root for its interpreter and libraries, e.g.
                       /usr/powerpc64le-linux-gnu (default: $QEMU_LD_PREFIX);
                       absolute paths the program opens are looked up there
                       first, then on the host, as qemu-user -L does
  -g, --gdb [HOST:]PORT  hold the program before its first instruction and wait
                       for gdb-multiarch (target remote HOST:PORT; HOST defaults
                       to 127.0.0.1), like qemu-ppc64le -g PORT; after GDB
                       detaches or disconnects the program runs on to its end
  --gdb-poll-us N      poll the connection N microseconds for GDB's next packet
                       after each reply while the program is stopped (default
                       200; 0 never polls; see hvstep run --help)
  -h, --help           show this help

Exit status:
  the program's own status; 128+N when a fault ends it like signal N would:
  132 illegal or privileged instruction (SIGILL), 133 trap (SIGTRAP),
  135 alignment (SIGBUS), 139 segmentation fault (SIGSEGV); 2 when the
  command line is wrong, the file is not a ppc64 ELF executable, or its
  interpreter cannot be found.
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

/** Runs the process under the GDB stub: held until a client attaches, served until it ends. */
async function debugProcess(proc: LinuxProcess, address: { host: string; port: number }, pollMicros: number | undefined): Promise<RunResult> {
  const target = new UserProcessTarget(proc);
  const server = new GdbTcpServer(target, { ...address, pollMicros });
  const t0 = performance.now();
  const first = proc.cpu.state.instructionCount;
  try {
    await server.listen();
  } catch (e) {
    throw new UsageError(`-g: cannot listen on ${address.host}:${address.port}: ${(e as Error).message}`);
  }
  await target.ended;
  // a connected GDB gets its W/X reply first: the session closes the connection after it
  await server.whenIdle();
  await server.close();
  const result: RunResult = {
    exitCode: proc.exitStatus!, signal: proc.termSignal, limitReached: false,
    instructions: proc.cpu.state.instructionCount - first, wallMs: performance.now() - t0, syscalls: proc.syscallCount,
  };
  if (proc.termMessage !== undefined) result.message = proc.termMessage;
  return result;
}

const stderrLine = (line: string): void => { fs.writeSync(2, `${line}\n`); };

export const userCommand: Command = {
  name: 'user',
  summary: 'run a ppc64 Linux program in user mode (like qemu-ppc64le)',
  help: HELP,
  async run(args: string[]): Promise<number> {
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
    const sysrootText = values.get('sysroot');
    const sysroot = typeof sysrootText === 'string' ? sysrootText : process.env['QEMU_LD_PREFIX'] || undefined;
    const gdb = values.has('gdb') ? gdbAddressOption(String(values.get('gdb')), '-g') : undefined;
    const pollMicros = gdbPollOption(values.get('gdb-poll-us'));
    if (pollMicros !== undefined && !gdb) throw new UsageError('--gdb-poll-us needs -g');
    if (gdb && maxInstructions !== undefined) throw new UsageError('--max-insns cannot be used with -g');
    const engine = engineOption(values.get('engine'));
    const extraEnv = values.get('env');
    const env = environment(Array.isArray(extraEnv) ? extraEnv : []);

    let proc: LinuxProcess;
    try {
      proc = LinuxProcess.fromFile(file, {
        argv: rest,
        env,
        ...(ramSize !== undefined ? { ramSize } : {}),
        ...(sysroot !== undefined ? { sysroot } : {}),
        ...(values.has('strace') ? { strace: stderrLine } : {}),
        ...(engine === 'wasm' ? { arena: true } : {}),
      });
    } catch (e) {
      if (e instanceof LoadError) {
        stderrLine(`hvstep: ${file}: ${e.message}`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const result = gdb ? await debugProcess(proc, gdb, pollMicros) : runProcess(proc, { engine, ...(maxInstructions !== undefined ? { maxInstructions } : {}) });
    if (result.message !== undefined) stderrLine(`hvstep: ${result.message}`);
    if (values.has('stats')) {
      const secs = result.wallMs / 1000;
      const mips = secs > 0 ? Number(result.instructions) / secs / 1e6 : 0;
      stderrLine(`hvstep: ${result.instructions} instructions in ${secs.toFixed(3)} s (${mips.toFixed(1)} MIPS), ${result.syscalls} system calls`);
    }
    return result.exitCode;
  },
};
