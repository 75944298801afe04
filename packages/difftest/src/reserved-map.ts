import { fieldBits } from '@hvstep/emulator-core';
import { makePool, runPairOutcomes, type RunOptions } from './batch.js';
import { generateSlot } from './generator.js';
import { Gen } from './gen.js';
import { Rng, caseSeed } from './rng.js';
import { randomState } from './values.js';
import type { PlanEntry } from './rules/index.js';
import type { TestCase } from './testcase.js';
import type { CaseOutcome } from './outcome.js';

/**
 * Which non-opcode bits of each row make the instruction illegal, according to QEMU
 * and according to hvstep. For every row with a generator rule and every bit its
 * primary and extended opcode leave free, `samples` valid words with that bit clear
 * get it set, and each side runs them: a bit is *reserved* on a side when every such
 * word stops there with SIGILL. QEMU's answer is what the decode table's `reserved`
 * masks must reproduce (QEMU's per-opcode invalid masks, decodetree's fixed bits).
 */
export interface RowBits {
  mnemonic: string;
  /** bits (LSB-0) every tried word made illegal */
  qemuReserved: number;
  hvstepReserved: number;
  /** bits where the two sides disagreed on at least one word */
  disagreeing: number;
  words: number;
}

const isIllegal = (o: CaseOutcome): boolean => 'stop' in o && o.stop.kind === 'SIGILL';

interface Probe { row: number; bit: number; tc: TestCase }

function probesFor(entry: PlanEntry, row: number, seed: number, samples: number): Probe[] {
  const probes: Probe[] = [];
  let free = ~entry.fixedMask >>> 0;
  if (entry.rule!.cls === 'branch') free &= ~(fieldBits('LI') | fieldBits('BD')) >>> 0;
  for (let bit = 0; bit < 32; bit++) {
    if ((free & (1 << bit)) === 0) continue;
    for (let s = 0, tries = 0; s < samples && tries < 40; tries++) {
      const rng = new Rng(caseSeed(seed, row * 4096 + bit * 64 + tries));
      const input = randomState(rng);
      const slot = generateSlot(entry, new Gen(rng, 0, 1, input));
      if (slot.word & (1 << bit)) continue; // the bit is an operand here: not a reserved-bit probe
      slot.word = (slot.word | (1 << bit)) >>> 0;
      slot.mnemonic = `${slot.mnemonic}+bit${bit}`;
      probes.push({ row, bit, tc: { seed, index: probes.length, slots: [slot], input, sprs: false, reservation: entry.rule!.cls === 'atomic', fp: false } });
      s++;
    }
  }
  return probes;
}

export async function reservedBitMap(opts: RunOptions & { samples?: number; chunk?: number }): Promise<RowBits[]> {
  const { pool, fp } = makePool(opts);
  const samples = opts.samples ?? 3;
  const rows: RowBits[] = pool.map((e) => ({ mnemonic: e.def.mnemonic, qemuReserved: 0, hvstepReserved: 0, disagreeing: 0, words: 0 }));
  const probes = pool.flatMap((e, i) => probesFor(e, i, opts.seed, samples).map((p) => ({ ...p, tc: { ...p.tc, fp } })));
  // per (row, bit): [words, qemu illegal, hvstep illegal]
  const counts = new Map<number, [number, number, number]>();
  const chunk = opts.chunk ?? 400;
  for (let at = 0; at < probes.length; at += chunk) {
    const part = probes.slice(at, at + chunk);
    const { qemu, hvstep } = await runPairOutcomes(part.map((p, i) => ({ ...p.tc, index: at + i })));
    part.forEach((p, i) => {
      const key = p.row * 32 + p.bit;
      const c = counts.get(key) ?? [0, 0, 0];
      c[0]++;
      if (isIllegal(qemu[i]!)) c[1]++;
      if (isIllegal(hvstep[i]!)) c[2]++;
      if (isIllegal(qemu[i]!) !== isIllegal(hvstep[i]!)) rows[p.row]!.disagreeing |= 1 << p.bit;
      counts.set(key, c);
    });
  }
  for (const [key, [n, q, h]] of counts) {
    const row = rows[Math.floor(key / 32)]!, bit = key % 32;
    row.words += n;
    if (q === n) row.qemuReserved |= 1 << bit;
    if (h === n) row.hvstepReserved |= 1 << bit;
  }
  for (const r of rows) { r.qemuReserved >>>= 0; r.hvstepReserved >>>= 0; r.disagreeing >>>= 0; }
  return rows;
}

/** ISA (MSB-0) bit positions of a mask, as ranges: "9:10 31". */
export function isaRanges(mask: number): string {
  const bits: number[] = [];
  for (let b = 0; b < 32; b++) if (mask & (1 << (31 - b))) bits.push(b);
  const out: string[] = [];
  for (let i = 0; i < bits.length;) {
    let j = i;
    while (j + 1 < bits.length && bits[j + 1] === bits[j]! + 1) j++;
    out.push(i === j ? `${bits[i]}` : `${bits[i]}:${bits[j]}`);
    i = j + 1;
  }
  return out.join(' ');
}
