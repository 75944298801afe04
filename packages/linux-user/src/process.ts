import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  Arena, Cpu, GuestMemory, PAGE_SIZE, MSR64_SF, MSR64_EE, MSR64_PR, MSR64_FP, MSR64_VEC, MSR64_VSX, MSR64_ME, MSR64_IR, MSR64_DR, MSR64_RI, MSR64_LE,
} from '@hvstep/emulator-core';
import { LoadError } from './errors.js';
import { parseElf, type ElfFile } from './elf/parse.js';
import { AddressSpace, defaultLayout } from './address-space.js';
import { GuestAccess } from './guest-access.js';
import { loadElf, type LoadedImage } from './loader.js';
import { AT, buildInitialStack, type InitialStack } from './stack.js';
import { computeHwcaps, type Hwcaps } from './hwcap.js';
import { NodeHostIo, type HostIo } from './host-io.js';
import { FdTable } from './fd-table.js';
import { prefixed } from './host-files.js';
import { dispatchSyscall } from './syscalls/dispatch.js';
export { SIG } from './signals.js';

export const DEFAULT_RAM_SIZE = 1 << 30;

/** VSCR[NJ], bit 111 of the VSCR as a 128-bit register (Power ISA 3.0 6.3.2): denormals flush to zero. */
const VSCR_NON_JAVA = 0x10000;

/** MSR bits of a 64-bit problem-state process (Power ISA Book III 4.2.1): emulator-core's, under this module's names. */
export {
  MSR64_SF as MSR_SF, MSR64_EE as MSR_EE, MSR64_PR as MSR_PR, MSR64_FP as MSR_FP, MSR64_ME as MSR_ME, MSR64_IR as MSR_IR,
  MSR64_DR as MSR_DR, MSR64_RI as MSR_RI, MSR64_LE as MSR_LE,
} from '@hvstep/emulator-core';

export interface ProcessOptions {
  /** The guest's argv; argv[0] is the name the program sees. */
  argv: string[];
  /** The guest's environment as NAME=value strings (default: none). */
  env?: string[];
  /** Host streams (default: the real stdin/stdout/stderr). */
  io?: HostIo;
  /** Host path of the executable, for /proc/self/exe (default: the file loaded, or argv[0]). */
  exePath?: string;
  /** Guest RAM in bytes (default 1 GiB). */
  ramSize?: number;
  /**
   * All-zero guest RAM to use instead of allocating (ramSize is then its size):
   * what release() of a finished process hands back, so that many runs in one
   * host process do not each hold a fresh buffer until the garbage collector runs.
   */
  memory?: GuestMemory;
  /**
   * Guest RAM and the vCPU's registers and TLB in one WebAssembly memory
   * (emulator-core memory/arena.ts), so that the translator may compile blocks to
   * WebAssembly (the engine `wasm`). Not with `memory`.
   */
  arena?: boolean;
  /** Receives one line per system call (--strace). */
  strace?: (line: string) => void;
  /** AT_RANDOM bytes (default: from the host CSPRNG). */
  random?: Uint8Array;
  /** Process id the guest sees (default: the host's). */
  pid?: number;
  /**
   * Sysroot of the guest's libraries (qemu's -L / QEMU_LD_PREFIX): the program's
   * interpreter and every absolute path the guest opens are looked up under it
   * first, then on the host.
   */
  sysroot?: string;
}

/**
 * A Linux user-mode process around one vCPU: guest RAM with the identity-mapped
 * page map, the loaded program, its initial stack and registers, file descriptors,
 * and the kernel-side state the syscalls keep (brk, signal actions, tid address).
 */
export class LinuxProcess {
  readonly memory: GuestMemory;
  readonly space: AddressSpace;
  readonly access: GuestAccess;
  readonly cpu: Cpu;
  readonly io: HostIo;
  readonly fds = new FdTable();
  readonly elf: ElfFile;
  readonly image: LoadedImage;
  /** The dynamic linker (PT_INTERP) when the program has one: it runs first, at AT_BASE. */
  readonly interpElf: ElfFile | undefined;
  readonly interpImage: LoadedImage | undefined;
  readonly stack: InitialStack;
  readonly hwcaps: Hwcaps;
  readonly argv: string[];
  readonly envp: string[];
  readonly exePath: string;
  readonly pid: number;
  readonly strace: ((line: string) => void) | undefined;
  readonly sysroot: string | undefined;
  /** Host time at start, for times() and CPU-time clocks. */
  readonly startNs = process.hrtime.bigint();

  /** Set once the process has ended: the exit status (0..255), or 128+signal. */
  exitStatus: number | null = null;
  /** The signal that killed the process (0 for a normal exit). */
  termSignal = 0;
  /** One line describing an abnormal end (illegal instruction, fault...), without "hvstep: ". */
  termMessage: string | undefined;

  /** rt_sigaction state: the raw struct sigaction bytes per signal (no delivery is done). */
  readonly sigactions = new Map<number, Uint8Array>();
  sigmask = 0n;
  tidAddress = 0n;
  robustList = 0n;
  syscallCount = 0;

  static fromFile(file: string, options: ProcessOptions): LinuxProcess {
    const program = readProgram(file);
    let exePath = file;
    try { exePath = fs.realpathSync(file); } catch { /* keep the name as given */ }
    return new LinuxProcess(program, { exePath, ...options });
  }

  constructor(program: Uint8Array, options: ProcessOptions) {
    this.elf = parseElf(program);
    if (options.arena && options.memory !== undefined) throw new RangeError('a process in an arena makes its own RAM');
    const arena = options.arena ? new Arena(options.ramSize ?? DEFAULT_RAM_SIZE) : undefined;
    this.memory = arena?.guestMemory() ?? options.memory ?? new GuestMemory(options.ramSize ?? DEFAULT_RAM_SIZE);
    const ramSize = this.memory.size;
    this.space = new AddressSpace(this.memory, defaultLayout(ramSize));
    this.access = new GuestAccess(this.space, this.elf.littleEndian);
    this.cpu = arena !== undefined
      ? new Cpu(this.memory, this.space.pageMap, arena.cpuState(0), { arena, vcpu: 0 })
      : new Cpu(this.memory, this.space.pageMap);
    this.io = options.io ?? new NodeHostIo();
    this.argv = options.argv;
    this.envp = options.env ?? [];
    this.exePath = nodePath.resolve(options.exePath ?? options.argv[0] ?? 'a.out');
    this.pid = options.pid ?? process.pid;
    this.strace = options.strace;
    this.sysroot = options.sysroot?.replace(/\/+$/, '') || undefined;
    this.hwcaps = computeHwcaps();

    try {
      this.image = loadElf(this.elf, program, this.space);
      this.space.brkStart = this.space.brk = this.image.brk;
      if (this.elf.interpreter !== undefined) {
        const interp = loadInterpreter(this.elf.interpreter, this.sysroot, this.space, this.elf.littleEndian);
        this.interpElf = interp.elf;
        this.interpImage = interp.image;
      }

      const uid = process.getuid?.() ?? 0, gid = process.getgid?.() ?? 0;
      const euid = process.geteuid?.() ?? uid, egid = process.getegid?.() ?? gid;
      this.stack = buildInitialStack(this.space, {
        argv: this.argv,
        envp: this.envp,
        execfn: options.argv[0] ?? this.exePath,
        platform: 'power9',
        random: options.random ?? randomBytes(16),
        auxv: [
          // ARCH_DLINFO for powerpc: two AT_IGNOREPPC entries for old glibc, then cache line sizes
          [AT.IGNOREPPC, BigInt(AT.IGNOREPPC)],
          [AT.IGNOREPPC, BigInt(AT.IGNOREPPC)],
          [AT.DCACHEBSIZE, 128n],
          [AT.ICACHEBSIZE, 128n],
          [AT.UCACHEBSIZE, 0n],
          [AT.HWCAP, BigInt(this.hwcaps.hwcap)],
          [AT.PAGESZ, BigInt(PAGE_SIZE)],
          [AT.CLKTCK, 100n],
          [AT.PHDR, BigInt(this.image.phdr)],
          [AT.PHENT, BigInt(this.image.phent)],
          [AT.PHNUM, BigInt(this.image.phnum)],
          [AT.BASE, BigInt(this.interpImage?.bias ?? 0)],
          [AT.FLAGS, 0n],
          [AT.ENTRY, BigInt(this.image.entry)],
          [AT.UID, BigInt(uid)],
          [AT.EUID, BigInt(euid)],
          [AT.GID, BigInt(gid)],
          [AT.EGID, BigInt(egid)],
          [AT.SECURE, 0n],
          [AT.HWCAP2, BigInt(this.hwcaps.hwcap2)],
        ],
      }, this.elf.littleEndian);
      this.setEntryRegisters();
    } catch (e) {
      this.space.clear(); // leave a caller's RAM all-zero
      throw e;
    }
  }

  /**
   * Registers at entry, as Linux's start_thread() leaves them for a 64-bit task:
   * everything zero except r1 (the stack pointer, at argc) and NIP; for ELFv2 r12
   * holds the entry address (the global entry point convention); for ELFv1 e_entry
   * is a function descriptor {entry, TOC, environment}: NIP is its first doubleword
   * and r2 its second.
   */
  private setEntryRegisters(): void {
    const st = this.cpu.state;
    const elf = this.interpElf ?? this.elf, image = this.interpImage ?? this.image;
    this.cpu.littleEndian = this.elf.littleEndian;
    this.cpu.mode64 = true;
    // VEC and VSX on from the start: Linux enables them on the first use, invisibly to the program
    st.msr = MSR64_SF | MSR64_EE | MSR64_PR | MSR64_FP | MSR64_VEC | MSR64_VSX | MSR64_ME | MSR64_IR | MSR64_DR | MSR64_RI | (this.elf.littleEndian ? MSR64_LE : 0n);
    st.setGpr(1, BigInt(this.stack.sp));
    // VSCR[NJ] (non-Java mode) set, as start_thread() leaves it (arch/powerpc/kernel/process.c)
    st.vscr = VSCR_NON_JAVA;
    if (elf.abiVersion === 2) {
      st.setGpr(12, BigInt(image.entry));
      st.nip = BigInt(image.entry);
    } else {
      const entry = this.access.readU64(image.entry);
      const toc = this.access.readU64(image.entry + 8);
      if (entry === null || toc === null) {
        throw new LoadError(`ELFv1 entry descriptor at 0x${image.entry.toString(16)} is not in a loaded segment`);
      }
      st.setGpr(2, toc + BigInt(image.bias));
      st.nip = entry + BigInt(image.bias);
    }
  }

  /** Handles the `sc` that just exited the run loop (NIP is past it). */
  syscall(): void {
    dispatchSyscall(this);
  }

  /** exit/exit_group: ends the process with `status` & 0xff. */
  exit(status: number): void {
    this.exitStatus = status & 0xff;
  }

  /** Ends the process by a fatal signal (exit status 128+sig, like a shell reports it). */
  kill(sig: number, message?: string): void {
    this.termSignal = sig;
    this.termMessage = message;
    this.exitStatus = 128 + sig;
  }

  get exited(): boolean { return this.exitStatus !== null; }

  /**
   * Zeroes every page this process may have written (the address space tracks
   * them) and returns the guest RAM, all-zero again, for another process's
   * `memory` option. The process must not run afterwards.
   */
  release(): GuestMemory {
    this.fds.closeAll();
    this.space.clear();
    this.exitStatus ??= 128 + 9;
    return this.memory;
  }
}

/**
 * Reads and loads a program's interpreter (its PT_INTERP, normally ld64.so.2)
 * from the sysroot, like qemu-user with -L: a missing or unusable interpreter
 * is a LoadError that names it.
 */
function loadInterpreter(name: string, sysroot: string | undefined, space: AddressSpace, littleEndian: boolean): { elf: ElfFile; image: LoadedImage } {
  if (name === '') throw new LoadError('empty PT_INTERP (no interpreter named)');
  const hostPath = prefixed(sysroot, name);
  let bytes: Uint8Array;
  try {
    bytes = readProgram(hostPath);
  } catch (e) {
    const where = sysroot ? `neither under ${sysroot} nor on the host` : 'on the host (give the guest\'s sysroot with -L or QEMU_LD_PREFIX)';
    throw new LoadError(`interpreter ${name}: ${(e as Error).message}, ${where}`);
  }
  let elf: ElfFile;
  try {
    elf = parseElf(bytes);
  } catch (e) {
    throw new LoadError(`interpreter ${hostPath}: ${(e as Error).message}`);
  }
  if (elf.littleEndian !== littleEndian) throw new LoadError(`interpreter ${hostPath}: byte order differs from the program's`);
  if (elf.interpreter !== undefined) throw new LoadError(`interpreter ${hostPath} itself names an interpreter`);
  return { elf, image: loadElf(elf, bytes, space, 'interpreter') };
}

/** Reads an executable, turning host errors into one-line LoadError reasons. */
export function readProgram(file: string): Uint8Array {
  try {
    if (fs.statSync(file).isDirectory()) throw new LoadError('is a directory');
    return fs.readFileSync(file);
  } catch (e) {
    if (e instanceof LoadError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const reasons: Record<string, string> = {
      ENOENT: 'No such file or directory', EACCES: 'Permission denied', EISDIR: 'is a directory',
      ENOTDIR: 'Not a directory', ELOOP: 'Too many levels of symbolic links', ENAMETOOLONG: 'File name too long',
    };
    throw new LoadError(reasons[code ?? ''] ?? `cannot read: ${(e as Error).message}`);
  }
}
