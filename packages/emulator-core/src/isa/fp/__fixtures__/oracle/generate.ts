/**
 * Regenerates ../vectors.ts: hand-picked and seeded-random cases for every FP
 * instruction, with the results qemu-ppc64le 7.2 gives for them.
 *   pnpm exec tsc -b && node packages/emulator-core/dist/isa/fp/__fixtures__/oracle/generate.js
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOnQemu, type FpCase, type FpResult } from './harness.js';
import { FP_OPS, type FpOp, encA, encX, encD, encMtfsf, encMtfsfi, normalizeFpscr } from './encode.js';
import { randomCase, Rng, ValueGen, xoBits, safeFpscr } from './cases.js';

const d = (x: number): bigint => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0);
};
const NEG = 1n << 63n;
const SNAN = 0x7ff0000000000001n, SNAN2 = 0x7ff4000000000abcn, QNAN = 0x7ff8000000000123n, QNAN2 = 0xfff8000000000456n;
const INF = 0x7ff0000000000000n;
const MAXD = 0x7fefffffffffffffn, MINN = 0x0010000000000000n, MIND = 1n, MAXDEN = 0x000fffffffffffffn;
const ONEUP = 0x3ff0000000000001n;
const FLTMAX = 0x47efffffe0000000n, FLTMIN = 0x3810000000000000n, FLTDEN = 0x36a0000000000000n;
const OLD_T = 0xdeadbeefcafef00dn; // FRT's value before an enabled exception, to see whether it is written
const MODES = [0, 1, 2, 3];

/** Values for the unary operations. */
const UNARY: bigint[] = [
  0n, NEG, d(1), d(-1), d(2), d(0.5), d(2.5), d(-2.5), d(-3.7), d(0.1), d(1e300),
  INF, INF | NEG, QNAN2, SNAN, SNAN | NEG, MAXD | NEG, MINN, MIND, MAXDEN | NEG,
  FLTMAX + 1n, 0x47effffff0000000n, FLTMIN - 1n, 0x3690000000000001n,
  0x3ff0000030000000n, d(2 ** 31 - 0.5), d(-(2 ** 31) - 1), d(4294967295.5), d(2 ** 63), d(-(2 ** 63)), d(2 ** 64), d(-0.3),
];
/** Mode-sensitive subset. */
const UNARY_MODES: bigint[] = [d(2.5), d(-3.7), d(1 / 3), 0x3ff0000010000000n, FLTMAX + 1n, 0x3690000000000001n, d(-0.3)];

/** (FRA, FRB) pairs for add/sub/mul/div. */
const PAIRS: [bigint, bigint][] = [
  [d(1), d(2)], [d(1), d(2 ** -60)], [d(1), d(3 * 2 ** -54)], [d(1), d(2 ** -53)], [ONEUP, d(2 ** -53)],
  [d(1), d(-(2 ** -54))], [d(0.1), d(0.2)], [d(1 / 3), d(3)], [MAXD, MAXD], [MAXD | NEG, d(2)], [MINN, (MINN + 1n) | NEG],
  [MINN, d(0.5)], [MIND, MAXDEN], [MIND, d(0.5)], [INF, INF | NEG], [INF, INF], [INF, 0n], [0n, NEG], [NEG, NEG], [0n, 0n],
  [d(2), d(-2)], [SNAN, d(1)], [d(1), SNAN], [QNAN, SNAN2], [SNAN2, QNAN], [QNAN, QNAN2], [d(1), 0n], [NEG, INF],
  [FLTMAX, d(2 ** 104)], [FLTMAX, d(1.0000001)], [FLTMIN, d(-(2 ** -150))], [FLTDEN, d(0.75)], [d(1e-30), d(1e-30)],
  [d(3), d(7)], [d(1e308), d(1e-308)], [0x0008000000000000n, d(2 ** 52)], [d(2 ** 1000), d(2 ** 1000)],
  [d(2 ** -1000), d(3 * 2 ** -60)], [d(2 ** 100), d(2 ** 100)], [d(2 ** -100), d(3 * 2 ** -60)],
];
/** (FRA, FRC, FRB) for the multiply-adds. */
const TRIPLES: [bigint, bigint, bigint][] = [
  [d(1), d(1), d(1)], [d(1 / 3), d(3), d(-1)], [ONEUP, ONEUP, d(-1)], [d(0.1), d(10), d(-1)],
  [d(1 + 2 ** -30), d(1 + 2 ** -30), d(-1)], [d(1 + 2 ** -27), d(1 - 2 ** -27), d(-1)],
  [d(2 ** 600), d(2 ** 600), d(-(2 ** 1023))], [MAXD, d(2), MAXD | NEG], [d(2 ** -600), d(2 ** -500), 0n],
  [d(2 ** -600), d(3 * 2 ** -480), MIND], [MINN, d(0.5), MIND | NEG], [INF, 0n, d(1)], [0n, INF, QNAN],
  [INF, 0n, SNAN], [INF, d(1), INF | NEG], [INF, d(-1), INF | NEG], [SNAN, d(1), d(2)], [d(1), QNAN, SNAN],
  [d(1), d(2), QNAN2], [0n, d(1), NEG], [NEG, d(1), 0n], [0n, d(5), d(7)], [d(2), d(3), d(-6)],
  [d(1.5), d(1.5), d(-2.25)], [FLTMAX, d(1), d(2 ** 103)], [FLTMIN, d(0.5), d(-(2 ** -150))],
  [d(1 + 2 ** -23), d(1 + 2 ** -23), d(-1)], [d(1e10), d(1e10), d(1)], [d(3), d(1 / 3), d(-1)],
];

interface Vector { m: string; c: FpCase; sigOnly?: boolean }
const vectors: Vector[] = [];
const add = (op: FpOp, c: FpCase): void => { vectors.push({ m: op.mnemonic, c }); };
const fpscrMode = (mode: number, extra = 0n): bigint => normalizeFpscr(BigInt(mode) | extra);

function opOf(m: string): FpOp {
  const op = FP_OPS.find((o) => o.mnemonic === m);
  if (!op) throw new Error(`no op ${m}`);
  return op;
}

/** One arithmetic case: FRT=0 (old value OLD_T), FRA=1, FRB=2, FRC=3. */
function arithCase(op: FpOp, a: bigint, b: bigint, c: bigint, fpscr: bigint, rc = 0, old = 0n): FpCase {
  const w = op.uses === 'bx' || op.uses === 'abx'
    ? encX(op.p, op.xo, 0, op.uses === 'abx' ? 1 : 0, 2, rc)
    : encA(op.p, op.xo, 0, op.uses!.includes('a') ? 1 : 0, op.uses!.includes('b') ? 2 : 0, op.uses!.includes('c') ? 3 : 0, rc);
  return { w, fpscr, cr: rc ? 0x12345678 : 0, f: [old, a, b, c] };
}

// ---- hand-picked cases ----
for (const m of ['fadd', 'fadds', 'fsub', 'fsubs', 'fmul', 'fmuls', 'fdiv', 'fdivs']) {
  const op = opOf(m);
  PAIRS.forEach(([a, b], i) => {
    const modes = i < 5 || (i >= 28 && i < 31) ? MODES : [i % 4];
    for (const mode of modes) {
      // fmul takes FRC where the others take FRB
      add(op, op.uses === 'ac' ? arithCase(op, a, 0n, b, fpscrMode(mode), i & 1) : arithCase(op, a, b, 0n, fpscrMode(mode), i & 1));
    }
  });
}
for (const m of ['fmadd', 'fmadds', 'fmsub', 'fmsubs', 'fnmadd', 'fnmadds', 'fnmsub', 'fnmsubs']) {
  const op = opOf(m);
  TRIPLES.forEach(([a, c, b], i) => {
    const modes = i < 6 || i >= 26 ? MODES : [i % 4];
    for (const mode of modes) add(op, arithCase(op, a, b, c, fpscrMode(mode), i & 1));
  });
}
for (const m of ['fsqrt', 'fsqrts', 'fre', 'fres', 'frsqrte', 'frsqrtes', 'frsp', 'fctiw', 'fctiwz', 'fctiwu', 'fctiwuz',
  'fctid', 'fctidz', 'fctidu', 'fctiduz', 'frin', 'friz', 'frip', 'frim']) {
  const op = opOf(m);
  UNARY.forEach((b, i) => add(op, arithCase(op, 0n, b, 0n, fpscrMode(i % 7 === 3 ? 2 : 0), i & 1)));
  if (!m.startsWith('fri') && !m.endsWith('z')) {
    for (const b of UNARY_MODES) for (const mode of [1, 2, 3]) add(op, arithCase(op, 0n, b, 0n, fpscrMode(mode)));
  }
}
for (const m of ['fcfid', 'fcfidu', 'fcfids', 'fcfidus']) {
  const op = opOf(m);
  const ints = [0n, 3n, -1n, 0x7fffffffffffffffn, 0x8000000000000000n, 0x20000000000003n,
    0x1000003n, -0x1000003n, 0x8000000000000401n, 123456789n];
  ints.forEach((v, i) => { for (const mode of i < 3 ? [0] : MODES) add(op, arithCase(op, 0n, BigInt.asUintN(64, v), 0n, fpscrMode(mode), i & 1)); });
}
for (const m of ['fmr', 'fneg', 'fabs', 'fnabs', 'fcpsgn', 'fsel', 'fmrgew', 'fmrgow']) {
  const op = opOf(m);
  const vals = [0n, NEG, d(1), d(-2), QNAN, SNAN | NEG, INF | NEG, MIND];
  vals.forEach((v, i) => add(op, arithCase(op, vals[(i + 3) % 8]!, v, d(7), fpscrMode(i % 4, i & 1 ? 0x9a020000n : 0n), i & 1)));
}
{
  // enabled exceptions: QEMU raises SIGFPE; the test checks FPRs and FPSCR only
  const en = (x: number): bigint => BigInt(x);
  const cases: [string, bigint, bigint, bigint, bigint][] = [
    ['fadd', d(1), SNAN, 0n, en(0x80)], ['fdiv', d(1), 0n, 0n, en(0x10)], ['fmul', d(2 ** 1000), 0n, d(2 ** 1000), en(0x40)],
    ['fmul', d(2 ** -1000), 0n, d(3 * 2 ** -60), en(0x20)], ['fmuls', d(2 ** 100), 0n, d(2 ** 100), en(0x40)],
    ['fmuls', d(2 ** -100), 0n, d(3 * 2 ** -60), en(0x20)], ['fadd', d(1), d(2 ** -60), 0n, en(0x08)],
    ['frsp', 0n, d(1e300), 0n, en(0x40)], ['fcfid', 0n, 0x7fffffffffffffffn, 0n, en(0x08)], ['fctiw', 0n, d(1e10), 0n, en(0x80)],
    ['fctiw', 0n, d(1.5), 0n, en(0x08)], ['fre', 0n, 0n, 0n, en(0x10)], ['fmadd', d(1 / 3), d(-1), d(3), en(0x08)],
    ['fsqrt', 0n, d(-1), 0n, en(0x80)], ['fmadds', d(2 ** 100), d(1), d(2 ** 100), en(0x40)],
  ];
  for (const [m, a, b, c, fp] of cases) add(opOf(m), arithCase(opOf(m), a, b, c, normalizeFpscr(fp), 1, OLD_T));
}
{
  const cmp = (m: string, a: bigint, b: bigint, bf: number, fp = 0n): void => {
    const op = opOf(m);
    add(op, { w: encX(63, op.xo, bf << 2, op.mnemonic === 'ftsqrt' ? 0 : 1, 2, 0), fpscr: normalizeFpscr(fp), cr: 0x12345678, f: [0n, a, b] });
  };
  const vals = [d(1), d(2), NEG, 0n, QNAN, SNAN, INF, INF | NEG, MIND, d(-1), d(2 ** 1021), d(2 ** -1022)];
  for (const m of ['fcmpu', 'fcmpo', 'ftdiv']) {
    vals.forEach((a, i) => { cmp(m, a, vals[(i * 5 + 1) % vals.length]!, i % 8, i & 1 ? 0x20000n : 0n); cmp(m, a, a, (i + 3) % 8); });
  }
  vals.forEach((b, i) => cmp('ftsqrt', 0n, b, i % 8));
  cmp('ftsqrt', 0n, d(2 ** -970), 1); cmp('ftsqrt', 0n, d(2 ** -969), 2); cmp('ftdiv', d(2 ** -970), d(1), 3);
  cmp('ftdiv', d(2 ** 1000), d(2 ** -30), 4); cmp('ftdiv', d(2 ** -30), d(2 ** 1000), 5);
}
{
  // loads and stores: r4 -> the 64-byte buffer, r5 = index
  let mem = '';
  const words = ['00000001', '7f800001', '00000080', 'ffff7f7f', '0000c07f', '00008000', 'abcdef12', '3f800000'];
  for (const wd of words) mem += wd;
  for (const v of [d(1.5), 0x7ff0000000000001n, 0x37b0000000000001n, d(-1e-40)]) mem += v.toString(16).padStart(16, '0');
  const f = [OLD_T, 0x7ff0000000000001n, d(1e-40), d(1e-50), d(-3.5), 0x000fffffffffffffn, 0xfedcba9876543210n, d(1e300)];
  for (const op of FP_OPS) {
    if (op.kind === 'd') {
      const pair = op.p === 57 || op.p === 61;
      for (const [t, disp] of [[0, 0], [2, 4], [5, 8], [3, 12], [6, 16], [7, 20], [4, 24], [1, 32], [2, 40], [5, 48]] as const) {
        add(op, { w: encD(op.p, pair ? t & 6 : t, 4, disp), fpscr: 0n, cr: 0, f, g: [0n, 0n, 0n, 0n], rel: 1, mem });
      }
      if ((op.p & 1) !== 0 && !pair) add(op, { w: encD(op.p, 1, 0, 8), f, g: [0n, 0n, 0n, 0n], rel: 1, mem });
    } else if (op.kind === 'xm') {
      const update = op.mnemonic.includes('ux');
      const pair = op.mnemonic.endsWith('dpx');
      for (const [t, idx, rc] of [[0, 0, 0], [2, 4, 0], [5, 8, 1], [3, 12, 0], [6, 16, 0], [1, 20, 1], [7, 24, 0], [4, 40, 0]] as const) {
        add(op, { w: encX(31, op.xo, pair ? t | (rc & 1) : t, 4, 5, rc), f, g: [0n, BigInt(idx), 0n, 0n], rel: 1, mem });
      }
      if (update) add(op, { w: encX(31, op.xo, 1, 0, 5, 0), f, g: [0n, 8n, 0n, 0n], rel: 1, mem });
    }
  }
}
{
  // FPSCR instructions
  const fps = [0n, 0x7fffff807n, 0xb2e4a0fbn & ~0x02000000n, 0x000000fcn, 0x9a0a6006n, 0x3_00000001n, 0x80000000n, 0x21000000n]
    .map((v) => safeFpscr(v));
  const mffs = opOf('mffs');
  for (const ra of [0, 1, 20, 21, 22, 23, 24, 2, 19, 25, 31]) {
    fps.forEach((fp, i) => {
      if (i < 4 || ra <= 1) add(mffs, { w: encX(63, 583, i & 3, ra, ra === 21 || ra === 23 ? (i * 5) & 31 : 2, i & 1), fpscr: fp, cr: 0x12345678, f: [OLD_T, 0n, 0xfffffffeffffff01n] });
    });
  }
  const mcrfs = opOf('mcrfs');
  for (let bfa = 0; bfa < 8; bfa++) for (const fp of [0xfff7f8ffn & ~0xf8n, 0x9a0a6006n]) {
    add(mcrfs, { w: encX(63, 64, ((bfa + 3) & 7) << 2, bfa << 2, 0), fpscr: safeFpscr(fp), cr: 0x12345678 });
  }
  const mtfsfi = opOf('mtfsfi');
  for (let bf = 0; bf < 8; bf++) for (const [u, w] of [[15, 0], [9, 0], [5, 1], [0, 0]] as const) {
    add(mtfsfi, { w: encMtfsfi(bf, bf === 6 || bf === 7 ? u & 7 : u, w, bf & 1), fpscr: safeFpscr(0x9a0a6006n), cr: 0x12345678 });
  }
  const mtfsf = opOf('mtfsf');
  for (const [flm, l, w] of [[0xff, 0, 0], [0x80, 0, 0], [0x01, 0, 0], [0x7e, 0, 0], [0, 1, 0], [0xff, 0, 1], [0x01, 0, 1], [0x10, 0, 0]] as const) {
    for (const v of [0xffffffffffffff07n, 0x0000000001000000n, 0x7_f0000003n]) {
      add(mtfsf, { w: encMtfsf(flm, 2, l, w, flm & 1), fpscr: safeFpscr(0x00000002n), cr: 0x12345678, f: [0n, 0n, v] });
    }
  }
  for (const m of ['mtfsb0', 'mtfsb1']) {
    const op = opOf(m);
    for (let bt = 0; bt < 32; bt++) {
      add(op, { w: encX(63, op.xo, bt, 0, 0, bt & 1), fpscr: safeFpscr(m === 'mtfsb0' ? 0xfff7f807n : 0x00000000n), cr: 0x12345678 });
    }
  }
}

// ---- seeded random cases ----
{
  const r = new Rng(20240917);
  const v = new ValueGen(r);
  for (const op of FP_OPS) for (let i = 0; i < 5; i++) {
    const c = randomCase(op, r, v);
    if (c.f) for (let k = 4; k < 8; k++) c.f[k] = 0n; // keep the file small
    add(op, c);
  }
}

// ---- single-bit encodings that QEMU rejects ----
const illegal: { m: string; w: number; allowed: number; mask: number }[] = [];
{
  const probes: FpCase[] = [];
  const meta: { m: string; bit: number }[] = [];
  for (const op of FP_OPS) {
    if (op.p === 57 || op.p === 61) continue;
    let base: number;
    if (op.kind === 'd') base = encD(op.p, 0, 4, 0);
    else if (op.kind === 'xm') base = encX(31, op.xo, 0, 4, 5);
    else base = ((op.p << 26) | (op.xo << 1)) >>> 0;
    const allowed = op.kind === 'd' || op.kind === 'xm' ? 0x03e00001 : 0x3ffffff & ~xoBits(op);
    illegal.push({ m: op.mnemonic, w: base, allowed, mask: 0 });
    for (let bit = 0; bit < 26; bit++) {
      if (((allowed >>> bit) & 1) === 0) continue;
      probes.push({ w: (base ^ (1 << bit)) >>> 0, g: [0n, 0n, 0n, 0n], rel: 1 });
      meta.push({ m: op.mnemonic, bit });
    }
  }
  const res = runOnQemu(probes);
  res.forEach((r, i) => {
    if (r.sig === '4:1') illegal.find((x) => x.m === meta[i]!.m)!.mask |= 1 << meta[i]!.bit;
  });
}

// ---- run and write ----
const results = runOnQemu(vectors.map((v) => v.c));
const hx = (v: bigint | number | undefined): string => (v === undefined ? '0' : BigInt.asUintN(64, BigInt(v)).toString(16));
const short = (h: string): string => h.replace(/^0+(?=.)/, '');

/** A list without its trailing default entries. */
const trim = (a: string[], dflt: string): string => {
  let n = a.length;
  while (n > 0 && a[n - 1] === dflt) n--;
  return a.slice(0, n).join(',');
};

function line(v: Vector, r: FpResult): string {
  const c = v.c;
  const fin = Array.from({ length: 8 }, (_, i) => hx(c.f?.[i]));
  const gin = Array.from({ length: 4 }, (_, i) => hx(c.g?.[i]));
  const memIn = c.mem ?? '0'.repeat(128);
  const input = [v.m, c.w.toString(16), hx(c.fpscr), hx(c.cr), trim(fin, '0'), trim(gin, '0'), hx(c.rel), c.mem ?? ''].join(' ');
  const fout = r.f.map((h, i) => (short(h) === fin[i] ? '=' : short(h)));
  const gout = r.g.map((h, i) => (short(h) === gin[i] ? '=' : short(h)));
  const output = [r.sig, trim(fout, '='), short(r.fpscr), short(r.cr), trim(gout, '='), r.mem === memIn ? '' : r.mem].join(' ');
  return `${input}|${output}`;
}

const here = fileURLToPath(new URL('.', import.meta.url)).replace(/[/\\]dist[/\\]/, '/src/');
const target = join(here, '..', 'vectors.ts');
const body = [
  '// Generated by oracle/generate.ts from qemu-ppc64le 7.2 results: do not edit by hand.',
  '// Line format: "mnemonic word fpscr cr f0,..,f7 g4,..,g7 rel mem|sig f0,..,f7 fpscr cr g4,..,g7 mem" (hex);',
  '// trailing list entries are omitted (0 before, unchanged after), "=" is a register left as it was and an',
  '// empty mem is 64 zero bytes before and unchanged memory after. See oracle/README.md.',
  '',
  '/** One-instruction cases and the state QEMU leaves. */',
  'export const FP_VECTORS: readonly string[] = [',
  ...vectors.map((v, i) => `  '${line(v, results[i]!)}',`),
  '];',
  '',
  '/** Per instruction: a base encoding, the bits flipped one at a time, and those whose flip QEMU rejects. */',
  'export const FP_ILLEGAL_BITS: readonly (readonly [string, number, number, number])[] = [',
  ...illegal.map((x) => `  ['${x.m}', 0x${x.w.toString(16)}, 0x${x.allowed.toString(16)}, 0x${(x.mask >>> 0).toString(16)}],`),
  '];',
  '',
];
writeFileSync(target, body.join('\n'));
console.log(`${vectors.length} vectors, ${illegal.length} encodings -> ${target}`);
