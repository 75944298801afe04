import { GuestMemory } from './guest-memory.js';
import { CpuState } from '../state/cpu-state.js';
import { REGISTER_FILE_BYTES } from '../state/layout.js';
import { CONTROL_WORDS_PER_VCPU } from '../cpu/control.js';
import { WebAssemblyApi as WebAssembly, type WasmMemory } from '../jit/wasm/webassembly-api.js';

/**
 * The arena: guest RAM, the run control words and each vCPU's register file, TLB and
 * block scratch words in one shared WebAssembly.Memory, so that translated WebAssembly
 * blocks reach all of them with plain loads and stores (a module addresses one
 * memory). Guest real address 0 is arena address 0, so a real address needs no
 * adjustment. The JavaScript side keeps its typed-array views (GuestMemory, CpuState,
 * the control block, the Cpu's TLB arrays); they are views of the same
 * SharedArrayBuffer, limited to their part. A vCPU worker attaches to the machine's
 * arena with the Memory object (structured-cloneable) and the same sizes.
 *
 * A shared memory reserves its whole maximum at creation and never grows here, so
 * the arena is made once per machine at its final size. It is opt-in (the engine
 * `wasm`): tests and tools that make many small machines keep plain buffers.
 *
 * Layout: RAM (ramBytes); the control block of every vCPU (cpu/control.ts,
 * CONTROL_WORDS_PER_VCPU words each, as newControlBlock lays it out), padded to 4 KiB;
 * then one area per vCPU (VCPU_AREA_BYTES):
 *   +0                   register file (state/layout.ts)
 *   +REGISTER_FILE_BYTES scratch words (SCRATCH_WORDS): what translated blocks leave for
 *                        their caller (jit/wasm/block-table.ts) and the TLB epoch
 *   +TLB_OFFSET          the TLB: for each access kind k (0..4, by ACCESS_* value) three
 *                        arrays of TLB_ENTRIES words, tag low, tag high, page base
 *   +JUMP_CACHE_OFFSET   the jump cache of WebAssembly blocks: JUMP_CACHE_ENTRIES entries
 *                        of four words (jit/wasm/block-table.ts)
 *   +DECODE_CACHE_OFFSET the WebAssembly interpreter's decode cache: DECODE_CACHE_ENTRIES
 *                        entries of two words, instruction word and op (jit/wasm/interpreter.ts;
 *                        an all-zero entry says that word 0 decodes to op 0, the illegal
 *                        instruction, which is true)
 */

/** Entries of each TLB array: the Cpu's data and fetch TLB (cpu/cpu.ts). */
export const TLB_ENTRIES = 256;
/** Access kinds the TLB is indexed by: ACCESS_* values 1, 2 and 4, so five rows. */
const TLB_KINDS = 5;
/** Words after the register file, for translated blocks and the TLB epoch. */
export const SCRATCH_WORDS = 8;
/** The scratch word counting the vCPU's TLB flushes (Cpu.tlbEpoch), where every thread and WebAssembly block sees it. */
export const SCRATCH_TLB_EPOCH = 7;
/** Where a vCPU's TLB sits in its area (after the register file and the scratch words). */
export const TLB_OFFSET = REGISTER_FILE_BYTES + SCRATCH_WORDS * 4;
const TLB_BYTES = TLB_KINDS * 3 * TLB_ENTRIES * 4;
/** Entries of a vCPU's jump cache (a power of two): effective address of a block to its table index. */
export const JUMP_CACHE_ENTRIES = 4096;
const JUMP_CACHE_OFFSET = TLB_OFFSET + TLB_BYTES;
const JUMP_CACHE_BYTES = JUMP_CACHE_ENTRIES * 16;
/** Entries of a vCPU's decode cache (a power of two), indexed by the instruction's real word address. */
export const DECODE_CACHE_ENTRIES = 1 << 14;
/** Where a vCPU's decode cache sits in its area. */
export const DECODE_CACHE_OFFSET = JUMP_CACHE_OFFSET + JUMP_CACHE_BYTES;
const DECODE_CACHE_BYTES = DECODE_CACHE_ENTRIES * 8;
/** Bytes of one vCPU's area, rounded to 4 KiB. */
export const VCPU_AREA_BYTES = Math.ceil((DECODE_CACHE_OFFSET + DECODE_CACHE_BYTES) / 4096) * 4096;
const WASM_PAGE = 65536;

/** Byte offset, inside a vCPU's TLB, of array `which` (0 tag low, 1 tag high, 2 page) of access kind `access`. */
export const tlbArrayOffset = (access: number, which: 0 | 1 | 2): number => (access * 3 + which) * TLB_ENTRIES * 4;

/** One vCPU's TLB arrays, indexed by access kind, as the Cpu holds them. */
export interface TlbViews {
  readonly tagLo: Int32Array[];
  readonly tagHi: Int32Array[];
  readonly page: Int32Array[];
}

/** What a worker needs to attach to an arena (structured-cloneable). */
export interface ArenaHandle { readonly memory: WasmMemory; readonly ramBytes: number; readonly vcpus: number }

export class Arena {
  readonly memory: WasmMemory;
  readonly buffer: SharedArrayBuffer;
  readonly ramBytes: number;
  readonly vcpus: number;
  /** The memory's size in 64 KiB pages (initial = maximum). */
  readonly pages: number;
  /** Where the control block starts, and the first vCPU area. */
  private readonly controlsAddress: number;
  private readonly areasAddress: number;

  /** A new arena, or (with `memory`) the view of one made elsewhere with the same sizes. */
  constructor(ramBytes: number, vcpus = 1, memory?: WasmMemory) {
    if (ramBytes <= 0 || ramBytes % 4096 !== 0) throw new RangeError(`guest RAM size must be a non-zero multiple of 4 KiB, got ${ramBytes}`);
    if (!Number.isInteger(vcpus) || vcpus < 1) throw new RangeError(`an arena needs at least one vCPU, got ${vcpus}`);
    this.controlsAddress = ramBytes;
    this.areasAddress = ramBytes + Math.ceil((vcpus * CONTROL_WORDS_PER_VCPU * 4) / 4096) * 4096;
    const bytes = this.areasAddress + vcpus * VCPU_AREA_BYTES;
    this.pages = Math.ceil(bytes / WASM_PAGE);
    if (this.pages > 65536) throw new RangeError(`an arena of ${bytes} bytes is beyond WebAssembly's 4 GiB`);
    this.memory = memory ?? new WebAssembly.Memory({ initial: this.pages, maximum: this.pages, shared: true });
    this.buffer = this.memory.buffer as SharedArrayBuffer;
    if (this.buffer.byteLength !== this.pages * WASM_PAGE) throw new RangeError('the memory is not an arena of these sizes');
    this.ramBytes = ramBytes;
    this.vcpus = vcpus;
  }

  /** The arena as a worker attaches to it (Arena.attach). */
  get handle(): ArenaHandle { return { memory: this.memory, ramBytes: this.ramBytes, vcpus: this.vcpus }; }

  static attach(handle: ArenaHandle): Arena { return new Arena(handle.ramBytes, handle.vcpus, handle.memory); }

  /** Guest RAM: the first `ramBytes` of the arena. */
  guestMemory(quadLocks?: SharedArrayBuffer): GuestMemory {
    return new GuestMemory(this.buffer, quadLocks, this.ramBytes);
  }

  /** Every vCPU's run control words, as newControlBlock(vcpus) lays them out (vCPU i from word i * CONTROL_WORDS_PER_VCPU). */
  controlBlock(): Int32Array { return new Int32Array(this.buffer, this.controlsAddress, this.vcpus * CONTROL_WORDS_PER_VCPU); }

  /** The arena address of vCPU `i`'s control words. */
  controlsOf(i: number): number {
    this.registersAddress(i); // the range check
    return this.controlsAddress + i * CONTROL_WORDS_PER_VCPU * 4;
  }

  /** The arena address of vCPU `i`'s area (its register file). */
  registersAddress(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.vcpus) throw new RangeError(`no vCPU ${i} in an arena of ${this.vcpus}`);
    return this.areasAddress + i * VCPU_AREA_BYTES;
  }

  /** The arena address of vCPU `i`'s block scratch words. */
  scratchAddress(i: number): number { return this.registersAddress(i) + REGISTER_FILE_BYTES; }

  /** The arena address of vCPU `i`'s TLB (see tlbArrayOffset). */
  tlbAddress(i: number): number { return this.registersAddress(i) + TLB_OFFSET; }

  /** The arena address of vCPU `i`'s jump cache. */
  jumpCacheAddress(i: number): number { return this.registersAddress(i) + JUMP_CACHE_OFFSET; }

  /** vCPU `i`'s jump cache as words. */
  jumpCache(i: number): Int32Array { return new Int32Array(this.buffer, this.jumpCacheAddress(i), JUMP_CACHE_ENTRIES * 4); }

  /** vCPU `i`'s register file; `fresh`: with the power-on values (a new vCPU), else as it is. */
  cpuState(i: number, fresh = true): CpuState {
    return new CpuState(this.buffer, this.registersAddress(i), fresh);
  }

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

  /** vCPU `i`'s scratch words. */
  scratch(i: number): Int32Array { return new Int32Array(this.buffer, this.scratchAddress(i), SCRATCH_WORDS); }
}
