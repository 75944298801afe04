import type { Cpu } from '../cpu/cpu.js';
import type { Block } from './translate.js';

/**
 * One vCPU's translated blocks, grouped by real page (compiled functions belong to the
 * thread that made them, so each worker has its own cache). A block is found by its
 * real address and the mode it was translated under (MSR[LE], MSR[SF]); the caller
 * also checks its effective address, since the addresses of its instructions are
 * literals in its code. Nothing here decides whether a block is current: a block
 * compares its words with guest memory on entry (block-source.ts) and the run loop
 * drops one that answers STALE. An address whose first word is not a valid
 * instruction holds a block of length 0 that only remembers that word (the run loop
 * checks it against memory before sending the word to the interpreter).
 */
export class BlockCache {
  private readonly pages = new Map<number, (Block | undefined)[]>();
  private count = 0;
  /** Blocks of at least one instruction translated so far (a statistic for tests and tools). */
  translatedBlocks = 0;
  /**
   * Entries of a scanned block before it is compiled. Compiling a block (new Function,
   * then V8's own tiers) costs about as much as interpreting it hundreds of times, so
   * code is compiled once it has shown it runs often; tests set 1 to compile at once.
   */
  hotThreshold = 1024;
  /**
   * Instructions the interpreter runs at a time from a block entered fewer than 16
   * times (run-blocks.ts): cold code is not dispatched a block at a time. Tests set 0
   * to interpret a block at a time from the start.
   */
  coldStretch = 512;
  /** Blocks kept before the cache starts over (a bound on memory, not on correctness). */
  static readonly LIMIT = 1 << 15;
  /** This cache's bound (BlockCache.LIMIT; tests make it small to start over often). */
  limit = BlockCache.LIMIT;

  /** The blocks of the real page holding `pa`, indexed by key (created empty). */
  page(pa: number): (Block | undefined)[] {
    const n = Math.floor(pa / 4096);
    let p = this.pages.get(n);
    if (p === undefined) { p = new Array<Block | undefined>(PAGE_KEYS).fill(undefined); this.pages.set(n, p); }
    return p;
  }

  /** The key of a block inside its page: word offset and mode. */
  static key(pa: number, le: boolean, mode64: boolean): number {
    return ((pa & 0xfff) << 1) | (le ? 2 : 0) | (mode64 ? 1 : 0);
  }

  add(page: (Block | undefined)[], key: number, block: Block): void {
    if (this.count >= this.limit) { this.clear(); }
    if (page[key] === undefined) this.count++;
    if (block.run !== undefined) this.translatedBlocks++;
    page[key] = block;
  }

  remove(page: (Block | undefined)[], key: number): void {
    if (page[key] !== undefined) { page[key] = undefined; this.count--; }
  }

  /** Called when the cache starts over: the vCPU's WebAssembly blocks go with it (wasm/block-table.ts). */
  onClear: (() => void) | undefined;

  /** Drops every translation (the page arrays the run loop holds stay valid, empty). */
  clear(): void {
    for (const p of this.pages.values()) p.fill(undefined);
    this.count = 0;
    this.onClear?.();
  }

  get size(): number { return this.count; }
}

/** Keys per page: 1,024 word offsets times the 4 (MSR[LE], MSR[SF]) modes. */
const PAGE_KEYS = 4096 << 1;

const caches = new WeakMap<Cpu, BlockCache>();

/** The block cache of a vCPU. */
export function blockCacheOf(cpu: Cpu): BlockCache {
  let c = caches.get(cpu);
  if (c === undefined) { c = new BlockCache(); caches.set(cpu, c); }
  return c;
}
