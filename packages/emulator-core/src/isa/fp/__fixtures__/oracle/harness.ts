/**
 * One-instruction cases run both on QEMU (fp-oracle.c under qemu-ppc64le) and on
 * this emulator, in the same format, so that results can be compared and recorded.
 * Test and tool code only: it uses BigInt and allocates freely.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GuestMemory } from '../../../../memory/guest-memory.js';
import { UserPageMap } from '../../../../mmu/user-page-map.js';
import { Cpu } from '../../../../cpu/cpu.js';
import { Exit } from '../../../../cpu/exit.js';
import { run } from '../../../../interp/run.js';

/** Machine state before one instruction: FPR 0..7, FPSCR, CR, GPR 4..7, 64 bytes of memory. */
export interface FpCase {
  /** The instruction word. */
  w: number;
  fpscr?: bigint;
  cr?: number;
  /** FPR 0..7 bits (missing ones are 0). */
  f?: bigint[];
  /** GPR 4..7 (missing ones are 0). */
  g?: bigint[];
  /** Bit i set: g[i] is an offset into the memory buffer. */
  rel?: number;
  /** 64 bytes, as 128 hex digits. */
  mem?: string;
}

/** State after it: '0' or 'signo:si_code', then everything as fixed-width hex. */
export interface FpResult {
  sig: string;
  f: string[];
  fpscr: string;
  cr: string;
  g: string[];
  mem: string;
}

const ZERO_MEM = '0'.repeat(128);
const hex64 = (v: bigint): string => BigInt.asUintN(64, v).toString(16).padStart(16, '0');

function caseLine(c: FpCase): string {
  const f = (c.f ?? []).concat(new Array<bigint>(8).fill(0n)).slice(0, 8);
  const g = (c.g ?? []).concat(new Array<bigint>(4).fill(0n)).slice(0, 4);
  return [
    (c.w >>> 0).toString(16), hex64(c.fpscr ?? 0n), ((c.cr ?? 0) >>> 0).toString(16),
    ...f.map(hex64), ...g.map(hex64), (c.rel ?? 0).toString(16), c.mem ?? ZERO_MEM,
  ].join(' ');
}

function parseLine(l: string): FpResult {
  const p = l.trim().split(' ');
  return { sig: p[0]!, f: p.slice(1, 9), fpscr: p[9]!, cr: p[10]!, g: p.slice(11, 15), mem: p[15]! };
}

/** Directory of the oracle's C sources (the TS sources sit next to them). */
function oracleSourceDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return here.replace(/[/\\]dist[/\\]/, '/src/');
}

/** Whether QEMU and the cross compiler are installed. */
export function oracleAvailable(): boolean {
  try {
    execFileSync('qemu-ppc64le', ['--version'], { stdio: 'ignore' });
    execFileSync('powerpc64le-linux-gnu-gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Build the oracle binary (once per source change) and return its path. */
export function buildOracle(): string {
  const src = oracleSourceDir();
  const c = join(src, 'fp-oracle.c'), s = join(src, 'stub.S');
  const stamp = Math.max(statSync(c).mtimeMs, statSync(s).mtimeMs).toFixed(0);
  const bin = join(tmpdir(), `hvstep-fp-oracle-${stamp}`);
  if (!existsSync(bin)) {
    execFileSync('powerpc64le-linux-gnu-gcc', ['-static', '-O2', '-o', bin, c, s]);
  }
  return bin;
}

/** Run cases under qemu-ppc64le. */
export function runOnQemu(cases: readonly FpCase[]): FpResult[] {
  const bin = buildOracle();
  const results: FpResult[] = [];
  const CHUNK = 20000;
  for (let i = 0; i < cases.length; i += CHUNK) {
    const input = cases.slice(i, i + CHUNK).map(caseLine).join('\n') + '\n';
    const out = execFileSync('qemu-ppc64le', [bin], { input, maxBuffer: 1 << 30 }).toString();
    for (const l of out.split('\n')) if (l.trim() !== '') results.push(parseLine(l));
  }
  if (results.length !== cases.length) throw new Error(`oracle returned ${results.length} of ${cases.length} results`);
  return results;
}

// ---- the emulator side ----

const CODE = 0x1000;
const MEM = 0x2000;
let cpu: Cpu | undefined;

function emulatorCpu(): Cpu {
  if (!cpu) {
    const memory = new GuestMemory(1 << 16);
    const map = new UserPageMap(memory);
    map.protect(0, 1 << 16, 7);
    cpu = new Cpu(memory, map);
  }
  return cpu;
}

/** The signal qemu-user would deliver for an exit, in the oracle's notation. */
function signalOf(exit: number, c: Cpu): string {
  switch (exit) {
    case Exit.FloatingPointEnabled: return `8:${c.exitDetail}`;
    case Exit.Budget: return '0';
    case Exit.IllegalInstruction: return '4:1';
    case Exit.PrivilegedInstruction: return '4:5';
    case Exit.DataStorage: return '11:1';
    default: return `exit:${exit}`;
  }
}

/** Run one case on the emulator (a fresh register file each time). */
export function runOnEmulator(c: FpCase): FpResult {
  const m = emulatorCpu();
  const st = m.state;
  m.r.fill(0);
  m.u8.fill(0, MEM, MEM + 64);
  const mem = c.mem ?? ZERO_MEM;
  for (let i = 0; i < 64; i++) m.u8[MEM + i] = parseInt(mem.slice(2 * i, 2 * i + 2), 16);
  for (let i = 0; i < 8; i++) st.setFprBits(i, c.f?.[i] ?? 0n);
  for (let i = 0; i < 4; i++) st.setGpr(4 + i, (c.g?.[i] ?? 0n) + (((c.rel ?? 0) >> i) & 1 ? BigInt(MEM) : 0n));
  st.fpscr = c.fpscr ?? 0n;
  st.cr = c.cr ?? 0;
  m.view.setInt32(CODE, c.w | 0, true);
  st.nip = BigInt(CODE);
  const exit = run(m, 1);
  let memOut = '';
  for (let i = 0; i < 64; i++) memOut += m.u8[MEM + i]!.toString(16).padStart(2, '0');
  return {
    sig: signalOf(exit, m),
    f: Array.from({ length: 8 }, (_, i) => hex64(st.fprBits(i))),
    fpscr: hex64(st.fpscr),
    cr: (st.cr >>> 0).toString(16).padStart(8, '0'),
    g: Array.from({ length: 4 }, (_, i) => hex64(st.gpr(4 + i) - (((c.rel ?? 0) >> i) & 1 ? BigInt(MEM) : 0n))),
    mem: memOut,
  };
}

/** Differences between an expected and an actual result ('' when equal). */
export function diffResults(want: FpResult, got: FpResult): string {
  if (want.sig !== got.sig) return `sig ${want.sig} != ${got.sig}`;
  if (want.sig !== '0') return '';
  const d: string[] = [];
  for (let i = 0; i < 8; i++) if (want.f[i] !== got.f[i]) d.push(`f${i} ${want.f[i]} != ${got.f[i]}`);
  if (want.fpscr !== got.fpscr) d.push(`fpscr ${want.fpscr} != ${got.fpscr} (${fpscrNames(want.fpscr)} / ${fpscrNames(got.fpscr)})`);
  if (want.cr !== got.cr) d.push(`cr ${want.cr} != ${got.cr}`);
  for (let i = 0; i < 4; i++) if (want.g[i] !== got.g[i]) d.push(`r${4 + i} ${want.g[i]} != ${got.g[i]}`);
  if (want.mem !== got.mem) d.push(`mem ${want.mem} != ${got.mem}`);
  return d.join('; ');
}

const BIT_NAMES = ['FX', 'FEX', 'VX', 'OX', 'UX', 'ZX', 'XX', 'VXSNAN', 'VXISI', 'VXIDI', 'VXZDZ', 'VXIMZ', 'VXVC',
  'FR', 'FI', 'C', 'FL', 'FG', 'FE', 'FU', 'b52', 'VXSOFT', 'VXSQRT', 'VXCVI', 'VE', 'OE', 'UE', 'ZE', 'XE', 'NI', 'RN1', 'RN0'];

/** FPSCR (hex) as bit names, for messages. */
export function fpscrNames(h: string): string {
  const v = BigInt('0x' + h);
  const names: string[] = [];
  if (v >> 32n) names.push(`DRN=${(v >> 32n).toString(16)}`);
  for (let i = 0; i < 32; i++) if ((v >> BigInt(31 - i)) & 1n) names.push(BIT_NAMES[i]!);
  return names.join('|');
}
