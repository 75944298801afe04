import type { GuestMemory } from '../../memory/guest-memory.js';
import { ACCESS_EXECUTE, ACCESS_WRITE, type Translation } from '../translation.js';
import {
  DSISR_ATOMIC_RC, DSISR_ISSTORE, DSISR_NOPTE, DSISR_R_BADCONFIG, RadixFault,
} from './faults.js';
import { ProcessTable } from './process-table.js';
import {
  EAA_EXECUTE, EAA_PRIVILEGED, EAA_READ, EAA_READ_WRITE, PTE_HI_RPN, PTE_LO_ATT, PTE_LO_C, PTE_LO_R,
  PTE_LO_RPN, neededRc, protectionCause,
} from './pte.js';
import {
  RadixWalker, WALK_BAD_CONFIG, WALK_NO_TRANSLATION, WALK_OK, WALK_SEGMENT, WALK_TABLE_OUTSIDE_RAM,
  type WalkStep,
} from './walk.js';

/**
 * How the Reference and Change bits of a leaf PTE are kept.
 *
 * - 'set' (default): the MMU sets R on every translated access and C on a store,
 *   atomically in the guest's PTE, and the access goes on. This is what QEMU 7.2
 *   does (ppc_radix64_set_rc, a plain stq_phys of pte|R|C; it was the behaviour
 *   until QEMU 8.2), and the ISA allows it.
 * - 'fault': the access raises a DSI/ISI with DSISR/SRR1 0x00040000 (DSISR_ATOMIC_RC,
 *   Linux's DSISR_SET_RC) whenever R, or C for a store, is not set yet, and the PTE
 *   is left alone. The POWER9 Processor User's Manual 4.10.13.1 says POWER9 does
 *   this; QEMU switched to it in 8.2 (commit "target/ppc: Generate storage
 *   interrupts for radix RC changes", Sept. 2023).
 *
 * A Linux guest works with both: DSISR_SET_RC is not in Linux's
 * DSISR_BAD_FAULT_64S, so such a fault is an ordinary page fault after which
 * handle_mm_fault sets _PAGE_ACCESSED/_PAGE_DIRTY itself (and Linux creates most
 * PTEs with _PAGE_ACCESSED already set, _PAGE_BASE). 'set' is the default because
 * the project compares against QEMU 7.2 and it costs the guest no extra faults.
 */
export type RcMode = 'set' | 'fault';

/** Result of describe(): a walk laid out for tools (debugger, `info tlb`). */
export interface RadixDescription {
  ea: bigint;
  quadrant: number;
  /** The PID whose process table entry was used (PIDR for quadrant 0, 0 for quadrant 3). */
  pid: number;
  status: 'ok' | 'noTranslation' | 'badConfig' | 'segment' | 'tableOutsideRam';
  processEntryAddress: number | null;
  processEntry: bigint | null;
  treeBits: number | null;
  steps: WalkStep[];
  /** For status 'ok': the leaf entry and what it maps. */
  pte: bigint | null;
  pageSize: number | null;
  /** Real address of the EA itself (not of its page). */
  realAddress: number | null;
  /** EAA and attributes of the leaf, as letters: 'p' privileged, 'r', 'w', 'x'. */
  access: string | null;
  attribute: 'normal' | 'sao' | 'nonIdempotentIo' | 'tolerantIo' | null;
  referenced: boolean | null;
  changed: boolean | null;
  /** For status 'tableOutsideRam': the entry address outside RAM. */
  badAddress: number | null;
}

const TWO32 = 4294967296;
/** Attempts of walk + R/C update before giving up on setting R/C (another vCPU kept changing the PTE). */
const RC_ATTEMPTS = 8;

/** The host's byte order; GuestMemory.i32 is in it, PTEs in guest RAM are big-endian. */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const byteSwap32 = (x: number): number =>
  ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
/** A host-order Int32Array word as the big-endian word it holds, or the reverse. */
const hostWord = HOST_LITTLE_ENDIAN ? byteSwap32 : (x: number): number => x | 0;

/**
 * Power ISA 3.0 radix translation for a guest partition (MSR[HV]=0) under a
 * hypervisor, as on POWER9: process-scoped translation only, partition-scoped
 * translation being the identity (a guest real address is an offset into
 * GuestMemory). Used by the CPU on TLB misses.
 *
 * Storage keys: radix uses key 0 of AMR/IAMR only, for privileged code on
 * non-privileged pages (Linux's KUAP/KUEP; the Cpu passes the rights they take away).
 * Guest real mode is mmu/real-mode.ts. The CPU caches translations per access kind
 * and must flush them when MSR[PR], PIDR, AMR/IAMR key 0 or `generation` change.
 */
export class RadixTranslation implements Translation {
  /** Details of the last fault (one reused record), valid after translatePage returned -1. */
  readonly fault = new RadixFault();
  readonly processTable = new ProcessTable();
  /** MSR[PR] and PIDR used when translatePage is called through the 3-argument Translation interface. */
  problemState = false;
  pid = 0;
  rcMode: RcMode;
  /** Bumped when cached translations may be stale (process table change, invalidate()). */
  generation = 0;

  private readonly walker: RadixWalker;
  private readonly i32: Int32Array;
  private readonly memorySize: number;

  constructor(readonly memory: GuestMemory, options: { rcMode?: RcMode } = {}) {
    this.walker = new RadixWalker(memory, this.processTable);
    this.i32 = memory.i32;
    this.memorySize = memory.size;
    this.rcMode = options.rcMode ?? 'set';
  }

  /**
   * Register the process table (H_REGISTER_PROC_TBL with the radix flag).
   * @param base guest real address of the table
   * @param sizeLog2 log2 of the table size in bytes: 12 + PATS
   */
  setProcessTable(base: number, sizeLog2: number): void {
    this.processTable.set(base, sizeLog2);
    this.generation++;
  }

  /** Deregister it: every translation then faults (DSI/ISI with R_BADCONFIG). */
  clearProcessTable(): void {
    this.processTable.clear();
    this.generation++;
  }

  /** Cached translations are stale (tlbie, tlbiel, a PID change seen by all vCPUs...). */
  invalidate(): void {
    this.generation++;
  }

  /**
   * The TLB miss path: the guest real address of the 4 KiB page holding EA, or -1
   * with `fault` filled in. Sets R (and C for a store) in the PTE in 'set' mode.
   * @param access ACCESS_READ, ACCESS_WRITE or ACCESS_EXECUTE
   * @param problemState MSR[PR]
   * @param pid PIDR (used for quadrant 0)
   * @param privilegedDeny ACCESS_* rights AMR/IAMR key 0 take from privileged code on non-privileged pages
   */
  translatePage(eaHi: number, eaLo: number, access: number,
    problemState: boolean = this.problemState, pid: number = this.pid, privilegedDeny = 0): number {
    const walker = this.walker;
    for (let attempt = 1; ; attempt++) {
      const status = walker.resolve(eaHi, eaLo, pid, null);
      if (status !== WALK_OK) return this.walkFault(status, eaHi, eaLo, access);

      const pteLo = walker.pteLo;
      const cause = protectionCause(pteLo, access, problemState, privilegedDeny);
      if (cause !== 0) return this.storageFault(cause, eaHi, eaLo, access);

      // RA = (RPN without the page offset bits) | (EA's page offset bits), to 4 KiB
      const shift = walker.pageShift;
      const hiMask = shift > 32 ? (1 << (shift - 32)) - 1 : 0;
      const loMask = shift >= 32 ? -1 : (1 << shift) - 1;
      const raHi = (walker.pteHi & PTE_HI_RPN & ~hiMask) | (eaHi & hiMask);
      const raLo = (pteLo & PTE_LO_RPN & ~loMask) | (eaLo & loMask & ~0xfff);
      const ra = raHi * TWO32 + (raLo >>> 0);
      if (ra + 0x1000 > this.memorySize) return this.outsideRam(ra, false, eaHi, eaLo, access);

      const need = neededRc(access);
      if ((pteLo & need) !== need) {
        if (this.rcMode === 'fault') return this.storageFault(DSISR_ATOMIC_RC, eaHi, eaLo, access);
        if (!this.setRc(walker.pteAddress, walker.pteHi, pteLo, need) && attempt < RC_ATTEMPTS) continue;
      }
      return ra;
    }
  }

  /**
   * The real address EA maps to, or -1 when it does not translate: `describe`'s
   * `realAddress` without the description (reads only, no R/C update, no fault record,
   * no allocation), for a debugger's translations on every step and memory read.
   */
  peek(eaHi: number, eaLo: number, pid: number = this.pid): number {
    const walker = this.walker;
    if (walker.resolve(eaHi, eaLo, pid, null) !== WALK_OK) return -1;
    const shift = walker.pageShift;
    const hiMask = shift > 32 ? (1 << (shift - 32)) - 1 : 0;
    const loMask = shift >= 32 ? -1 : (1 << shift) - 1;
    const raHi = (walker.pteHi & PTE_HI_RPN & ~hiMask) | (eaHi & hiMask);
    const raLo = (walker.pteLo & PTE_LO_RPN & ~loMask) | (eaLo & loMask);
    return (raHi >>> 0) * TWO32 + (raLo >>> 0);
  }

  /**
   * The walk of EA for tools: every level read, the leaf and what it maps. Reads
   * only (no R/C update, no fault record). Allocates: not for the TLB miss path.
   */
  describe(eaHi: number, eaLo: number, pid: number = this.pid): RadixDescription {
    const walker = new RadixWalker(this.memory, this.processTable);
    const steps: WalkStep[] = [];
    const status = walker.resolve(eaHi, eaLo, pid, steps);
    const quadrant = eaHi >>> 30;
    const reachedTable = walker.processEntryRead;
    const d: RadixDescription = {
      ea: (BigInt(eaHi >>> 0) << 32n) | BigInt(eaLo >>> 0),
      quadrant,
      pid: quadrant === 0 ? pid >>> 0 : 0,
      status: status === WALK_OK ? 'ok' : status === WALK_NO_TRANSLATION ? 'noTranslation'
        : status === WALK_BAD_CONFIG ? 'badConfig' : status === WALK_SEGMENT ? 'segment' : 'tableOutsideRam',
      processEntryAddress: reachedTable ? walker.processEntryAddress : null,
      processEntry: reachedTable ? (BigInt(walker.processEntryHi >>> 0) << 32n) | BigInt(walker.processEntryLo >>> 0) : null,
      treeBits: reachedTable && (walker.processEntryHi | walker.processEntryLo) !== 0 ? walker.treeBits : null,
      steps,
      pte: null, pageSize: null, realAddress: null, access: null, attribute: null,
      referenced: null, changed: null,
      badAddress: status === WALK_TABLE_OUTSIDE_RAM ? walker.badAddress : null,
    };
    if (status === WALK_OK) {
      const hi = walker.pteHi, lo = walker.pteLo, shift = walker.pageShift;
      const rpn = ((BigInt((hi & PTE_HI_RPN) >>> 0) << 32n) | BigInt((lo & PTE_LO_RPN) >>> 0));
      const mask = (1n << BigInt(shift)) - 1n;
      d.pte = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
      d.pageSize = 2 ** shift;
      d.realAddress = Number((rpn & ~mask) | (d.ea & mask));
      d.access = ((lo & EAA_PRIVILEGED) !== 0 ? 'p' : '-') + ((lo & (EAA_READ | EAA_READ_WRITE)) !== 0 ? 'r' : '-')
        + ((lo & EAA_READ_WRITE) !== 0 ? 'w' : '-') + ((lo & EAA_EXECUTE) !== 0 ? 'x' : '-');
      d.attribute = (['normal', 'sao', 'nonIdempotentIo', 'tolerantIo'] as const)[(lo & PTE_LO_ATT) >>> 4]!;
      d.referenced = (lo & PTE_LO_R) !== 0;
      d.changed = (lo & PTE_LO_C) !== 0;
    }
    return d;
  }

  /**
   * Set `bits` (R, or R|C) in the PTE's low word with a compare-and-swap, provided
   * the PTE still holds what the walk read (another vCPU may be changing it with
   * ldarx/stdcx. or a plain store). False when it changed: walk again. The PTE is
   * 8-aligned, so its low word (bytes 4..7, big-endian) is one Int32Array element.
   */
  private setRc(pteAddress: number, pteHi: number, pteLo: number, bits: number): boolean {
    const i32 = this.i32;
    const loIndex = (pteAddress + 4) / 4;
    const raw = Atomics.load(i32, loIndex);
    if (hostWord(raw) !== pteLo || hostWord(Atomics.load(i32, loIndex - 1)) !== pteHi) return false;
    return Atomics.compareExchange(i32, loIndex, raw, raw | hostWord(bits)) === raw;
  }

  private walkFault(status: number, eaHi: number, eaLo: number, access: number): number {
    switch (status) {
      case WALK_SEGMENT:
        this.storageFault(DSISR_NOPTE, eaHi, eaLo, access);
        this.fault.segment = true;
        return -1;
      case WALK_NO_TRANSLATION: return this.storageFault(DSISR_NOPTE, eaHi, eaLo, access);
      case WALK_BAD_CONFIG: return this.storageFault(DSISR_R_BADCONFIG, eaHi, eaLo, access);
      default: return this.outsideRam(this.walker.badAddress, true, eaHi, eaLo, access);
    }
  }

  /** DSI (DSISR = cause, plus the store bit) or ISI (SRR1 |= cause). */
  private storageFault(cause: number, eaHi: number, eaLo: number, access: number): number {
    if (access === ACCESS_EXECUTE) this.fault.set('isi', eaHi, eaLo, access, 0, cause);
    else this.fault.set('dsi', eaHi, eaLo, access, access === ACCESS_WRITE ? cause | DSISR_ISSTORE : cause, 0);
    return -1;
  }

  private outsideRam(realAddress: number, tableWalk: boolean, eaHi: number, eaLo: number, access: number): number {
    this.fault.set('outsideRam', eaHi, eaLo, access, 0, 0);
    this.fault.setOutsideRam(realAddress, tableWalk);
    return -1;
  }
}
