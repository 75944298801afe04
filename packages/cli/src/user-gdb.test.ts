/**
 * `hvstep user -g PORT` against the real gdb-multiarch: a debugging session on the
 * vector corpus program (test/corpus/gdb/vecregs.c), the register dump at a
 * breakpoint compared with `qemu-ppc64le -g PORT`'s, and a client that misbehaves
 * (malformed packets, a disconnect in the middle of a step). It needs the cross
 * compiler, gdb-multiarch, qemu-ppc64le and qemu-ppc64 (the test command installs
 * them) and fails without them rather than skip.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as net from 'node:net';
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { repoRoot } from '@hvstep/linux-user/testing';

const MAIN = path.join(repoRoot(), 'packages/cli/dist/main.js');
const SOURCE = path.join(repoRoot(), 'test/corpus/gdb/vecregs.c');
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const TOOLS = ['powerpc64le-linux-gnu-gcc', 'gdb-multiarch', 'qemu-ppc64le', 'qemu-ppc64'];

let dir: string;
let prog: string;
/** The same program big-endian (ELFv2, so that its own _start needs no function descriptors). */
let progBe: string;

/** A port nobody listens on now (bound once by the kernel's choice, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Waits until something listens on 127.0.0.1:port, read from /proc/net/tcp rather
 * than by connecting (a connection would be a GDB client to the stub).
 */
async function listening(port: number): Promise<void> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (let i = 0; i < 600; i++) {
    // qemu-user listens on every address (tcp6 ::), hvstep on 127.0.0.1
    const table = ['/proc/net/tcp', '/proc/net/tcp6'].map((f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '')).join('\n');
    if (table.split('\n').some((l) => l.split(/\s+/)[2]?.endsWith(`:${hex}`) && l.split(/\s+/)[4] === '0A')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on port ${port}`);
}

const children = new Set<ChildProcess>();

interface Debuggee { child: ChildProcess; port: number; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> }

async function start(runner: 'hvstep' | 'qemu', program = prog): Promise<Debuggee> {
  const port = await freePort();
  const qemu = program === progBe ? 'qemu-ppc64' : 'qemu-ppc64le';
  const child = runner === 'hvstep'
    ? spawn(process.execPath, [MAIN, 'user', '-g', String(port), program], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(qemu, ['-g', String(port), program], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('close', () => children.delete(child));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  await listening(port);
  return { child, port, done };
}

/** gdb-multiarch -batch with `commands` after connecting; resolves with the transcript. */
function gdb(port: number, commands: string[], watchdogMs = 90_000, program = prog): Promise<string> {
  const args = ['-batch', '-nx', '-ex', 'set pagination off', '-ex', 'set confirm off', '-ex', 'set remotetimeout 60',
    '-ex', `file ${program}`, '-ex', `target remote 127.0.0.1:${port}`];
  for (const c of commands) args.push('-ex', c);
  return new Promise((resolve, reject) => {
    const p = spawn('gdb-multiarch', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const watchdog = setTimeout(() => { out += '\n[watchdog]'; p.kill('SIGKILL'); }, watchdogMs);
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('error', reject);
    p.on('close', () => { clearTimeout(watchdog); resolve(out); });
  });
}

/** One `info all-registers` line: name and raw hex value (GDB's natural column depends on the register's type). */
function registerTable(transcript: string): Map<string, string> {
  const regs = new Map<string, string>();
  for (const line of transcript.split('\n')) {
    const m = /^([a-z][a-z0-9]*)\s+(\{.*\}|0x[0-9a-f]+|[-0-9.einf]+)/.exec(line);
    if (m && !regs.has(m[1]!)) regs.set(m[1]!, m[2]!);
  }
  return regs;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hvstep-user-gdb-'));
  prog = path.join(dir, 'vecregs');
  progBe = path.join(dir, 'vecregs-be');
  const missing = TOOLS.filter((t) => !has(t));
  if (missing.length > 0) throw new Error(`user-gdb tests need ${missing.join(', ')} (bash scripts/test.sh installs them)`);
  const flags = ['-g', '-O1', '-mcpu=power9', '-static', '-nostdlib', '-ffreestanding',
    '-fno-stack-protector', '-fno-asynchronous-unwind-tables', '-Wl,--build-id=none'];
  execFileSync('powerpc64le-linux-gnu-gcc', [...flags, '-o', prog, SOURCE]);
  execFileSync('powerpc64le-linux-gnu-gcc', [...flags, '-mbig-endian', '-mabi=elfv2', '-o', progBe, SOURCE]);
});

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('hvstep user -g: a GDB session', () => {
  it('break main, next, stepi, x/i, finish, vector registers, watch, continue to the exit', async () => {
    const d = await start('hvstep');
    const out = await gdb(d.port, [
      'break main', 'continue', 'next', 'p $pc', 'stepi', 'p $pc', 'x/i $pc',
      'break mix', 'continue', 'finish',
      'info registers vr2', 'p $vs34', 'p/x $vscr', 'p $fpscr',
      'delete', 'watch counter', 'continue', 'continue',
      'delete', 'continue',
    ]);
    const r = await d.done;
    expect(out).toMatch(/Breakpoint 1, (0x[0-9a-f]+ in )?main \(\) at .*vecregs\.c:\d+/);
    // next: a new source line; stepi: one instruction further
    const pcs = [...out.matchAll(/^\$\d+ = \(void \(\*\)\(\)\) (0x[0-9a-f]+)/gm)].map((m) => BigInt(m[1]!));
    expect(pcs).toHaveLength(2);
    expect(pcs[1]! - pcs[0]!).toBe(4n);
    expect(out).toMatch(new RegExp(`=> 0x${pcs[1]!.toString(16)} <main\\+\\d+>:\\s+\\S+`));
    expect(out).toMatch(/Breakpoint 2, mix \(/);
    expect(out).toMatch(/Breakpoint 2, mix[\s\S]*in main \(\)[\s\S]*Value returned is \$\d+ = \{\d+, \d+, \d+, \d+\}/);
    // vs34 is vr2: the same 128 bits through both views
    const vr2 = /^vr2\s+\{uint128 = (0x[0-9a-f]+)/m.exec(out)?.[1];
    const vs34 = /uint128 = (\d+), v2_double/.exec(out)?.[1];
    expect(vr2).toBeDefined();
    expect(BigInt(vs34!)).toBe(BigInt(vr2!));
    expect(BigInt(vr2!)).not.toBe(0n);
    expect(out).toMatch(/^\$\d+ = 0x10000$/m); // VSCR[NJ], as Linux starts a process
    expect(out).toMatch(/Hardware watchpoint \d+: counter\s+Old value = 0\s+New value = 1/);
    expect(out).toMatch(/Old value = 1\s+New value = 3/);
    expect(out).toMatch(/\[Inferior 1 \(process \d+\) exited with code 014\]/);
    expect(r.code).toBe(12);
  }, 120_000);

  it('a guest SIGSEGV stops with that signal; continuing with it ends the process (X reply)', async () => {
    // a program whose first instruction loads from address 0
    const bad = path.join(dir, 'segv');
    execFileSync('powerpc64le-linux-gnu-gcc', ['-static', '-nostdlib', '-o', bad, '-x', 'assembler', '-'], {
      input: '.abiversion 2\n.globl _start\n_start:\n li 9,0\n ld 3,0(9)\n li 0,234\n sc\n',
    });
    const d = await start('hvstep', bad);
    const out = await gdb(d.port, [`file ${bad}`, 'continue', 'p $pc', 'continue']);
    const r = await d.done;
    expect(out).toMatch(/Program received signal SIGSEGV, Segmentation fault\./);
    expect(out).toMatch(/Program terminated with signal SIGSEGV, Segmentation fault\./);
    expect(r.code).toBe(139);
    expect(r.stderr).toMatch(/^hvstep: segmentation fault at 0x0 \(pc 0x[0-9a-f]+\)$/m);
  }, 120_000);
});

describe('hvstep user -g: the same registers as qemu-ppc64le -g and qemu-ppc64 -g', () => {
  /**
   * Excluded, with the reason: `msr` — qemu-user shows its emulated CPU's internal
   * MSR (with HV set, 0x9000000102806901), not the one Linux runs a process with
   * (0x800000000280f033, what ptrace shows and hvstep reports); the registers of
   * hvstep's org.hvstep.power.spr feature (srr0...pvr) — qemu-user's description
   * has no such feature, and they are not a user process's registers.
   */
  const EXCLUDED = new Set(['msr']);
  it.each([['little-endian', () => prog], ['big-endian', () => progBe]])('%s: info all-registers at a breakpoint in the vector code is identical', async (_order, program) => {
    const commands = ['break checkpoint', 'continue', 'info all-registers', 'kill'];
    const h = await start('hvstep', program());
    const hOut = await gdb(h.port, commands, 90_000, program());
    await h.done;
    const q = await start('qemu', program());
    const qOut = await gdb(q.port, commands, 90_000, program());
    await q.done;
    expect(hOut).toMatch(/Breakpoint 1, checkpoint/);
    expect(qOut).toMatch(/Breakpoint 1, checkpoint/);
    const hv = registerTable(hOut), qemu = registerTable(qOut);
    // everything qemu-user shows (r0-r31, pc, cr, lr, ctr, xer, f0-f31, fpscr, vr0-vr31, vscr, vrsave, vs0-vs63)
    expect(qemu.size).toBeGreaterThanOrEqual(32 + 32 + 32 + 64 + 8);
    for (const name of ['r3', 'vr2', 'vs34', 'vs63', 'vscr', 'vrsave', 'fpscr', 'f31']) expect(qemu.has(name)).toBe(true);
    const differ: string[] = [];
    for (const [name, value] of qemu) {
      if (EXCLUDED.has(name)) continue;
      if (hv.get(name) !== value) differ.push(`${name}: hvstep ${hv.get(name)} qemu ${value}`);
    }
    expect(differ).toEqual([]);
    // the vector registers hold the program's results, not zeros
    expect(qemu.get('vr2')).not.toMatch(/uint128 = 0x0,/);
  }, 180_000);
});

describe('hvstep user -g: a misbehaving client', () => {
  /** Sends raw packets (each `$payload#cs`); resolves with everything received until `settleMs` of silence. */
  function raw(port: number, packets: string[], options: { endAbruptly?: boolean } = {}): Promise<string> {
    return new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      let got = '';
      s.on('data', (d) => { got += d.toString('latin1'); });
      s.on('connect', async () => {
        for (const p of packets) {
          s.write(p);
          await new Promise((r) => setTimeout(r, 100));
        }
        if (options.endAbruptly) s.destroy(); else s.end();
        resolve(got);
      });
      s.on('error', () => resolve(got));
    });
  }
  const pkt = (payload: string): string => {
    let sum = 0;
    for (const c of payload) sum = (sum + c.charCodeAt(0)) & 0xff;
    return `$${payload}#${sum.toString(16).padStart(2, '0')}`;
  };

  it('malformed packets get error replies; unmapped memory is an E reply; the program still runs to its exit', async () => {
    const d = await start('hvstep');
    const main = BigInt(`0x${execFileSync('powerpc64le-linux-gnu-nm', [prog], { encoding: 'utf8' }).split('\n').find((l) => l.endsWith(' main'))!.split(' ')[0]}`);
    const got = await raw(d.port, [
      pkt('Z0,zz,4'), pkt('m,'), pkt('mffffffff00000000,8'), pkt('m0,8'), pkt('p9999'), '$g#00', '$garbage',
      pkt(`Z0,${main.toString(16)},4`), pkt('vCont;s'),
    ], { endAbruptly: true });
    // Z0 with a bad address and `m,` are malformed: E01; unmapped memory: E reply, not a crash
    expect(got).toContain('$E01#a6');
    expect(got).not.toContain('$00000000'); // page 0 is not readable
    const r = await d.done;
    expect(r.code).toBe(12);
    expect(r.stderr).toBe('');
  }, 60_000);

  it('a disconnect while continuing toward a breakpoint leaves no trap word behind: the program exits normally', async () => {
    const d = await start('hvstep');
    const mix = BigInt(`0x${execFileSync('powerpc64le-linux-gnu-nm', [prog], { encoding: 'utf8' }).split('\n').find((l) => l.endsWith(' mix'))!.split(' ')[0]}`);
    // plant a breakpoint at mix, step once, continue (it stops at mix with the trap
    // planted then lifted) and go away during a second step sequence
    await raw(d.port, [pkt(`Z0,${mix.toString(16)},4`), pkt('vCont;s'), pkt('vCont;c'), pkt('vCont;s'), pkt('vCont;s')], { endAbruptly: true });
    const r = await d.done;
    // a trap left in mix would end the process with SIGTRAP (133)
    expect(r.code).toBe(12);
    expect(r.stderr).toBe('');
  }, 60_000);
});
