/**
 * The user-visible machine state a test case starts from and ends with, and its
 * byte layout in the per-case data block. The same layout serves the input area
 * (read by the case prologue) and the output record (written by the epilogue and
 * sent to stdout with `write`), so a record decodes with the same offsets.
 *
 * Per-case data block (BLOCK_SIZE bytes, 128-byte aligned):
 *   IN_OFF      input registers (REGS_SIZE)
 *   OUT_OFF     output record: header (magic, case index), output registers
 *   SCRATCH_OFF scratch memory, SCRATCH_SIZE bytes (input contents, then output)
 * The record written to stdout is [OUT_OFF, BLOCK_SIZE): registers then scratch.
 */

export const SCRATCH_SIZE = 512;
export const REGS_SIZE = 1728;
export const IN_OFF = 0;
export const OUT_OFF = REGS_SIZE;
export const SCRATCH_OFF = 2 * REGS_SIZE;
export const BLOCK_SIZE = SCRATCH_OFF + SCRATCH_SIZE;
export const RECORD_SIZE = BLOCK_SIZE - OUT_OFF;
export const RECORD_MAGIC = 0x54445648; // "HVDT"

/** Field offsets inside a register area (input or output). */
export const R = {
  magic: 0,
  index: 4,
  gpr: (n: number): number => 8 + 8 * n,
  fpr: (n: number): number => 264 + 8 * n,
  cr: 520,
  xer: 528,
  lr: 536,
  ctr: 544,
  fpscr: 552,
  tar: 560,
  vrsave: 568,
  ppr: 576,
  /** set at build time in the output area when the case dumps the VSRs (tc.vec): the FPRs are then VSR dw0 */
  vecDumped: 584,
  /** VSR n (0..63) as lxvd2x/stxvd2x move it: dw0 at +0, dw1 at +8, each a little-endian u64 */
  vsr: (n: number): number => 640 + 16 * n,
  /** VSCR as word element 3 of a quadword moved by lxvd2x/stxvd2x: a little-endian u32 at +8 */
  vscrQuad: 1664,
  vscr: 1672,
} as const;

/** The user SPRs a case may load and dump besides XER, LR and CTR. */
export const EXTRA_SPRS = ['tar', 'vrsave', 'ppr'] as const;
export type ExtraSpr = (typeof EXTRA_SPRS)[number];

export interface MachineState {
  gpr: bigint[];
  /** raw IEEE-754 bits */
  fpr: bigint[];
  cr: number;
  xer: bigint;
  lr: bigint;
  ctr: bigint;
  fpscr: bigint;
  /** doubleword 1 of VSR 0..31 (doubleword 0 is the FPR) */
  vsrLow: bigint[];
  /** VR 0..31 (VSR 32..63), 128 bits each */
  vr: bigint[];
  vscr: number;
  tar: bigint;
  vrsave: bigint;
  ppr: bigint;
  scratch: Uint8Array;
}

export function emptyState(): MachineState {
  return {
    gpr: new Array<bigint>(32).fill(0n),
    fpr: new Array<bigint>(32).fill(0n),
    vsrLow: new Array<bigint>(32).fill(0n),
    vr: new Array<bigint>(32).fill(0n),
    vscr: 0,
    cr: 0, xer: 0n, lr: 0n, ctr: 0n, fpscr: 0n, tar: 0n, vrsave: 0n, ppr: 0n,
    scratch: new Uint8Array(SCRATCH_SIZE),
  };
}

export function cloneState(s: MachineState): MachineState {
  return { ...s, gpr: [...s.gpr], fpr: [...s.fpr], vsrLow: [...s.vsrLow], vr: [...s.vr], scratch: s.scratch.slice() };
}

/** Writes the registers of `s` at `off` in `view` (an input area), and the scratch at `scratchOff`. */
export function writeState(view: DataView, off: number, scratchOff: number, s: MachineState): void {
  for (let i = 0; i < 32; i++) {
    view.setBigUint64(off + R.gpr(i), BigInt.asUintN(64, s.gpr[i]!), true);
    view.setBigUint64(off + R.fpr(i), BigInt.asUintN(64, s.fpr[i]!), true);
    view.setBigUint64(off + R.vsr(i), BigInt.asUintN(64, s.fpr[i]!), true);
    view.setBigUint64(off + R.vsr(i) + 8, BigInt.asUintN(64, s.vsrLow[i]!), true);
    view.setBigUint64(off + R.vsr(32 + i), BigInt.asUintN(64, s.vr[i]! >> 64n), true);
    view.setBigUint64(off + R.vsr(32 + i) + 8, BigInt.asUintN(64, s.vr[i]!), true);
  }
  view.setUint32(off + R.vscr, s.vscr >>> 0, true);
  view.setBigUint64(off + R.cr, BigInt(s.cr >>> 0), true);
  view.setBigUint64(off + R.xer, BigInt.asUintN(64, s.xer), true);
  view.setBigUint64(off + R.lr, BigInt.asUintN(64, s.lr), true);
  view.setBigUint64(off + R.ctr, BigInt.asUintN(64, s.ctr), true);
  view.setBigUint64(off + R.fpscr, BigInt.asUintN(64, s.fpscr), true);
  view.setBigUint64(off + R.tar, BigInt.asUintN(64, s.tar), true);
  view.setBigUint64(off + R.vrsave, BigInt.asUintN(64, s.vrsave), true);
  view.setBigUint64(off + R.ppr, BigInt.asUintN(64, s.ppr), true);
  new Uint8Array(view.buffer, view.byteOffset + scratchOff, SCRATCH_SIZE).set(s.scratch);
}

/** Decodes an output record (RECORD_SIZE bytes starting with the header). */
export function readRecord(rec: Uint8Array): { index: number; magic: number; state: MachineState } {
  const view = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
  const g = (o: number): bigint => view.getBigUint64(o, true);
  const s = emptyState();
  const vec = view.getUint32(R.vecDumped, true) !== 0;
  for (let i = 0; i < 32; i++) {
    s.gpr[i] = g(R.gpr(i));
    s.fpr[i] = g(vec ? R.vsr(i) : R.fpr(i));
    if (!vec) continue;
    s.vsrLow[i] = g(R.vsr(i) + 8);
    s.vr[i] = (g(R.vsr(32 + i)) << 64n) | g(R.vsr(32 + i) + 8);
  }
  if (vec) s.vscr = view.getUint32(R.vscr, true);
  s.cr = Number(g(R.cr) & 0xffffffffn);
  s.xer = g(R.xer); s.lr = g(R.lr); s.ctr = g(R.ctr); s.fpscr = g(R.fpscr);
  s.tar = g(R.tar); s.vrsave = g(R.vrsave); s.ppr = g(R.ppr);
  s.scratch = rec.slice(SCRATCH_OFF - OUT_OFF, SCRATCH_OFF - OUT_OFF + SCRATCH_SIZE);
  return { index: view.getUint32(R.index, true), magic: view.getUint32(R.magic, true), state: s };
}

export interface StateDiff { name: string; a: string; b: string }

const hex64 = (v: bigint): string => '0x' + BigInt.asUintN(64, v).toString(16).padStart(16, '0');
const hex128 = (v: bigint): string => '0x' + BigInt.asUintN(128, v).toString(16).padStart(32, '0');
const hex32 = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');

/** Register and memory differences between two states (a = QEMU, b = hvstep). */
export function diffStates(a: MachineState, b: MachineState): StateDiff[] {
  const out: StateDiff[] = [];
  for (let i = 0; i < 32; i++) {
    if (a.gpr[i] !== b.gpr[i]) out.push({ name: `r${i}`, a: hex64(a.gpr[i]!), b: hex64(b.gpr[i]!) });
  }
  for (let i = 0; i < 32; i++) {
    if (a.fpr[i] !== b.fpr[i]) out.push({ name: `f${i}`, a: fpText(a.fpr[i]!), b: fpText(b.fpr[i]!) });
  }
  for (let i = 0; i < 32; i++) {
    if (a.vsrLow[i] !== b.vsrLow[i]) out.push({ name: `vs${i}.dw1`, a: hex64(a.vsrLow[i]!), b: hex64(b.vsrLow[i]!) });
  }
  for (let i = 0; i < 32; i++) {
    if (a.vr[i] !== b.vr[i]) out.push({ name: `v${i}`, a: hex128(a.vr[i]!), b: hex128(b.vr[i]!) });
  }
  if (a.vscr !== b.vscr) out.push({ name: 'vscr', a: hex32(a.vscr), b: hex32(b.vscr) });
  if (a.cr !== b.cr) out.push({ name: 'cr', a: crText(a.cr), b: crText(b.cr) });
  for (const k of ['xer', 'lr', 'ctr', 'fpscr', 'tar', 'vrsave', 'ppr'] as const) {
    if (a[k] !== b[k]) {
      const decode = k === 'xer' ? xerText : k === 'fpscr' ? fpscrText : (): string => '';
      out.push({ name: k, a: hex64(a[k]) + decode(a[k]), b: hex64(b[k]) + decode(b[k]) });
    }
  }
  for (let off = 0; off < SCRATCH_SIZE; off += 16) {
    const ra = a.scratch.subarray(off, off + 16), rb = b.scratch.subarray(off, off + 16);
    if (ra.some((x, i) => x !== rb[i])) out.push({ name: `mem+${off.toString(16).padStart(3, '0')}`, a: bytesText(ra), b: bytesText(rb) });
  }
  return out;
}

export const bytesText = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

export function crText(cr: number): string {
  const fields: string[] = [];
  for (let f = 0; f < 8; f++) {
    const v = (cr >>> (28 - 4 * f)) & 15;
    fields.push(v === 0 ? '-' : ['lt', 'gt', 'eq', 'so'].filter((_, i) => v & (8 >> i)).join('|'));
  }
  return `${hex32(cr)} [${fields.join(' ')}]`;
}

export function xerText(x: bigint): string {
  const v = Number(x & 0xffffffffn);
  const bits: string[] = [];
  if (v & 0x80000000) bits.push('SO');
  if (v & 0x40000000) bits.push('OV');
  if (v & 0x20000000) bits.push('CA');
  if (v & 0x80000) bits.push('OV32');
  if (v & 0x40000) bits.push('CA32');
  bits.push(`count=${v & 0x7f}`);
  if (x >> 32n) bits.push(`hi=${(x >> 32n).toString(16)}`);
  return ` (${bits.join(' ')})`;
}

/** FPSCR bit names by LSB-0 position of the 64-bit value (ISA bit 63 - i). */
const FPSCR_BITS: Record<number, string> = {
  31: 'FX', 30: 'FEX', 29: 'VX', 28: 'OX', 27: 'UX', 26: 'ZX', 25: 'XX', 24: 'VXSNAN', 23: 'VXISI',
  22: 'VXIDI', 21: 'VXZDZ', 20: 'VXIMZ', 19: 'VXVC', 18: 'FR', 17: 'FI', 10: 'VXSOFT', 9: 'VXSQRT',
  8: 'VXCVI', 7: 'VE', 6: 'OE', 5: 'UE', 4: 'ZE', 3: 'XE', 2: 'NI',
};

export function fpscrText(x: bigint): string {
  const v = Number(x & 0xffffffffn);
  const bits: string[] = [];
  for (let i = 31; i >= 0; i--) if (FPSCR_BITS[i] && (v >>> i) & 1) bits.push(FPSCR_BITS[i]!);
  bits.push(`FPRF=${((v >>> 12) & 31).toString(2).padStart(5, '0')}`, `RN=${v & 3}`);
  if (x >> 32n) bits.push(`hi=${(x >> 32n).toString(16)}`);
  return ` (${bits.join(' ')})`;
}

export function fpText(bits: bigint): string {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setBigUint64(0, BigInt.asUintN(64, bits), true);
  const d = buf.getFloat64(0, true);
  const exp = Number((bits >> 52n) & 0x7ffn), frac = bits & 0xfffffffffffffn;
  let desc: string;
  if (exp === 0x7ff) desc = frac === 0n ? (d > 0 ? '+inf' : '-inf') : (frac >> 51n ? 'QNaN' : 'SNaN');
  else desc = Object.is(d, -0) ? '-0' : String(d);
  return `${hex64(bits)} (${desc})`;
}

export { hex64, hex32 };
