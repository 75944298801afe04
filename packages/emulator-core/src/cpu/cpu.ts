import { CpuState } from '../state/cpu-state.js';
import type { GuestMemory } from '../memory/guest-memory.js';
import { ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE, type Translation } from '../mmu/translation.js';
import { Exit } from './exit.js';

const TLB_ENTRIES = 256;
export const ICACHE_ENTRIES = 1 << 16;
export const ICACHE_MASK = ICACHE_ENTRIES - 1;
const TLB_MASK = TLB_ENTRIES - 1;

/**
 * Thrown (one preallocated instance, never allocated per fault) when a storage
 * access faults in the middle of an instruction; the run loop catches it and turns
 * it into an exit. This is QEMU's cpu_loop_exit(): abandon the instruction without
 * writing back any result.
 */
export class GuestFaultSignal {
  private constructor() {}
  static readonly instance = new GuestFaultSignal();
}
const FAULT = GuestFaultSignal.instance;

/**
 * One vCPU's execution context: the shared register file, guest memory, the
 * translation regime and a small software TLB per access kind. Data accesses go
 * through the load/store methods below, which translate, check permissions and
 * apply the guest byte order (`littleEndian`, MSR[LE]).
 */
export class Cpu {
  readonly state: CpuState;
  readonly r: Int32Array;
  readonly f: Float64Array;
  readonly memory: GuestMemory;
  readonly u8: Uint8Array;
  readonly view: DataView;
  translation: Translation;
  /** MSR[LE]: byte order of instruction fetch and data access. */
  littleEndian = true;
  /** MSR[SF]: 64-bit mode (EA and NIP arithmetic in 64 bits, CR0 from 64-bit results). */
  mode64 = true;
  /** Set by a handler that returns Flow.Exit: the Exit code to report. */
  pendingExit = 0;

  /**
   * The pre-decoded instruction cache: direct-mapped by real address, each slot
   * holding the instruction image it was decoded from and the op id. A slot is
   * valid only while memory still holds that image, which the fetch compares on
   * every instruction; so a write to code by the guest or by another thread (a
   * debugger planting 0x00dddd00) is seen before the word next executes.
   */
  readonly icacheWord = new Int32Array(ICACHE_ENTRIES);
  readonly icacheOp = new Uint16Array(ICACHE_ENTRIES);

  // exit details, valid after run() returns the matching Exit code
  exitWord = 0;
  exitAddressHi = 0;
  exitAddressLo = 0;
  /** ACCESS_* of the faulting access. */
  exitAccess = 0;
  /** Program-interrupt style reason bits, and trap/alignment detail. */
  exitDetail = 0;

  /** Scratch outputs for 64-bit loads (no allocation): the high half of the last load64. */
  loadedHi = 0;

  private readonly tlbTagLo: Int32Array[];
  private readonly tlbTagHi: Int32Array[];
  private readonly tlbPage: Int32Array[];
  private tlbGeneration = -1;

  constructor(memory: GuestMemory, translation: Translation, state: CpuState = new CpuState()) {
    this.state = state;
    this.r = state.w;
    this.f = state.f;
    this.memory = memory;
    this.u8 = memory.u8;
    this.view = memory.view;
    this.translation = translation;
    // index by ACCESS_* value (1 read, 2 write, 4 execute)
    this.tlbTagLo = []; this.tlbTagHi = []; this.tlbPage = [];
    for (let k = 0; k <= ACCESS_EXECUTE; k++) {
      this.tlbTagLo.push(new Int32Array(TLB_ENTRIES).fill(-1));
      this.tlbTagHi.push(new Int32Array(TLB_ENTRIES));
      this.tlbPage.push(new Int32Array(TLB_ENTRIES));
    }
  }

  /** Drop every cached translation (tlbie, a protection change, a regime change). */
  flushTlb(): void {
    for (const t of this.tlbTagLo) t.fill(-1);
  }

  /** Flush when the regime says its mappings changed (generation counter). */
  syncTlb(generation: number): void {
    if (generation !== this.tlbGeneration) { this.flushTlb(); this.tlbGeneration = generation; }
  }

  /**
   * Real address of an access of `size` bytes at EA, or a thrown fault. An access
   * that crosses into the next page checks that page too; pages that are not
   * physically contiguous are handled by the byte-wise path of the caller.
   */
  translate(eaHi: number, eaLo: number, size: number, access: number): number {
    if (!this.mode64) eaHi = 0; // MSR[SF]=0: the high 32 bits of an EA are ignored
    const page = eaLo >>> 12;
    const slot = page & TLB_MASK;
    let base: number;
    if (this.tlbTagLo[access]![slot] === page && this.tlbTagHi[access]![slot] === eaHi) {
      base = this.tlbPage[access]![slot]!;
    } else {
      base = this.fillTlb(eaHi, eaLo, access, slot);
    }
    const offset = eaLo & 0xfff;
    if (offset + size > 0x1000) {
      const nextLo = (eaLo - offset + 0x1000) | 0;
      const nextHi = nextLo === 0 ? (eaHi + 1) | 0 : eaHi;
      const nextBase = this.translate(nextHi, nextLo, 1, access);
      if (nextBase !== base + 0x1000) return this.fault(eaHi, eaLo, access, Exit.Alignment);
    }
    return base + offset;
  }

  private fillTlb(eaHi: number, eaLo: number, access: number, slot: number): number {
    const base = this.translation.translatePage(eaHi, eaLo, access);
    if (base < 0) {
      return this.fault(eaHi, eaLo, access, access === ACCESS_EXECUTE ? Exit.InstructionStorage : Exit.DataStorage);
    }
    this.tlbTagLo[access]![slot] = eaLo >>> 12;
    this.tlbTagHi[access]![slot] = eaHi;
    this.tlbPage[access]![slot] = base;
    return base;
  }

  /** Record a storage fault and abandon the instruction. */
  fault(eaHi: number, eaLo: number, access: number, kind: number): never {
    this.exitAddressHi = eaHi;
    this.exitAddressLo = eaLo;
    this.exitAccess = access;
    this.exitDetail = kind;
    throw FAULT;
  }

  // ---- loads: return the value (sign or zero extension is the caller's) ----
  load8(eaHi: number, eaLo: number): number {
    return this.u8[this.translate(eaHi, eaLo, 1, ACCESS_READ)]!;
  }
  load16(eaHi: number, eaLo: number, le: boolean): number {
    return this.view.getUint16(this.translate(eaHi, eaLo, 2, ACCESS_READ), le);
  }
  load32(eaHi: number, eaLo: number, le: boolean): number {
    return this.view.getInt32(this.translate(eaHi, eaLo, 4, ACCESS_READ), le);
  }
  /** Returns the low word; the high word is left in `loadedHi`. */
  load64(eaHi: number, eaLo: number, le: boolean): number {
    const pa = this.translate(eaHi, eaLo, 8, ACCESS_READ);
    if (le) { this.loadedHi = this.view.getInt32(pa + 4, true); return this.view.getInt32(pa, true); }
    this.loadedHi = this.view.getInt32(pa, false);
    return this.view.getInt32(pa + 4, false);
  }

  // ---- stores ----
  store8(eaHi: number, eaLo: number, v: number): void {
    this.u8[this.translate(eaHi, eaLo, 1, ACCESS_WRITE)] = v;
  }
  store16(eaHi: number, eaLo: number, v: number, le: boolean): void {
    this.view.setUint16(this.translate(eaHi, eaLo, 2, ACCESS_WRITE), v, le);
  }
  store32(eaHi: number, eaLo: number, v: number, le: boolean): void {
    this.view.setInt32(this.translate(eaHi, eaLo, 4, ACCESS_WRITE), v, le);
  }
  store64(eaHi: number, eaLo: number, hi: number, lo: number, le: boolean): void {
    const pa = this.translate(eaHi, eaLo, 8, ACCESS_WRITE);
    if (le) { this.view.setInt32(pa, lo, true); this.view.setInt32(pa + 4, hi, true); }
    else { this.view.setInt32(pa, hi, false); this.view.setInt32(pa + 4, lo, false); }
  }

  /** Real address of the instruction at EA (execute permission), or a thrown fault. */
  translateFetch(eaHi: number, eaLo: number): number {
    return this.translate(eaHi, eaLo, 4, ACCESS_EXECUTE);
  }

  /** Check that [EA, EA+size) is writable without writing (for stcx., dcbz, stmw...). */
  probeWrite(eaHi: number, eaLo: number, size: number): number {
    return this.translate(eaHi, eaLo, size, ACCESS_WRITE);
  }
}
