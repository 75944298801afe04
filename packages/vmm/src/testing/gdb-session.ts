/**
 * Test support for driving the real gdb-multiarch against the bundled guest behind
 * hvstep's GDB stub: a paused machine with its TCP server (as `hvstep run -S --gdb`
 * sets it up), a batch GDB run (`-batch -ex ...`), a GDB/MI driver for what a batch
 * script cannot do (Ctrl-C while running, killing GDB mid-continue), and the binutils
 * look-ups the tests compare GDB's output with. Every wait is bounded by a watchdog
 * so a stuck session fails with its transcript instead of hanging the suite.
 */
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GdbTcpServer } from '@hvstep/gdbstub';
import type { HypervisorModel } from '@hvstep/hypervisor';
import { Machine } from '../machine.js';
import { MachineDebugTarget } from '../debug/debug-target.js';
import type { ConsoleIo } from '../papr/console.js';
import type { Engine } from '@hvstep/emulator-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const KERNEL = path.join(ROOT, 'guests/system/kernel.elf');
export const FIRMWARE = path.join(ROOT, 'guests/system/firmware.elf');
export const GDB = 'gdb-multiarch';

/**
 * The hypervisor models the GDB end-to-end tests run on: `pr` steps natively; `hv`
 * needs the emulated single step. HVSTEP_GDB_MODELS=pr,hv overrides.
 */
export const GDB_MODELS: HypervisorModel[] = (process.env.HVSTEP_GDB_MODELS ?? 'pr,hv').split(',').filter((m): m is HypervisorModel => m === 'pr' || m === 'hv');

/** GDB gives up on a packet after 2 s by default: a loaded 2-core CI machine can be slower. */
export const GDB_PRELUDE = ['set remotetimeout 60', 'set architecture powerpc:common64', 'set pagination off', 'set confirm off'];

/**
 * `p`, or a failure naming `what` (with `context()`, e.g. a transcript or a console tail)
 * if it has not settled within `ms`: a stuck wait says which wait it was instead of
 * running into jest's test timeout, which names none.
 */
export function within<T>(ms: number, what: string, p: Promise<T>, context?: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s: ${what}${context ? `\n${context()}` : ''}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** How long a wait for console output may take by default (a loaded 2-core machine). */
export const CONSOLE_WAIT_MS = 150_000;
/** The same for Debian's kernel, whose commands (ptrace-step's thousands of steps) take longer. */
export const LINUX_CONSOLE_WAIT_MS = 400_000;
/** How long the machine may take to end once it has been told to (kill, power-off). */
export const END_WAIT_MS = 120_000;

export class BufferConsole implements ConsoleIo {
  out = '';
  /** @param waitMs how long `until` waits by default */
  constructor(private readonly waitMs = CONSOLE_WAIT_MS) {}
  private waiters: { text: string; after: number; resolve: () => void }[] = [];
  write(bytes: Uint8Array): void {
    this.out += new TextDecoder().decode(bytes);
    this.waiters = this.waiters.filter((w) => (this.out.indexOf(w.text, w.after) >= 0 ? (w.resolve(), false) : true));
  }
  private input: number[] = [];
  /** Queues keyboard input for the guest (what a user types at its console). */
  type(text: string): void { this.input.push(...new TextEncoder().encode(text)); }
  read(max: number): Uint8Array { return Uint8Array.from(this.input.splice(0, max)); }
  /**
   * Resolves once the guest has printed `text` (observed progress, not a sleep); with
   * `after`, only output past that offset of `out` counts.
   */
  until(text: string, after = 0, limitMs = this.waitMs): Promise<void> {
    if (this.out.indexOf(text, after) >= 0) return Promise.resolve();
    const printed = new Promise<void>((resolve) => this.waiters.push({ text, after, resolve }));
    return within(limitMs, `the guest printing ${JSON.stringify(text)}`, printed, () => `-- console tail:\n${this.out.slice(-2000)}`);
  }
}

export interface GuestOptions {
  accel: HypervisorModel;
  smp: number;
  bootargs?: string;
  /** The machine's own runaway limit (default 90 s). */
  timeoutMs?: number;
  /**
   * A directly booted Linux kernel (scripts/linux-guest.sh) instead of the bundled
   * firmware and kernel; `bootargs` is then its command line.
   */
  linux?: { kernel: string; initrd: string };
  memoryBytes?: number;
  engine?: Engine;
}

/** The bundled guest booted paused behind a GDB stub on a free port. */
export class DebuggedGuest {
  readonly console: BufferConsole;
  readonly machine: Machine;
  readonly target: MachineDebugTarget;
  readonly server: GdbTcpServer;
  port = 0;
  /** The machine's exit status once it ends (the server closes then, as hvstep run does). */
  running: Promise<number> = Promise.resolve(-1);
  readonly log: string[] = [];

  /** The exit status, or a failure with the stub's log tail if the machine has not ended within `limitMs`. */
  ended(limitMs = END_WAIT_MS): Promise<number> {
    return within(limitMs, 'the machine to end', this.running, () => `-- stub log tail:\n${this.log.slice(-40).join('\n')}`);
  }

  private constructor(options: GuestOptions) {
    this.console = new BufferConsole(options.linux ? LINUX_CONSOLE_WAIT_MS : CONSOLE_WAIT_MS);
    this.machine = new Machine({
      smp: options.smp, accel: options.accel, memoryBytes: options.memoryBytes ?? 256 << 20, console: this.console,
      timeoutMs: options.timeoutMs ?? 90_000, bootargs: options.bootargs, engine: options.engine,
      ...(options.linux
        ? { kernel: options.linux.kernel, initrd: options.linux.initrd }
        : { firmware: FIRMWARE, kernel: KERNEL }),
      report: (line) => this.log.push(line),
    });
    this.target = new MachineDebugTarget(this.machine);
    this.server = new GdbTcpServer(this.target, { port: 0, log: (line) => this.log.push(line) });
  }

  static async start(options: GuestOptions): Promise<DebuggedGuest> {
    const g = new DebuggedGuest(options);
    g.port = (await g.server.listen()).port;
    g.running = g.machine.run({ paused: true }).finally(() => g.server.close());
    return g;
  }

  /** Ends the machine if it still runs, closes the server and frees the VM. */
  async dispose(): Promise<number> {
    if (!this.machine.ended) this.machine.kill();
    const status = await this.ended();
    await this.server.close();
    await this.machine.destroy();
    return status;
  }

  /** Bytes of guest RAM at a real address (what the guest itself would fetch). */
  ram(realAddress: number, length: number): Uint8Array {
    return this.machine.vm.memory.readBytes(realAddress, length);
  }
}

/** Runs a gdb-multiarch batch script against the stub; resolves with its whole transcript. */
export function gdbBatch(port: number, commands: string[], options: { file?: string; watchdogMs?: number } = {}): Promise<string> {
  const args = ['-batch', '-nx'];
  for (const c of GDB_PRELUDE) args.push('-ex', c);
  args.push('-ex', `file ${options.file ?? KERNEL}`, '-ex', `target remote 127.0.0.1:${port}`);
  for (const c of commands) args.push('-ex', c);
  return new Promise((resolve, reject) => {
    const p = spawn(GDB, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const limit = options.watchdogMs ?? 100_000;
    const watchdog = setTimeout(() => { out += `\n[watchdog: gdb-multiarch killed after ${limit / 1000} s]`; p.kill('SIGKILL'); }, limit);
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('error', reject);
    p.on('close', () => { clearTimeout(watchdog); resolve(out); });
  });
}

/**
 * gdb-multiarch over GDB/MI with `mi-async on`, so that commands (-exec-interrupt) are
 * accepted while the target runs. Commands carry a numeric token and resolve with
 * their result record; async and stream records are kept in `lines`.
 */
export class GdbMi {
  readonly lines: string[] = [];
  private buffer = '';
  private token = 100;
  private readonly waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  private readonly exited: Promise<number | null>;
  private readonly watchdog: NodeJS.Timeout;

  private constructor(private readonly proc: ChildProcessWithoutNullStreams, watchdogMs: number) {
    proc.stdout.on('data', (d: Buffer) => this.onData(d.toString()));
    proc.stderr.on('data', (d: Buffer) => this.onData(d.toString()));
    this.exited = new Promise((resolve) => proc.on('close', (code) => resolve(code)));
    this.watchdog = setTimeout(() => { this.lines.push(`[watchdog: gdb-multiarch killed after ${watchdogMs / 1000} s]`); proc.kill('SIGKILL'); }, watchdogMs);
    void this.exited.then(() => {
      clearTimeout(this.watchdog);
      // nothing more will come: fail every wait with the transcript
      for (const w of this.waiters.splice(0)) w.resolve(`[gdb exited]\n${this.transcript()}`);
    });
  }

  /** Starts GDB with `file` loaded and connects it to the stub. */
  static async connect(port: number, options: { file?: string; watchdogMs?: number; settings?: string[] } = {}): Promise<GdbMi> {
    const proc = spawn(GDB, ['--interpreter=mi2', '-nx', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const mi = new GdbMi(proc, options.watchdogMs ?? 100_000);
    await mi.command('-gdb-set mi-async on');
    // settings that must precede the connection (e.g. `set non-stop on`)
    for (const c of [...GDB_PRELUDE, ...(options.settings ?? [])]) await mi.console(c);
    await mi.command(`-file-exec-and-symbols ${options.file ?? KERNEL}`);
    const r = await mi.command(`-target-select remote 127.0.0.1:${port}`);
    if (!r.includes('^connected')) throw new Error(`target remote failed: ${r}\n${mi.transcript()}`);
    return mi;
  }

  private onData(text: string): void {
    this.buffer += text;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.lines.push(line);
      for (let i = 0; i < this.waiters.length; i++) {
        if (this.waiters[i]!.test(line)) { this.waiters.splice(i, 1)[0]!.resolve(line); i--; }
      }
    }
  }

  transcript(): string { return this.lines.join('\n'); }

  /** Waits for a line matching `re` that arrives from now on (or already arrived after `from`). */
  waitFor(re: RegExp, from = this.lines.length): Promise<string> {
    const seen = this.lines.slice(from).find((l) => re.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test: (l) => re.test(l), resolve }));
  }

  /** Sends an MI command; resolves with its result record (`^done`, `^running`, `^error`...). */
  command(cmd: string): Promise<string> {
    const token = this.token++;
    const result = this.waitFor(new RegExp(`^${token}\\^`));
    this.proc.stdin.write(`${token}${cmd}\n`);
    return result;
  }

  /** A CLI command through MI; resolves with the console output it produced. */
  async console(cmd: string): Promise<string> {
    const from = this.lines.length;
    const result = await this.command(`-interpreter-exec console ${JSON.stringify(cmd)}`);
    const out = this.lines.slice(from).filter((l) => l.startsWith('~')).map((l) => JSON.parse(l.slice(1)) as string).join('');
    if (result.includes('^error')) return `${out}${result}`;
    return out;
  }

  /** Waits for the next `*stopped` record after `from`. */
  stopped(from: number): Promise<string> { return this.waitFor(/^\*stopped/, from); }

  kill(signal: NodeJS.Signals): void { this.proc.kill(signal); }

  /** Quits GDB (or waits for it to have exited) and resolves with its exit code. */
  async quit(): Promise<number | null> {
    if (this.proc.exitCode === null && !this.proc.killed) this.proc.stdin.write('-gdb-exit\n');
    return this.exited;
  }

  get exitedPromise(): Promise<number | null> { return this.exited; }
}

/** The address of an ELF symbol (nm). */
export function symbolAddress(elf: string, name: string): bigint {
  const out = execFileSync('powerpc64le-linux-gnu-nm', [elf], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.split(' ')[2] === name);
  if (!line) throw new Error(`${name} not in ${elf}`);
  return BigInt(`0x${line.split(' ')[0]}`);
}

/** objdump's disassembly of `count` instructions from `address`: [address, raw word hex, mnemonic]. */
export function objdumpInstructions(elf: string, address: bigint, count: number): { address: bigint; mnemonic: string }[] {
  const out = execFileSync('powerpc64le-linux-gnu-objdump', ['-d', elf, `--start-address=0x${address.toString(16)}`, `--stop-address=0x${(address + BigInt(4 * count)).toString(16)}`], { encoding: 'utf8' });
  const rows: { address: bigint; mnemonic: string }[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*([0-9a-f]+):\s+(?:[0-9a-f]{2} ){4}\s*(\S+)/.exec(line);
    if (m) rows.push({ address: BigInt(`0x${m[1]}`), mnemonic: m[2]! });
  }
  return rows;
}

/** GDB's `x/Ni` lines: `   0x... <sym+off>:\tmnemonic operands` (the `=>` marker allowed). */
export function gdbInstructions(transcript: string): { address: bigint; mnemonic: string }[] {
  const rows: { address: bigint; mnemonic: string }[] = [];
  for (const line of transcript.split('\n')) {
    const m = /^(?:=>)?\s+0x([0-9a-f]+)(?: <[^>]+>)?:\s+(\S+)/.exec(line);
    if (m) rows.push({ address: BigInt(`0x${m[1]}`), mnemonic: m[2]! });
  }
  return rows;
}
