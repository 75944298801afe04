import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { GdbTcpServer } from '@hvstep/gdbstub';
import { Machine, MachineDebugTarget, type ConsoleIo } from '@hvstep/vmm';
import { DebugDriver } from '@hvstep/vmm/testing';
import { REPO_ROOT } from '../throughput/programs.js';

/** `continue` over a breakpoint, timed through one gdb-multiarch batch session. */
export interface ContinueResult {
  readonly target: string;
  readonly breakpoint: string;
  readonly continues: number;
  readonly perSecond: number;
  readonly msPer: number;
}

const quiet: ConsoleIo = { write: () => undefined, read: () => new Uint8Array(0) };

export interface Stub { port: number; file: string; stop: () => Promise<void> }

/** hvstep: the bundled guest paused behind the stub, as `hvstep run -S --gdb` sets it up. */
export async function hvstepStub(accel: 'hv' | 'pr', pollMicros?: number): Promise<Stub> {
  const kernel = join(REPO_ROOT, 'guests/system/kernel.elf');
  const machine = new Machine({ smp: 1, accel, memoryBytes: 128 << 20, console: quiet, firmware: join(REPO_ROOT, 'guests/system/firmware.elf'), kernel });
  const server = new GdbTcpServer(new MachineDebugTarget(machine), { port: 0, ...(pollMicros !== undefined ? { pollMicros } : {}) });
  const { port } = await server.listen();
  const running = machine.run({ paused: true }).finally(() => server.close());
  return { port, file: kernel, stop: async () => { if (!machine.ended) machine.kill(); await running; await server.close(); await machine.destroy(); } };
}

/**
 * hvstep with the guest already run to `symbol` behind the stub: a session then starts
 * where the breakpoint is hit, so its time carries no boot (whose length varies on a
 * loaded host by more than a hundred continues cost).
 */
export async function hvstepStubAt(accel: 'hv' | 'pr', symbol: string, pollMicros?: number): Promise<Stub> {
  const d = new DebugDriver({ smp: 1, accel, memoryBytes: 128 << 20 });
  await d.runTo(d.local(symbol));
  const server = new GdbTcpServer(d.target, { port: 0, ...(pollMicros !== undefined ? { pollMicros } : {}) });
  const { port } = await server.listen();
  return { port, file: join(REPO_ROOT, 'guests/system/kernel.elf'), stop: async () => { await server.close(); if (!d.guestEnded) await d.kill(); } };
}

/** QEMU: `qemu-ppc64le -g PORT` on the bundled user workload (stopped at its entry). */
export async function qemuStub(): Promise<Stub> {
  const port = 25000 + Math.floor(Math.random() * 5000);
  const file = join(REPO_ROOT, 'guests/user/workload.elf');
  const qemu: ChildProcess = spawn('qemu-ppc64le', ['-g', String(port), file], { stdio: 'ignore' });
  return { port, file, stop: async () => { qemu.kill('SIGKILL'); } };
}

/**
 * Where hvstep's breakpoint is hit over and over:
 * - `debugger_trace`: the in-guest debugger's Trace handler (451 calls). Between some hits
 *   the guest does much work of its own (the user program, console output through
 *   H_PUT_TERM_CHAR, the SMP part), and GDB prints each stop with the kernel's DWARF
 *   (arguments, source line);
 * - `loop`: an instruction in the body of smp_work's counter loop (`*smp_work+144`, hit
 *   every 12 instructions, 100,000 times; the guest is run to smp_work before GDB
 *   connects, as QEMU's program starts right away), with GDB reading symbols only
 *   (`--readnever`): the same work per stop as QEMU's row, whose workload has no DWARF
 *   and whose quicksort recursion runs a few instructions between hits.
 */
export type ContinueSite = 'debugger_trace' | 'loop';

const SITES: Record<ContinueSite, { breakpoint: string; gdbArgs: readonly string[] }> = {
  debugger_trace: { breakpoint: 'debugger_trace', gdbArgs: [] },
  loop: { breakpoint: '*smp_work+144', gdbArgs: ['--readnever'] },
};

/** Wall time of one batch session: connect, break, `continue` × n, kill. */
async function session(stub: Stub, breakpoint: string, n: number, gdbArgs: readonly string[] = []): Promise<number> {
  const args = ['-batch', '-nx', ...gdbArgs, '-ex', 'set remotetimeout 60', '-ex', `file ${stub.file}`, '-ex', `target remote 127.0.0.1:${stub.port}`, '-ex', `break ${breakpoint}`];
  for (let i = 0; i < n; i++) args.push('-ex', 'continue');
  args.push('-ex', 'kill');
  const start = performance.now();
  const hits = await new Promise<number>((resolve, reject) => {
    const p = spawn('gdb-multiarch', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('error', reject);
    p.on('close', () => resolve(out.match(/Breakpoint 1, /g)?.length ?? 0));
  });
  const ms = performance.now() - start;
  if (hits !== n) throw new Error(`${breakpoint}: ${hits} hits for ${n} continues`);
  return ms;
}

/**
 * One row of the continue table: which stub, where its breakpoint is hit, and (hvstep)
 * the stub's poll window for GDB's next packet (default: the stub's own, 200 µs).
 */
export interface ContinueConfig { readonly kind: 'hv' | 'pr' | 'qemu'; readonly site?: ContinueSite; readonly pollMicros?: number }

/**
 * Milliseconds per continue over a breakpoint, once: the same session with n + 1
 * continues less the one with 1 (start-up, connection and the first run cancel out).
 * Every continue is GDB stepping over the breakpoint (a single step with it removed),
 * re-inserting it and running to the next hit. hvstep: debugger_trace (451 calls in the
 * bundled guest) or the smp_work loop; QEMU: the workload's recursive quicksort.
 */
async function continueMs({ kind, site = 'debugger_trace', pollMicros }: ContinueConfig, n: number): Promise<number> {
  const { breakpoint, gdbArgs } = kind === 'qemu' ? { breakpoint: 'quicksort', gdbArgs: [] } : SITES[site];
  const time = async (count: number) => {
    const stub = kind === 'qemu' ? await qemuStub() : site === 'loop' ? await hvstepStubAt(kind, 'smp_work', pollMicros) : await hvstepStub(kind, pollMicros);
    try { return await session(stub, breakpoint, count, gdbArgs); } finally { await stub.stop(); }
  };
  const once = await time(1);
  const many = await time(n + 1);
  return (many - once) / n;
}

const median = (xs: readonly number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };

/**
 * Continues per second for each config, measured in `rounds` rounds that each run every
 * config once in turn, the median round kept: the figure is the difference of two
 * sessions, so one session slowed by the host (a GC, another process) would otherwise
 * decide a row, and interleaving gives QEMU and hvstep the same host conditions.
 */
export async function gdbContinueRows(configs: readonly ContinueConfig[], n: number, rounds = 3): Promise<ContinueResult[]> {
  const samples = configs.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < configs.length; i++) samples[i]!.push(await continueMs(configs[i]!, n));
  }
  return configs.map((c, i) => {
    const msPer = median(samples[i]!);
    const { breakpoint } = c.kind === 'qemu' ? { breakpoint: 'quicksort' } : SITES[c.site ?? 'debugger_trace'];
    const symbols = c.kind !== 'qemu' && c.site === 'loop' ? ', symbols only' : '';
    const poll = c.kind !== 'qemu' && c.pollMicros !== undefined ? (c.pollMicros === 0 ? ', no polling' : `, polling ${c.pollMicros} µs`) : '';
    const target = c.kind === 'qemu' ? 'QEMU TCG (qemu-ppc64le -g), user mode' : `hvstep ${c.kind === 'hv' ? 'hv (emulated step)' : 'pr (native step)'}, system${symbols}${poll}`;
    return { target, breakpoint, continues: n, perSecond: 1000 / msPer, msPer };
  });
}
