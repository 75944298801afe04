import type { GuestMemory } from '../../memory/guest-memory.js';
import { loadDoubleword, loadedDoubleword } from '../../memory/doubleword.js';
import type { ProcessTable } from './process-table.js';
import {
  PDE_HI_NLB, PDE_LO_NLB, PDE_LO_NLS, PTE_HI_LEAF, radixTreeBits,
} from './pte.js';

/*
 * Process-scoped radix translation of a guest (MSR[HV]=0), up to the leaf entry:
 * quadrant and EA range checks, the process table entry, then the tree walk. The
 * caller (radix-translation.ts) checks permissions and R/C and turns the status
 * into an interrupt. Facts as QEMU 7.2 target/ppc/mmu-radix64.c:
 *  - ppc_radix64_get_fully_qualified_addr: EA bits 2:11 non-zero, or quadrant 1
 *    or 2 with MSR[HV]=0, give a segment interrupt (QEMU 7.0+, "Check effective
 *    address validity"); quadrant 0 uses PIDR, quadrant 3 uses PID 0;
 *  - ppc_radix64_process_scoped_xlate: the process table must be aligned on its
 *    size (else BADCONFIG), PID*16 past its size is "no translation" (NOPTE), a
 *    zero entry is BADCONFIG; entries are read with ldq_phys, big-endian on the
 *    big-endian ppc64 target (and Linux stores them with cpu_to_be64);
 *  - ppc_radix64_walk_tree / ppc_radix64_is_valid_level (QEMU 7.1+): only the
 *    POWER9 configurations are valid, a 52-bit tree (RTS) with a 2^13-entry root,
 *    2^9-entry levels 1 and 2 and a 2^9 (4 KiB pages) or 2^5 (64 KiB pages)
 *    entry level 3; anything else is BADCONFIG, checked before each level's read.
 *    A base not aligned on its directory's size has its low bits dropped
 *    (ppc_radix64_next_level "misaligned page dir/table base", QEMU 7.1+). An
 *    invalid entry is NOPTE. A leaf above level 3 maps the whole range its entry
 *    covers: 1 GiB at level 1, 2 MiB at level 2 (and 512 GiB at level 0, which
 *    QEMU accepts too).
 */

/** Walk statuses. */
export const WALK_OK = 0;
/** Invalid entry, or PID past the process table: DSISR/SRR1 NOPTE. */
export const WALK_NO_TRANSLATION = 1;
/** Unsupported tree geometry, zero or misaligned process table entry: DSISR/SRR1 R_BADCONFIG. */
export const WALK_BAD_CONFIG = 2;
/** EA bits 2:11 non-zero, or quadrant 1/2: segment interrupt. */
export const WALK_SEGMENT = 3;
/** A process or page table entry lies outside guest RAM (address in `badAddress`). */
export const WALK_TABLE_OUTSIDE_RAM = 4;

/** The only tree size POWER9 supports: 2^52 bytes per quadrant. */
export const POWER9_TREE_BITS = 52;

/** EA bits 2:11 of the ISA (bits 61..52 counted from the right): must be zero. */
const EA_HI_RESERVED = 0x3ff00000;

/** One level of a walk, for tools (describe); never built on the TLB miss path. */
export interface WalkStep {
  /** 0 = root (PGD), 1 = PUD, 2 = PMD, 3 = PTE level. */
  level: number;
  /** Guest real address of the directory read at this level (after alignment). */
  tableBase: number;
  /** log2 of its number of entries (RPDS / NLS). */
  entriesLog2: number;
  index: number;
  entryAddress: number;
  entry: bigint;
  leaf: boolean;
}

/** Valid POWER9 radix configuration at `level` (QEMU ppc_radix64_is_valid_level). */
export function isValidLevel(level: number, remainingBits: number, nls: number): boolean {
  switch (level) {
    case 0: return remainingBits === POWER9_TREE_BITS && nls === 13;
    case 1:
    case 2: return nls === 9;
    case 3: return nls === 9 || nls === 5;
    default: return false;
  }
}

/** Bits [shift, shift+n) of the 64-bit value hi:lo (n <= 16). */
function eaBits(hi: number, lo: number, shift: number, n: number): number {
  const mask = (1 << n) - 1;
  if (shift >= 32) return (hi >>> (shift - 32)) & mask;
  if (shift + n <= 32) return (lo >>> shift) & mask;
  return ((lo >>> shift) | (hi << (32 - shift))) & mask;
}

const TWO32 = 4294967296;

/**
 * Resolves an EA to its leaf entry. Results are left in fields (no allocation):
 * after WALK_OK the leaf entry, its address and the page size; after
 * WALK_TABLE_OUTSIDE_RAM the real address that was outside RAM.
 */
export class RadixWalker {
  /** Leaf entry, high and low words (big-endian value, as signed 32-bit halves). */
  pteHi = 0;
  pteLo = 0;
  /** Guest real address of the leaf entry (8-aligned). */
  pteAddress = 0;
  /** log2 of the page size the leaf maps (12, 16, 21, 30 or 39). */
  pageShift = 0;
  /** Level of the leaf (0..3), or of the entry that stopped the walk. */
  level = 0;
  /** Real address outside RAM, after WALK_TABLE_OUTSIDE_RAM. */
  badAddress = 0;
  /** Whether the last resolve read a process table entry; then that entry (doubleword 0) and its address. */
  processEntryRead = false;
  processEntryAddress = 0;
  processEntryHi = 0;
  processEntryLo = 0;
  /** Tree size in bits from the process table entry (RTS + 31). */
  treeBits = 0;

  private readonly view: DataView;
  /** RAM as doublewords: each table entry is read in one host access (memory/doubleword.ts). */
  private readonly f64: Float64Array;
  private readonly memorySize: number;

  constructor(memory: GuestMemory, readonly processTable: ProcessTable) {
    this.view = memory.view;
    this.f64 = memory.f64;
    this.memorySize = memory.size;
  }

  /**
   * @param pid PIDR, used for quadrant 0 (quadrant 3 uses PID 0)
   * @param trace when not null, receives one WalkStep per level read (tools only)
   */
  resolve(eaHi: number, eaLo: number, pid: number, trace: WalkStep[] | null): number {
    this.processEntryRead = false;
    if ((eaHi & EA_HI_RESERVED) !== 0) return WALK_SEGMENT;
    const quadrant = eaHi >>> 30;
    if (quadrant === 1 || quadrant === 2) return WALK_SEGMENT;
    const effectivePid = quadrant === 0 ? pid >>> 0 : 0;

    const table = this.processTable;
    if (!table.usable) return WALK_BAD_CONFIG;
    const entryAddress = table.entryAddress(effectivePid);
    if (entryAddress < 0) return WALK_NO_TRANSLATION;
    this.processEntryAddress = entryAddress;
    if (entryAddress + 8 > this.memorySize) {
      this.badAddress = entryAddress;
      return WALK_TABLE_OUTSIDE_RAM;
    }
    const view = this.view;
    const prHi = view.getInt32(entryAddress, false);
    const prLo = view.getInt32(entryAddress + 4, false);
    this.processEntryHi = prHi;
    this.processEntryLo = prLo;
    this.processEntryRead = true;
    // A zero entry (Linux uses one for a kernel context without user space, so
    // that NULL dereferences fault) is an invalid configuration.
    if (prHi === 0 && prLo === 0) return WALK_BAD_CONFIG;

    let remaining = radixTreeBits(prHi, prLo);
    this.treeBits = remaining;
    let nls = prLo & PDE_LO_NLS;
    let baseHi = prHi & PDE_HI_NLB;
    let baseLo = prLo & PDE_LO_NLB;
    for (let level = 0; ; level++) {
      this.level = level;
      if (!isValidLevel(level, remaining, nls)) return WALK_BAD_CONFIG;
      // drop the base's bits below the directory's size (nls + 3 <= 16 here)
      const tableBase = baseHi * TWO32 + ((baseLo & ~((1 << (nls + 3)) - 1)) >>> 0);
      const index = eaBits(eaHi, eaLo, remaining - nls, nls);
      const address = tableBase + index * 8;
      if (address + 8 > this.memorySize) {
        this.badAddress = address;
        return WALK_TABLE_OUTSIDE_RAM;
      }
      // one access, as the hardware's walk reads an entry: another vCPU's pte_update
      // (ldarx/stdcx.) must not be seen half done (the address is 8-byte aligned)
      const lo = loadDoubleword(this.f64, address, false);
      const hi = loadedDoubleword.hi;
      const leaf = (hi & PTE_HI_LEAF) !== 0;
      if (trace !== null) {
        trace.push({
          level, tableBase, entriesLog2: nls, index, entryAddress: address,
          entry: (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0), leaf: hi < 0 && leaf,
        });
      }
      if (hi >= 0) return WALK_NO_TRANSLATION; // Valid is the sign bit
      remaining -= nls;
      if (leaf) {
        this.pteHi = hi;
        this.pteLo = lo;
        this.pteAddress = address;
        this.pageShift = remaining;
        return WALK_OK;
      }
      nls = lo & PDE_LO_NLS;
      baseHi = hi & PDE_HI_NLB;
      baseLo = lo & PDE_LO_NLB;
    }
  }
}
