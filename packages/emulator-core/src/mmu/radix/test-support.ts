import type { GuestMemory } from '../../memory/guest-memory.js';
import { encodeRts } from './pte.js';

/*
 * Builds radix page tables in guest RAM the way Linux does on POWER9 (for tests
 * and tools): big-endian doublewords, a 52-bit tree, a 2^13-entry root, then
 * 2^9-entry PUD and PMD levels and a 2^9 (4 KiB pages) or 2^5 (64 KiB pages)
 * entry PTE level (arch/powerpc/include/asm/book3s/64/radix-4k.h, radix-64k.h).
 * Uses BigInt freely: never on the emulator's hot path.
 */

export type RadixGeometry = '4k' | '64k';

/** Directory sizes (log2 of entries) per level, root first, and the base page size. */
export const GEOMETRIES: Record<RadixGeometry, { levels: readonly number[]; pageShift: number }> = {
  '4k': { levels: [13, 9, 9, 9], pageShift: 12 },
  '64k': { levels: [13, 9, 9, 5], pageShift: 16 },
};

export const V = 0x8000000000000000n;
export const L = 0x4000000000000000n;
/** Leaf flag bits (Linux _PAGE_*). */
export const EXEC = 0x1n;
export const WRITE = 0x2n;
export const READ = 0x4n;
export const PRIV = 0x8n;
export const ATT_GUARDED = 0x20n; // non-idempotent I/O
export const ATT_TOLERANT = 0x30n; // cache-inhibited, not guarded
export const C = 0x80n;
export const R = 0x100n;

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** Split a 64-bit EA into the (hi, lo) signed 32-bit halves translatePage takes. */
export function halves(ea: bigint): [number, number] {
  return [Number((ea >> 32n) & 0xffffffffn) | 0, Number(ea & 0xffffffffn) | 0];
}

export class RadixTableBuilder {
  readonly levels: readonly number[];
  readonly pageShift: number;
  private next: number;

  /**
   * @param allocStart first byte of the RAM region directories are carved from
   * @param allocEnd end of that region
   */
  constructor(readonly memory: GuestMemory, readonly geometry: RadixGeometry, allocStart: number, readonly allocEnd: number) {
    this.levels = GEOMETRIES[geometry].levels;
    this.pageShift = GEOMETRIES[geometry].pageShift;
    this.next = allocStart;
  }

  /** Zeroed bytes aligned on their size (directories must be, ISA 6.7.10.2). */
  alloc(bytes: number): number {
    const base = Math.ceil(this.next / bytes) * bytes;
    if (base + bytes > this.allocEnd) throw new RangeError('table region full');
    this.memory.u8.fill(0, base, base + bytes);
    this.next = base + bytes;
    return base;
  }

  /** A new empty root directory (2^13 entries = 64 KiB). */
  newRoot(): number {
    return this.alloc(8 << this.levels[0]!);
  }

  /** Process table entry doubleword 0: RTS (52-bit tree by default), RPDB = root, RPDS. */
  static processEntry(root: number, options: { treeBits?: number; rpds?: number } = {}): bigint {
    const [rtsHi, rtsLo] = encodeRts(options.treeBits ?? 52);
    return (BigInt(rtsHi >>> 0) << 32n) | BigInt(rtsLo) | BigInt(root) | BigInt(options.rpds ?? 13);
  }

  setProcessEntry(table: number, pid: number, root: number, options: { treeBits?: number; rpds?: number } = {}): void {
    this.memory.write64Big(table + 16 * pid, RadixTableBuilder.processEntry(root, options), false);
    this.memory.write64Big(table + 16 * pid + 8, 0n, false);
  }

  /** Bits of EA below the entries of `level` (the span one entry of that level covers). */
  spanShift(level: number): number {
    let shift = 52;
    for (let i = 0; i <= level; i++) shift -= this.levels[i]!;
    return shift;
  }

  /** Address of the entry for EA at `level`, or -1 when a directory on the way is missing. */
  entryAddress(root: number, ea: bigint, level: number): number {
    let table = root;
    for (let i = 0; ; i++) {
      const index = Number((ea >> BigInt(this.spanShift(i))) & ((1n << BigInt(this.levels[i]!)) - 1n));
      const address = table + 8 * index;
      if (i === level) return address;
      const entry = this.memory.read64Big(address, false);
      if ((entry & V) === 0n || (entry & L) !== 0n) return -1;
      table = Number(entry & 0x0fffffffffffff00n);
    }
  }

  /**
   * Map the page of `size` bytes holding EA (its size picks the level: 1 GiB at
   * level 1, 2 MiB at level 2, the base page at level 3) onto real address `pa`,
   * creating directories as needed. Returns the leaf entry's address.
   */
  map(root: number, ea: bigint, pa: number | bigint, size: number, flags: bigint): number {
    const level = size === 2 ** this.spanShift(1) ? 1 : size === 2 ** this.spanShift(2) ? 2
      : size === 2 ** this.pageShift ? 3 : -1;
    if (level < 0) throw new RangeError(`no ${size}-byte pages in the ${this.geometry} geometry`);
    let table = root;
    for (let i = 0; i < level; i++) {
      const address = this.entryAddressIn(table, ea, i);
      let entry = this.memory.read64Big(address, false);
      if ((entry & V) === 0n) {
        const nls = this.levels[i + 1]!;
        const child = this.alloc(8 << nls);
        entry = V | BigInt(child) | BigInt(nls);
        this.memory.write64Big(address, entry, false);
      }
      table = Number(entry & 0x0fffffffffffff00n);
    }
    const leaf = this.entryAddressIn(table, ea, level);
    this.memory.write64Big(leaf, V | L | BigInt(pa) | flags, false);
    return leaf;
  }

  private entryAddressIn(table: number, ea: bigint, level: number): number {
    return table + 8 * Number((ea >> BigInt(this.spanShift(level))) & ((1n << BigInt(this.levels[level]!)) - 1n));
  }
}
