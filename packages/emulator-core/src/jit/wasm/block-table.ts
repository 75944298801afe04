import type { Cpu } from '../../cpu/cpu.js';
import { JUMP_CACHE_ENTRIES, SCRATCH_TLB_EPOCH } from '../../memory/arena.js';
import { CTL_REQUESTS } from '../../cpu/control.js';
import { NIP_BYTE, REGISTER_FILE_BYTES } from '../../state/layout.js';
import { WebAssemblyApi as WebAssembly, type WasmTable } from './webassembly-api.js';
import { ModuleBuilder, ValType, Op, BLOCK_EMPTY, signedLeb, unsignedLeb } from './encoder.js';

/**
 * One vCPU's WebAssembly blocks and the dispatcher that chains them without leaving
 * WebAssembly (what QEMU's cpu_exec does with tb_jmp_cache and its chained TBs).
 *
 * Every block's `run(registers, limit) -> answer` is an element of one function table.
 * The jump cache in the arena maps a block's effective address to its table index:
 * JUMP_CACHE_ENTRIES entries of four words, indexed by address bits 2..13:
 *   [pcLo, pcHi, tag, index * 128 + length]
 * where `tag` is (Cpu.tlbEpoch << 2) | MSR[LE] << 1 | MSR[SF]: an entry holds only
 * under the mode it was translated for and while the TLB that found its page has not
 * been flushed (every change of a translation flushes it: tlbie, MSR[IR/DR/PR], a
 * user page map's new generation), so the entry's real page is still the one its
 * code was read from.
 *
 * `dispatch(registers, limit, tag)` runs the block at NIP, then the next, as long as
 * the jump cache has the next one, the limit allows all of it and no request from
 * another thread is pending (the control words are in the arena), and answers the
 * instructions retired; or STALE from a block whose words changed (scratch word
 * DISPATCHED then holds what retired before it). A fault unwinds through it as an
 * exception: NIP is on the faulting instruction and the count is DISPATCHED plus
 * the block's own FAULT_COUNT (engine-block.ts). A block with a handler call is never
 * in the table: the dispatcher returns before it, as it returns at any miss.
 */

/** Scratch words after the register file (memory/arena.ts SCRATCH_WORDS). */
export const SCRATCH_DISPATCHED = 0, SCRATCH_FAULT_COUNT = 1;

/** The type of every block function: (registers, limit) -> answer. */
export const BLOCK_TYPE = { params: [ValType.I32, ValType.I32], results: [ValType.I32] } as const;

/** The mode bits of a jump-cache tag: MSR[LE] and MSR[SF] as the vCPU has them now. */
export const jumpMode = (cpu: Cpu): number => (cpu.littleEndian ? 2 : 0) | (cpu.mode64 ? 1 : 0);

/**
 * The dispatcher module's bytes: dispatch(registers, limit, mode) -> answer over the
 * jump cache at `jumpCache`; the tag's epoch is read from the vCPU's epoch word before
 * every lookup (a handler in a chained block may have flushed the TLB), and the
 * request word at `requests` after every block.
 */
export function dispatcherModule(pages: number, jumpCache: number, epoch: number, requests: number): Uint8Array {
  const b = new ModuleBuilder();
  b.importMemory({ module: 'env', name: 'memory', minimumPages: pages, maximumPages: pages, shared: true });
  b.importTable({ module: 'env', name: 'blocks', minimum: 0 });
  const blockType = b.functionTypeIndex(BLOCK_TYPE);
  // params: 0 registers, 1 limit, 2 mode; locals: 3 n, 4 pcLo, 5 entry, 6 word3, 7 answer
  const R = 0, LIMIT = 1, MODE = 2, N = 3, PC = 4, E = 5, W3 = 6, A = 7;
  const c: number[] = [];
  const get = (i: number): void => { c.push(Op.localGet); unsignedLeb(c, i); };
  const set = (i: number): void => { c.push(Op.localSet); unsignedLeb(c, i); };
  const konst = (v: number): void => { c.push(Op.i32Const); signedLeb(c, v | 0); };
  const load = (offset: number): void => { c.push(Op.i32Load, 2); unsignedLeb(c, offset); };
  const returnN = (): void => { get(N); c.push(Op.return); };
  c.push(Op.loop, BLOCK_EMPTY);
  // the entry of NIP
  get(R); load(NIP_BYTE); set(PC);
  get(PC); konst(2); c.push(Op.i32ShrU); konst(JUMP_CACHE_ENTRIES - 1); c.push(Op.i32And); konst(4); c.push(Op.i32Shl);
  konst(jumpCache); c.push(Op.i32Add); set(E);
  // a miss (address, high word under MSR[SF], tag) goes back to the run loop
  get(E); load(0); get(PC); c.push(Op.i32Ne);
  get(E); load(4);
  get(MODE); konst(1); c.push(Op.i32And, Op.if, 0x7f); get(R); load(NIP_BYTE + 4); c.push(Op.else); konst(0); c.push(Op.end);
  c.push(Op.i32Ne, Op.i32Or);
  get(E); load(8);
  konst(0); c.push(Op.atomicPrefix, Op.i32AtomicLoad, 2); unsignedLeb(c, epoch); konst(2); c.push(Op.i32Shl); get(MODE); c.push(Op.i32Or);
  c.push(Op.i32Ne, Op.i32Or);
  c.push(Op.if, BLOCK_EMPTY); returnN(); c.push(Op.end);
  // the whole block must fit in the limit
  get(E); load(12); set(W3);
  get(N); get(W3); konst(127); c.push(Op.i32And, Op.i32Add); get(LIMIT); c.push(Op.i32GtS, Op.if, BLOCK_EMPTY); returnN(); c.push(Op.end);
  get(R); get(N); c.push(Op.i32Store, 2); unsignedLeb(c, REGISTER_FILE_BYTES + 4 * SCRATCH_DISPATCHED);
  get(R); get(LIMIT); get(N); c.push(Op.i32Sub);
  get(W3); konst(7); c.push(Op.i32ShrU);
  c.push(Op.callIndirect); unsignedLeb(c, blockType); c.push(0x00);
  set(A);
  get(A); konst(0); c.push(Op.i32LtS, Op.if, BLOCK_EMPTY); get(A); c.push(Op.return, Op.end);
  get(N); get(A); c.push(Op.i32Add); set(N);
  // a request from another thread (stop, TLB flush, interrupt check) ends the chain, as the run loop looks after every block
  konst(0); c.push(Op.atomicPrefix, Op.i32AtomicLoad, 2); unsignedLeb(c, requests + 4 * CTL_REQUESTS);
  c.push(Op.if, BLOCK_EMPTY); returnN(); c.push(Op.end);
  c.push(Op.br, 0, Op.end);
  returnN();
  b.addFunction({ type: { params: [ValType.I32, ValType.I32, ValType.I32], results: [ValType.I32] }, locals: [ValType.I32, ValType.I32, ValType.I32, ValType.I32, ValType.I32], code: c }, 'dispatch');
  return b.bytes();
}

export class BlockTable {
  readonly table: WasmTable;
  readonly dispatch: (registers: number, limit: number, tag: number) => number;
  readonly registers: number;
  /** The jump cache's words and the block scratch words (views of the arena). */
  readonly jumpCache: Int32Array;
  readonly scratch: Int32Array;
  private used = 0;
  private lastEpoch = 0;
  /**
   * Times the table was emptied (clear): a block's wrapper whose function was put in
   * the table before the last clear puts it there again (engine-block.ts). The block
   * being added to the cache when the cache starts over is one: it was compiled, and
   * given its index, just before.
   */
  generation = 0;

  constructor(readonly cpu: Cpu) {
    const place = cpu.arena;
    if (place === undefined) throw new RangeError('WebAssembly blocks need a vCPU in an arena');
    this.registers = place.arena.registersAddress(place.vcpu);
    this.jumpCache = place.arena.jumpCache(place.vcpu);
    this.scratch = place.arena.scratch(place.vcpu);
    this.table = new WebAssembly.Table({ element: 'anyfunc', initial: 64 });
    const bytes = dispatcherModule(place.arena.pages, place.arena.jumpCacheAddress(place.vcpu),
      place.arena.scratchAddress(place.vcpu) + 4 * SCRATCH_TLB_EPOCH, place.arena.controlsOf(place.vcpu));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: place.arena.memory, blocks: this.table } });
    this.dispatch = instance.exports.dispatch as BlockTable['dispatch'];
    this.clear();
  }

  /** Blocks in the table. */
  get size(): number { return this.used; }

  /** Puts a block function in the table; answers its index. */
  add(run: unknown): number {
    if (this.used === this.table.length) this.table.grow(this.table.length);
    this.table.set(this.used, run);
    return this.used++;
  }

  /** Enters the block at (hi, lo) with table index `index` in the jump cache under the current tag. */
  enter(hi: number, lo: number, index: number, length: number): void {
    const epoch = this.cpu.tlbEpoch;
    if (epoch < this.lastEpoch) this.jumpCache.fill(-1); // the epoch wrapped: old tags could match again
    this.lastEpoch = epoch;
    const e = ((lo >>> 2) & (JUMP_CACHE_ENTRIES - 1)) << 2;
    const j = this.jumpCache;
    j[e] = lo; j[e + 1] = this.cpu.mode64 ? hi : 0; j[e + 2] = (epoch << 2) | jumpMode(this.cpu); j[e + 3] = index * 128 + length;
  }

  /** Drops the jump-cache entry of the block at effective address low word `lo`. */
  forget(lo: number): void { this.jumpCache[(((lo >>> 2) & (JUMP_CACHE_ENTRIES - 1)) << 2) + 2] = -1; }

  /** Drops every block (the block cache started over): indices are then reused. */
  clear(): void {
    this.generation++;
    this.jumpCache.fill(-1);
    for (let i = 0; i < this.used; i++) this.table.set(i, null);
    this.used = 0;
  }
}

const tables = new WeakMap<Cpu, BlockTable>();

/** The block table of a vCPU in an arena. */
export function blockTableOf(cpu: Cpu): BlockTable {
  let t = tables.get(cpu);
  if (t === undefined) { t = new BlockTable(cpu); tables.set(cpu, t); }
  return t;
}
