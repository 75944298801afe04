import { GuestMemory } from './guest-memory.js';
import { CpuState } from '../state/cpu-state.js';
import { REGISTER_FILE_BYTES } from '../state/layout.js';
import { CONTROL_WORDS_PER_VCPU } from '../cpu/control.js';
import { WebAssemblyApi as WebAssembly, type WasmMemory } from '../jit/wasm/webassembly-api.js';

/**
 * The arena: guest RAM and each vCPU's register file, TLB and block scratch words in
 * one shared WebAssembly.Memory, so that translated WebAssembly blocks reach all of
 * them with plain loads and stores (a module addresses one memory). Guest real
 * address 0 is arena address 0, so a real address needs no adjustment. The
 * JavaScript side keeps its typed-array views (GuestMemory, CpuState, the Cpu's TLB
 * arrays); they are views of the same SharedArrayBuffer, limited to their part.
 *
 * A shared memory reserves its whole maximum at creation and never grows here, so
 * the arena is made once per machine at its final size. It is opt-in (the engine
 * `wasm`): tests and tools that make many small machines keep plain buffers.
 *
 * Each vCPU's area (VCPU_AREA_BYTES, after RAM):
 *   +0                   register file (state/layout.ts)
 *   +REGISTER_FILE_BYTES scratch words of translated blocks (SCRATCH_WORDS)
 *   +TLB_OFFSET          the TLB: for each access kind k (0..4, by ACCESS_* value) three
 *                        arrays of TLB_ENTRIES words, tag low, tag high, page base
 *   +JUMP_CACHE_OFFSET   the jump cache of WebAssembly blocks: JUMP_CACHE_ENTRIES entries
 *                        of four words (jit/wasm/block-table.ts)
 */

/** Entries of each TLB array: the Cpu's data and fetch TLB (cpu/cpu.ts). */
export const TLB_ENTRIES = 256;
/** Access kinds the TLB is indexed by: ACCESS_* values 1, 2 and 4, so five rows. */
const TLB_KINDS = 5;
/**
 * Words after the register file: the first eight are written by translated blocks for
 * their caller (jit/wasm/block-table.ts), the next CONTROL_WORDS_PER_VCPU are the
 * vCPU's run control words (cpu/control.ts), there so that WebAssembly blocks see a
 * stop request as the JavaScript run loop does.
 */
export const SCRATCH_WORDS = 8 + CONTROL_WORDS_PER_VCPU;
/** Byte offset of the control words from the register file. */
export const CONTROLS_OFFSET = REGISTER_FILE_BYTES + 8 * 4;
const TLB_OFFSET = REGISTER_FILE_BYTES + SCRATCH_WORDS * 4;
const TLB_BYTES = TLB_KINDS * 3 * TLB_ENTRIES * 4;
/** Entries of a vCPU's jump cache (a power of two): effective address of a block to its table index. */
export const JUMP_CACHE_ENTRIES = 4096;
const JUMP_CACHE_OFFSET = TLB_OFFSET + TLB_BYTES;
const JUMP_CACHE_BYTES = JUMP_CACHE_ENTRIES * 16;
/** Bytes of one vCPU's area, rounded to 4 KiB. */
export const VCPU_AREA_BYTES = Math.ceil((JUMP_CACHE_OFFSET + JUMP_CACHE_BYTES) / 4096) * 4096;
const WASM_PAGE = 65536;

/** Byte offset, inside a vCPU's TLB, of array `which` (0 tag low, 1 tag high, 2 page) of access kind `access`. */
export const tlbArrayOffset = (access: number, which: 0 | 1 | 2): number => (access * 3 + which) * TLB_ENTRIES * 4;

/** One vCPU's TLB arrays, indexed by access kind, as the Cpu holds them. */
export interface TlbViews {
  readonly tagLo: Int32Array[];
  readonly tagHi: Int32Array[];
  readonly page: Int32Array[];
}

export class Arena {
  readonly memory: WasmMemory;
  readonly buffer: SharedArrayBuffer;
  readonly ramBytes: number;
  readonly vcpus: number;
  /** The memory's size in 64 KiB pages (initial = maximum). */
  readonly pages: number;

  constructor(ramBytes: number, vcpus = 1) {
    if (ramBytes <= 0 || ramBytes % 4096 !== 0) throw new RangeError(`guest RAM size must be a non-zero multiple of 4 KiB, got ${ramBytes}`);
    if (!Number.isInteger(vcpus) || vcpus < 1) throw new RangeError(`an arena needs at least one vCPU, got ${vcpus}`);
    const bytes = ramBytes + vcpus * VCPU_AREA_BYTES;
    this.pages = Math.ceil(bytes / WASM_PAGE);
    if (this.pages > 65536) throw new RangeError(`an arena of ${bytes} bytes is beyond WebAssembly's 4 GiB`);
    this.memory = new WebAssembly.Memory({ initial: this.pages, maximum: this.pages, shared: true });
    this.buffer = this.memory.buffer as SharedArrayBuffer;
    this.ramBytes = ramBytes;
    this.vcpus = vcpus;
  }

  /** Guest RAM: the first `ramBytes` of the arena. */
  guestMemory(quadLocks?: SharedArrayBuffer): GuestMemory {
    return new GuestMemory(this.buffer, quadLocks, this.ramBytes);
  }

  /** The arena address of vCPU `i`'s area (its register file). */
  registersAddress(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.vcpus) throw new RangeError(`no vCPU ${i} in an arena of ${this.vcpus}`);
    return this.ramBytes + i * VCPU_AREA_BYTES;
  }

  /** The arena address of vCPU `i`'s block scratch words. */
  scratchAddress(i: number): number { return this.registersAddress(i) + REGISTER_FILE_BYTES; }

  /** The arena address of vCPU `i`'s TLB (see tlbArrayOffset). */
  tlbAddress(i: number): number { return this.registersAddress(i) + TLB_OFFSET; }

  /** vCPU `i`'s register file, with the power-on values. */
  cpuState(i: number): CpuState {
    return new CpuState(this.buffer, this.registersAddress(i), true);
  }

  /** The arena address of vCPU `i`'s jump cache. */
  jumpCacheAddress(i: number): number { return this.registersAddress(i) + JUMP_CACHE_OFFSET; }

  /** vCPU `i`'s jump cache as words. */
  jumpCache(i: number): Int32Array { return new Int32Array(this.buffer, this.jumpCacheAddress(i), JUMP_CACHE_ENTRIES * 4); }

  /** vCPU `i`'s TLB arrays (every tag -1: empty). */
  tlbViews(i: number): TlbViews {
    const base = this.tlbAddress(i);
    const array = (k: number, which: 0 | 1 | 2): Int32Array => new Int32Array(this.buffer, base + tlbArrayOffset(k, which), TLB_ENTRIES);
    const views: TlbViews = { tagLo: [], tagHi: [], page: [] };
    for (let k = 0; k < TLB_KINDS; k++) {
      views.tagLo.push(array(k, 0).fill(-1));
      views.tagHi.push(array(k, 1));
      views.page.push(array(k, 2));
    }
    return views;
  }

  /** vCPU `i`'s block scratch words (the first eight). */
  scratch(i: number): Int32Array { return new Int32Array(this.buffer, this.scratchAddress(i), 8); }

  /** vCPU `i`'s run control words (cpu/control.ts), all 0. */
  controls(i: number): Int32Array { return new Int32Array(this.buffer, this.registersAddress(i) + CONTROLS_OFFSET, CONTROL_WORDS_PER_VCPU); }
}
