import { CpuState } from '../state/cpu-state.js';
import type { GuestMemory } from '../memory/guest-memory.js';
import { ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE, type Translation } from '../mmu/translation.js';
import { RealModeTranslation } from '../mmu/real-mode.js';
import { Exit } from './exit.js';
import { W_MSR, sprWord } from '../state/layout.js';
import { MSR_HI_SF, MSR_LE, MSR_PR, MSR_IR, MSR_DR, MSR_FP, MSR_VEC, MSR_VSX, MSR_SE, MSR_BE, MSR_EE } from './msr.js';
import { FACILITY_BIT } from '../decode/instruction.js';
import { SPR_PID, SPR_AMR, SPR_IAMR } from './spr-numbers.js';
import { DSISR_DABR_MATCH, DSISR_ISSTORE } from './dsisr.js';
import { GuestClock, processClock } from './timebase.js';
import { newControlBlock, CONTROL_WORDS_PER_VCPU } from './control.js';
import { loadDoubleword, storeDoubleword, loadedDoubleword } from '../memory/doubleword.js';
import { TLB_ENTRIES, SCRATCH_TLB_EPOCH, type Arena, type TlbViews } from '../memory/arena.js';

/** Storage key 0 of AMR/IAMR: ISA bits 0 and 1, in the high word. */
const KEY0_WRITE = 0x80000000 | 0;
const KEY0_READ = 0x40000000;
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
 * translation regimes and a small software TLB per access kind. Data accesses go
 * through the load/store methods below, which translate, check permissions and
 * apply the guest byte order (`littleEndian`, MSR[LE]).
 *
 * Two modes: the Linux-user runner (`systemMode` false: every interrupt is an exit
 * for the runner to turn into a signal), and the system emulator (`systemMode`
 * true: guest-level interrupts are delivered inside the core, see interrupts.ts,
 * and only hypervisor-level events return). The fields derived from the MSR are
 * cached here and refreshed by `setMsr`, the one way the MSR changes.
 */
export class Cpu {
  readonly state: CpuState;
  readonly r: Int32Array;
  readonly f: Float64Array;
  readonly memory: GuestMemory;
  readonly u8: Uint8Array;
  readonly view: DataView;
  /** Guest RAM as doublewords: aligned 64-bit accesses in one host access. */
  private readonly f64: Float64Array;
  /** The regime used with relocation on (MSR[IR]/MSR[DR]=1): the user page map or radix. */
  translation: Translation;
  /** The regime used with relocation off (system mode). */
  readonly realMode: RealModeTranslation;
  /** False for the Linux-user runner; true for a guest under the hypervisor. */
  systemMode = false;
  /** MSR[LE]: byte order of instruction fetch and data access. */
  littleEndian = true;
  /** MSR[SF]: 64-bit mode (EA and NIP arithmetic in 64 bits, CR0 from 64-bit results). */
  mode64 = true;
  /** MSR[PR]. */
  problemState = true;
  /** MSR[IR] and MSR[DR] (always true for the Linux-user runner). */
  instructionRelocate = true;
  dataRelocate = true;
  /**
   * The facilities MSR[FP], MSR[VEC] and MSR[VSX] make available, as FACILITY_BIT bits
   * (decode/instruction.ts): the index of the decoder's handler table the run loop uses.
   */
  facilities = 7;
  /**
   * MSR[SE] or MSR[BE], an armed CIABR, the hypervisor's single step, or (for an engine
   * that cannot check them itself) a hypervisor instruction breakpoint: the run loop must
   * go one instruction at a time (interp/run.ts runEngine).
   */
  traceActive = false;
  /**
   * Set by an engine that checks `hvBreakpoints` itself, block by block (jit/run.ts):
   * the hypervisor's instruction breakpoints then stay out of `traceActive`, so that
   * one armed `hbreak` does not put all of the vCPU's code on the one-at-a-time path.
   */
  blocksCheckBreakpoints = false;
  /** CIABR privilege field non-zero (see interp/trace-step.ts). */
  ciabrActive = false;
  /**
   * The guest's data address watchpoint (DAWR0/DAWRX0, Book III 9.4), decoded. While
   * armed, the pages it covers are never entered in the TLB, so only accesses to
   * them pay for the comparison.
   */
  watchActive = false;
  watchStart = 0;
  watchEnd = 0;
  watchHi = 0;
  /** ACCESS_READ / ACCESS_WRITE bits the watchpoint matches. */
  watchAccess = 0;
  /** Bit per privilege it matches: 1 problem state, 2 privileged (DAWRX PR, PRIV). */
  watchPrivilege = 0;
  /** MSR[EE]. */
  externalEnabled = false;
  /** The hypervisor holds asynchronous interrupts back (a debugger's step, KVM_GUESTDBG_BLOCKIRQ). */
  asyncInterruptsBlocked = false;
  /** The process ID (SPR PID) used by radix translation of quadrant 0. */
  pid = 0;
  /**
   * The ACCESS_* rights storage key 0 of AMR (read, write) and IAMR (execute) take from
   * privileged code on non-privileged radix pages (KUAP/KUEP), derived by `syncKeys`.
   */
  privilegedDeny = 0;
  /**
   * The VM's run control words (cpu/control.ts) and this vCPU's block in them; a
   * lone Cpu has a block of its own, the hypervisor installs the VM's.
   */
  controls: Int32Array = newControlBlock();
  controlBase = 0;
  /** This vCPU's index in the VM (PIR, the doorbell target). */
  index = 0;
  /** The VM's time base (shared by its vCPUs; paused while the VM is stopped for debugging). */
  clock: GuestClock = processClock;
  /** Time base value (ticks, as a double) at which DEC reaches zero and goes negative. */
  decrementerExpiry = Number.MAX_SAFE_INTEGER;
  /** The value DEC was last given (sign-extended to its width) and the time base then (cpu/decrementer.ts). */
  decWrittenHi = 0;
  decWrittenLo = 0;
  decWrittenAt = 0;
  /**
   * Hypervisor debug facilities, invisible to the guest (KVM_GUESTDBG_*): a native
   * single step, instruction breakpoints and data watchpoints. `resumeFlag`, like
   * x86's RF, lets the first instruction after a resume pass the breakpoint or
   * watchpoint that stopped it, so the debugger need not remove it to go on.
   */
  hvSingleStep = false;
  readonly hvBreakpoints: { hi: number; lo: number }[] = [];
  readonly hvWatchpoints: { hi: number; start: number; end: number; access: number }[] = [];
  resumeFlag = false;
  /** Set while the instruction after a resume runs: hypervisor watchpoints do not fire. */
  suppressHvWatch = false;
  /** Set by an instruction after which no Trace interrupt may follow (sc, rfid, an interrupt). */
  suppressTrace = false;
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
  /** The Exit code of a storage fault (DataStorage, InstructionStorage, Alignment, Mmio); the si_code of FloatingPointEnabled. */
  exitDetail = 0;
  /** For a storage fault in system mode: the DSISR, or the ISI's SRR1 bits. */
  faultDsisr = 0;
  faultSrr1 = 0;
  /** The fault is a segment interrupt (0x380/0x480) rather than a storage one. */
  faultSegment = false;

  /** Scratch outputs for 64-bit loads (no allocation): the high half of the last load64. */
  loadedHi = 0;

  private readonly tlbTagLo: Int32Array[];
  private readonly tlbTagHi: Int32Array[];
  private readonly tlbPage: Int32Array[];
  private tlbGeneration = -1;

  /**
   * The arena this vCPU lives in and its index there, when its RAM, register file and
   * TLB are views of one WebAssembly memory (memory/arena.ts): then the translator may
   * compile blocks to WebAssembly that reach them directly (jit/wasm/engine-block.ts).
   */
  readonly arena: { readonly arena: Arena; readonly vcpu: number } | undefined;

  /**
   * `arena`: the vCPU's place in an arena whose RAM is `memory` and whose register file
   * is `state`; its TLB arrays are then the arena's.
   */
  constructor(memory: GuestMemory, translation: Translation, state: CpuState = new CpuState(), arena?: { readonly arena: Arena; readonly vcpu: number }) {
    this.state = state;
    this.r = state.w;
    this.f = state.f;
    this.memory = memory;
    this.u8 = memory.u8;
    this.view = memory.view;
    this.f64 = memory.f64;
    this.translation = translation;
    this.realMode = new RealModeTranslation(memory);
    // index by ACCESS_* value (1 read, 2 write, 4 execute)
    this.arena = arena;
    let tlb: TlbViews;
    if (arena !== undefined) {
      if (arena.arena.buffer !== memory.buffer || state.buffer !== memory.buffer || state.byteOffset !== arena.arena.registersAddress(arena.vcpu)) {
        throw new RangeError('a vCPU in an arena needs the arena\'s RAM and its own register file there');
      }
      tlb = arena.arena.tlbViews(arena.vcpu);
      // the control words in the arena, where WebAssembly blocks read the request word
      this.controls = arena.arena.controlBlock();
      this.controlBase = arena.vcpu * CONTROL_WORDS_PER_VCPU;
      this.epoch = arena.arena.scratch(arena.vcpu).subarray(SCRATCH_TLB_EPOCH, SCRATCH_TLB_EPOCH + 1);
    } else {
      this.epoch = new Int32Array(1);
      tlb = { tagLo: [], tagHi: [], page: [] };
      for (let k = 0; k <= ACCESS_EXECUTE; k++) {
        tlb.tagLo.push(new Int32Array(TLB_ENTRIES).fill(-1));
        tlb.tagHi.push(new Int32Array(TLB_ENTRIES));
        tlb.page.push(new Int32Array(TLB_ENTRIES));
      }
    }
    this.tlbTagLo = tlb.tagLo; this.tlbTagHi = tlb.tagHi; this.tlbPage = tlb.page;
  }

  /**
   * Writes the MSR and refreshes everything derived from it; the TLB is flushed when
   * the translation context (PR, IR, DR) changes. The caller applies the ISA's rules
   * on which bits an instruction may change (see isa/privileged.ts).
   */
  setMsr(hi: number, lo: number): void {
    const old = this.r[W_MSR]!;
    this.r[W_MSR] = lo; this.r[W_MSR + 1] = hi;
    this.littleEndian = (lo & MSR_LE) !== 0;
    this.mode64 = (hi & MSR_HI_SF) !== 0;
    this.problemState = (lo & MSR_PR) !== 0;
    this.facilities = ((lo & MSR_FP) !== 0 ? FACILITY_BIT.fp : 0) | ((lo & MSR_VEC) !== 0 ? FACILITY_BIT.vec : 0)
      | ((lo & MSR_VSX) !== 0 ? FACILITY_BIT.vsx : 0);
    this.refreshTraceActive();
    this.externalEnabled = (lo & MSR_EE) !== 0;
    if (this.systemMode) {
      this.instructionRelocate = (lo & MSR_IR) !== 0;
      this.dataRelocate = (lo & MSR_DR) !== 0;
    }
    if (((old ^ lo) & (MSR_PR | MSR_IR | MSR_DR)) !== 0) this.flushTlb();
  }

  /** Reloads the cached MSR fields and PID from the register file (after another thread wrote it). */
  syncFromState(): void {
    this.setMsr(this.r[W_MSR + 1]!, this.r[W_MSR]!);
    this.pid = this.r[sprWord(SPR_PID)]!;
    this.syncKeys();
    this.flushTlb();
  }

  /**
   * Re-derives `privilegedDeny` from AMR and IAMR key 0 (ISA bits 0:1 of each: AMR
   * bit 0 denies stores, bit 1 loads; IAMR bit 1 denies fetches), flushing the TLB
   * when it changed (QEMU ppc_radix64_get_prot_amr).
   */
  syncKeys(): void {
    const amr = this.r[sprWord(SPR_AMR) + 1]!, iamr = this.r[sprWord(SPR_IAMR) + 1]!;
    const deny = ((amr & KEY0_WRITE) !== 0 ? ACCESS_WRITE : 0) | ((amr & KEY0_READ) !== 0 ? ACCESS_READ : 0)
      | ((iamr & KEY0_READ) !== 0 ? ACCESS_EXECUTE : 0);
    if (deny !== this.privilegedDeny) { this.privilegedDeny = deny; this.flushTlb(); }
  }

  /**
   * Counts TLB flushes (modulo 2^29): what a translation cached elsewhere was made
   * under, so that it is dropped with the TLB (the WebAssembly blocks' jump cache,
   * jit/wasm/block-table.ts, keeps it in each entry). In an arena the word is the
   * vCPU's scratch word SCRATCH_TLB_EPOCH, which a thread stepping the vCPU in place
   * and the WebAssembly dispatcher see too.
   */
  private readonly epoch: Int32Array;
  get tlbEpoch(): number { return this.epoch[0]!; }

  /** Drop every cached translation (tlbie, a protection change, a regime change). */
  flushTlb(): void {
    for (const t of this.tlbTagLo) t.fill(-1);
    this.epoch[0] = (this.epoch[0]! + 1) & 0x1fffffff;
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
      base = this.fillTlb(eaHi, eaLo, access, slot, size);
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

  /** Does the 4 KiB page of EA overlap a watched range (the guest's DAWR or the hypervisor's)? */
  private watchCovers(eaHi: number, eaLo: number): boolean {
    const page = (eaLo & -4096) >>> 0;
    if (this.watchActive && eaHi === this.watchHi && page < this.watchEnd && page + 4096 > this.watchStart) return true;
    for (const w of this.hvWatchpoints) if (eaHi === w.hi && page < w.end && page + 4096 > w.start) return true;
    return false;
  }

  /** A hypervisor watchpoint matching the access: exit before it is performed. */
  private checkHvWatch(eaHi: number, eaLo: number, size: number, access: number): void {
    if (this.suppressHvWatch) return;
    const start = eaLo >>> 0;
    for (const w of this.hvWatchpoints) {
      if (eaHi !== w.hi || start >= w.end || start + size <= w.start || (w.access & access) === 0) continue;
      this.exitAddressHi = eaHi; this.exitAddressLo = eaLo; this.exitAccess = access;
      this.exitDetail = Exit.DebugWatchpoint;
      throw FAULT;
    }
  }

  /**
   * Set by the translator around an interpreted stretch while hypervisor breakpoints are
   * armed: the fast loop returns BREAKPOINT_PAGE before it fetches from a page that
   * holds one (interp/fast-loop.ts), instead of returning at every event.
   */
  guardBreakpointPages = false;

  /** Whether one of the hypervisor's instruction breakpoints lies in the 4 KiB effective page of hi:lo. */
  hvBreakpointOnPage(hi: number, lo: number): boolean {
    const bps = this.hvBreakpoints;
    for (let i = 0; i < bps.length; i++) {
      const b = bps[i]!;
      if (b.hi === hi && ((b.lo ^ lo) & -4096) === 0) return true;
    }
    return false;
  }

  /** Called by an engine as it starts: whether it checks hypervisor breakpoints per block (see blocksCheckBreakpoints). */
  setBlocksCheckBreakpoints(byBlocks: boolean): void {
    this.blocksCheckBreakpoints = byBlocks;
    this.refreshTraceActive();
  }

  /** `traceActive` from the MSR in the register file and the debug facilities (nothing else derived changes). */
  private refreshTraceActive(): void {
    this.traceActive = (this.r[W_MSR]! & (MSR_SE | MSR_BE)) !== 0 || this.ciabrActive || this.hvSingleStep
      || (this.hvBreakpoints.length > 0 && !this.blocksCheckBreakpoints);
  }

  /** Re-derives the cached state after the hypervisor changed its debug facilities. */
  debugFacilitiesChanged(): void {
    this.setMsr(this.r[W_MSR + 1]!, this.r[W_MSR]!);
    this.flushTlb();
  }

  /** DAWR match: DSI before the access, DAR = EA, DSISR bit 41 (DABR match) and bit 38 for a store. */
  private checkWatch(eaHi: number, eaLo: number, size: number, access: number): void {
    const start = eaLo >>> 0;
    if (eaHi !== this.watchHi || start >= this.watchEnd || start + size <= this.watchStart) return;
    if ((this.watchAccess & access) === 0) return;
    if ((this.watchPrivilege & (this.problemState ? 1 : 2)) === 0) return;
    this.faultDsisr = DSISR_DABR_MATCH | (access === ACCESS_WRITE ? DSISR_ISSTORE : 0);
    this.faultSegment = false;
    this.fault(eaHi, eaLo, access, Exit.DataStorage);
  }

  private fillTlb(eaHi: number, eaLo: number, access: number, slot: number, size: number): number {
    const relocate = access === ACCESS_EXECUTE ? this.instructionRelocate : this.dataRelocate;
    const regime = relocate ? this.translation : this.realMode;
    const base = regime.translatePage(eaHi, eaLo, access, this.problemState, this.pid, this.privilegedDeny);
    if (base < 0) {
      const why = regime.fault;
      if (why?.kind === 'outsideRam') {
        this.exitAccess = access;
        this.exitAddressHi = why.realAddressHi ?? eaHi; this.exitAddressLo = why.realAddressLo ?? eaLo;
        this.exitDetail = Exit.Mmio;
        throw FAULT;
      }
      this.faultSegment = why?.segment === true;
      this.faultDsisr = why ? why.dsisr | (access === ACCESS_WRITE ? 0x02000000 : 0) : 0x40000000;
      this.faultSrr1 = why ? why.srr1Bits : 0x40000000;
      return this.fault(eaHi, eaLo, access, access === ACCESS_EXECUTE ? Exit.InstructionStorage : Exit.DataStorage);
    }
    if ((this.watchActive || this.hvWatchpoints.length > 0) && access !== ACCESS_EXECUTE && this.watchCovers(eaHi, eaLo)) {
      this.checkHvWatch(eaHi, eaLo, size, access);
      if (this.watchActive) this.checkWatch(eaHi, eaLo, size, access);
      return base; // not cached: every access to a watched page comes back here
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
  /**
   * Returns the low word; the high word is left in `loadedHi`. An aligned doubleword
   * is read in one host access (memory/doubleword.ts: single-copy atomicity, which
   * Linux's spin locks rely on across vCPU threads).
   */
  load64(eaHi: number, eaLo: number, le: boolean): number {
    const pa = this.translate(eaHi, eaLo, 8, ACCESS_READ);
    if ((pa & 7) === 0) {
      const lo = loadDoubleword(this.f64, pa, le);
      this.loadedHi = loadedDoubleword.hi;
      return lo;
    }
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
  /** An aligned doubleword is written in one host access (see load64). */
  store64(eaHi: number, eaLo: number, hi: number, lo: number, le: boolean): void {
    const pa = this.translate(eaHi, eaLo, 8, ACCESS_WRITE);
    if ((pa & 7) === 0) { storeDoubleword(this.f64, pa, hi, lo, le); return; }
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
