import { FACILITY_BIT, ALL_FACILITIES, type Facility, type Handler, type InstructionDef } from './instruction.js';
import { EXTENDED_FIELDS } from './opcode-space.js';
import { fOPCD } from './fields.generated.js';
import { popcnt32 } from '../cpu/int64.js';

/** Op id 0 is always the illegal instruction. */
export const OP_ILLEGAL = 0;

/**
 * The table-driven decoder: the primary opcode selects either an instruction or an
 * extended table indexed by that primary's extended-opcode field. Decoding yields
 * an op id; the interpreter's cache stores op ids, so decode runs only when a word
 * is first seen at an address.
 */
export class Decoder {
  /** Per primary opcode: a def index (>= 0), or -1 when it has an extended table. */
  private readonly primaryDef = new Int32Array(64).fill(-1);
  private readonly extended: (Int32Array | undefined)[] = [];
  private readonly defs: InstructionDef[] = [];
  /** The rows of the table, in the order they were added. */
  get rows(): readonly InstructionDef[] { return this.defs; }
  /** Cold-path op id of each def (index into `handlers`). */
  private readonly coldOp: number[] = [];
  /** Handlers by op id (op ids >= firstColdOp); hot ids have none here. */
  readonly handlers: Handler[] = [];
  /**
   * One handler table per combination of available facilities (index: FACILITY_BIT
   * bits, see Cpu.facilities): in table m every row of a facility missing from m runs
   * that facility's Unavailable handler instead. The run loop swaps tables when the
   * MSR changes, so the check costs nothing per instruction. `byFacilities[7]` is
   * `handlers`.
   */
  readonly byFacilities: Handler[][] = [];
  readonly mnemonics: string[] = [];

  constructor(
    defs: readonly InstructionDef[], readonly firstColdOp: number, illegal: Handler,
    unavailable: Readonly<Record<Facility, Handler>> = { fp: illegal, vec: illegal, vsx: illegal },
  ) {
    for (let i = 0; i < firstColdOp; i++) { this.handlers.push(illegal); this.mnemonics.push(`hot#${i}`); }
    this.mnemonics[OP_ILLEGAL] = '(illegal)';
    for (let p = 0; p < 64; p++) {
      const f = EXTENDED_FIELDS[p];
      if (f) this.extended[p] = new Int32Array(1 << f.bits).fill(-1);
    }
    // Fill wider masks last so that a specific X-form row overrides the A-form rows it overlaps.
    const order = defs.map((d, i) => i).sort((a, b) => popcnt32(defs[a]!.xoMask ?? 0) - popcnt32(defs[b]!.xoMask ?? 0));
    const owner = new Map<string, InstructionDef>();
    for (const i of order) this.add(defs[i]!, owner);
    for (let m = 0; m <= ALL_FACILITIES; m++) {
      this.byFacilities.push(m === ALL_FACILITIES ? this.handlers
        : this.handlers.map((h, op) => gated(h, this.facilityOf[op], m, unavailable)));
    }
  }

  /** Facility of each cold op id. */
  private readonly facilityOf: InstructionDef['facility'][] = [];

  private add(def: InstructionDef, owner: Map<string, InstructionDef>): void {
    const id = this.defs.length;
    this.defs.push(def);
    if (def.exec) {
      this.coldOp.push(this.handlers.length);
      this.facilityOf[this.handlers.length] = def.facility;
      this.handlers.push(def.exec);
      this.mnemonics.push(def.mnemonic);
    } else {
      if (def.hot === undefined || (def.hotMask ?? 0) !== 0 || def.hotIf) {
        throw new Error(`decode table: ${def.mnemonic} needs a handler for its non-hot forms`);
      }
      this.coldOp.push(OP_ILLEGAL);
    }
    const table = this.extended[def.primary];
    if (!table) {
      if (def.xo !== undefined) throw new Error(`decode table: primary ${def.primary} has no extended field (${def.mnemonic})`);
      if (this.primaryDef[def.primary] !== -1) throw new Error(`decode table: primary ${def.primary} defined twice (${def.mnemonic})`);
      this.primaryDef[def.primary] = id;
      return;
    }
    if (def.xo === undefined) throw new Error(`decode table: ${def.mnemonic} needs xo under primary ${def.primary}`);
    const mask = def.xoMask ?? table.length - 1;
    // the indices whose masked bits are xo: xo with every combination of the free bits
    // (a walk over the whole table for each row was most of the decoder's start-up)
    const free = (table.length - 1) & ~mask;
    for (let s = free; ; s = (s - 1) & free) {
      const i: number = def.xo | s;
      if ((i & mask) !== def.xo || i >= table.length) break; // xo has a bit outside its mask or the table: no index matches
      const key = `${def.primary}/${i}`;
      const prev = owner.get(key);
      if (prev && (prev.xoMask ?? table.length - 1) === mask) {
        throw new Error(`decode table: ${def.mnemonic} collides with ${prev.mnemonic} at ${key}`);
      }
      owner.set(key, def);
      table[i] = id;
      if (s === 0) break;
    }
  }

  /** The def for an instruction word, or undefined when it is not a valid instruction (not in the table, or reserved bits set). */
  lookup(w: number): InstructionDef | undefined {
    const id = this.lookupIndex(w);
    if (id < 0) return undefined;
    const def = this.defs[id]!;
    return (w & (def.reserved ?? 0)) !== 0 ? undefined : def;
  }

  private lookupIndex(w: number): number {
    const p = fOPCD(w);
    const table = this.extended[p];
    if (!table) return this.primaryDef[p]!;
    const f = EXTENDED_FIELDS[p]!;
    return table[(w >>> f.shift) & ((1 << f.bits) - 1)]!;
  }

  /** Op id of the cold handler for a word, even when it has a hot form. */
  coldOpOf(w: number): number {
    const id = this.lookupIndex(w);
    return id < 0 || (w & (this.defs[id]!.reserved ?? 0)) !== 0 ? OP_ILLEGAL : this.coldOp[id]!;
  }

  /** Op id of an instruction word: a hot id for the fast form, else the cold handler's id. */
  decode(w: number): number {
    const id = this.lookupIndex(w);
    if (id < 0) return OP_ILLEGAL;
    const def = this.defs[id]!;
    if ((w & (def.reserved ?? 0)) !== 0) return OP_ILLEGAL;
    if (def.hot !== undefined && (w & (def.hotMask ?? 0)) === 0 && (!def.hotIf || def.hotIf(w))) return def.hot;
    return this.coldOp[id]!;
  }
}

/**
 * The handler a row runs while only the facilities in `available` are: its own, its
 * facility's Unavailable handler, or (a split row) a choice by the VSR it names,
 * made once here, never per instruction while the facilities are on.
 */
function gated(
  h: Handler, facility: InstructionDef['facility'], available: number,
  unavailable: Readonly<Record<Facility, Handler>>,
): Handler {
  if (facility === undefined) return h;
  if (typeof facility === 'string') return (available & FACILITY_BIT[facility]) !== 0 ? h : unavailable[facility];
  const { low, high, vsr } = facility;
  const lowOk = (available & FACILITY_BIT[low]) !== 0, highOk = (available & FACILITY_BIT[high]) !== 0;
  if (lowOk && highOk) return h;
  const lowH = lowOk ? h : unavailable[low], highH = highOk ? h : unavailable[high];
  return (c, w) => (vsr(w) < 32 ? lowH(c, w) : highH(c, w));
}
