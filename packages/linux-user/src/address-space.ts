import { type GuestMemory, UserPageMap, ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE, PAGE_SIZE, PAGE_SHIFT } from '@hvstep/emulator-core';

/** mmap/mprotect protection bits (asm-generic/mman-common.h); they equal the core's ACCESS_* bits. */
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

export const pageAlignDown = (a: number): number => a - (a % PAGE_SIZE);
export const pageAlignUp = (a: number): number => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;

/** Guest virtual memory map of a linux-user process (see docs in layout below). */
export interface AddressSpaceLayout {
  /** Top of the initial stack (exclusive): the strings of argv/envp end just below. */
  stackTop: number;
  /** Bytes of stack mapped below stackTop (RLIMIT_STACK). */
  stackSize: number;
  /** Top-down mmap allocations start below this address. */
  mmapTop: number;
  /** Lowest address handed out by mmap without MAP_FIXED (mmap_min_addr). */
  mmapMin: number;
}

/** Default layout for a RAM of `ramSize` bytes: stack at the top, 128 MiB gap, mmap below. */
export function defaultLayout(ramSize: number): AddressSpaceLayout {
  const stackSize = 8 << 20;
  const gap = Math.min(128 << 20, Math.floor(ramSize / 8));
  return { stackTop: ramSize, stackSize, mmapTop: pageAlignDown(ramSize - stackSize - gap), mmapMin: 0x10000 };
}

/**
 * Bookkeeping of which guest pages are mapped, on top of the core's UserPageMap
 * (which holds the access rights the TLB checks). A page can be mapped with
 * PROT_NONE, so "mapped" is tracked here separately. Pages are zeroed when they are
 * mapped, but only those that may hold data (ever writable), so that a large
 * PROT_NONE reservation does not touch the host memory behind it.
 */
export class AddressSpace {
  readonly pageMap: UserPageMap;
  readonly memory: GuestMemory;
  readonly pages: number;
  /** 1 when a mapping exists at the page (any protection). */
  readonly mapped: Uint8Array;
  /** 1 when the page may hold non-zero bytes (it was writable or loaded). */
  readonly dirty: Uint8Array;
  readonly layout: AddressSpaceLayout;
  brkStart = 0;
  brk = 0;

  constructor(memory: GuestMemory, layout: AddressSpaceLayout = defaultLayout(memory.size)) {
    this.memory = memory;
    this.pageMap = new UserPageMap(memory);
    this.pages = memory.size >>> PAGE_SHIFT;
    this.mapped = new Uint8Array(this.pages);
    this.dirty = new Uint8Array(this.pages);
    this.layout = layout;
  }

  get generation(): number { return this.pageMap.generation; }

  /** True when [start, start+len) lies inside guest RAM. */
  inRam(start: number, len: number): boolean {
    return Number.isSafeInteger(start) && start >= 0 && len >= 0 && start + len <= this.memory.size;
  }

  /** Maps [start, start+len) (page-aligned) with `prot`, replacing what was there; zero-filled. */
  map(start: number, len: number, prot: number): void {
    const first = start >>> PAGE_SHIFT, last = (start + len) / PAGE_SIZE;
    for (let p = first; p < last; p++) {
      if (this.dirty[p]) { this.memory.u8.fill(0, p * PAGE_SIZE, (p + 1) * PAGE_SIZE); this.dirty[p] = 0; }
    }
    this.mapped.fill(1, first, last);
    this.setProtection(start, len, prot);
  }

  /** Marks pages as holding data (after the loader copied file bytes into them). */
  markDirty(start: number, len: number): void {
    this.dirty.fill(1, start >>> PAGE_SHIFT, Math.ceil((start + len) / PAGE_SIZE));
  }

  unmap(start: number, len: number): void {
    const first = start >>> PAGE_SHIFT, last = (start + len) / PAGE_SIZE;
    this.mapped.fill(0, first, last);
    this.pageMap.protect(start, len, 0);
  }

  /** Changes the protection of mapped pages; false (ENOMEM) when a page in the range is unmapped. */
  protect(start: number, len: number, prot: number): boolean {
    if (!this.isMapped(start, len)) return false;
    this.setProtection(start, len, prot);
    return true;
  }

  private setProtection(start: number, len: number, prot: number): void {
    // Hardware cannot grant write without read; PROT_WRITE alone is readable on Linux too.
    let access = prot & (ACCESS_READ | ACCESS_WRITE | ACCESS_EXECUTE);
    if (access & ACCESS_WRITE) { access |= ACCESS_READ; this.markDirty(start, len); }
    this.pageMap.protect(start, len, access);
  }

  /** True when every page of [start, start+len) is mapped. */
  isMapped(start: number, len: number): boolean {
    const first = start >>> PAGE_SHIFT, last = Math.ceil((start + len) / PAGE_SIZE);
    for (let p = first; p < last; p++) if (!this.mapped[p]) return false;
    return true;
  }

  /** True when no page of [start, start+len) is mapped. */
  isFree(start: number, len: number): boolean {
    const first = start >>> PAGE_SHIFT, last = Math.ceil((start + len) / PAGE_SIZE);
    for (let p = first; p < last; p++) if (this.mapped[p]) return false;
    return true;
  }

  /**
   * A free page-aligned range of `len` bytes for mmap, top-down from the mmap base
   * like Linux's default layout, then above it; -1 when none exists.
   */
  findFree(len: number): number {
    const n = len / PAGE_SIZE;
    const lowest = this.layout.mmapMin >>> PAGE_SHIFT;
    let run = 0;
    for (let p = (this.layout.mmapTop >>> PAGE_SHIFT) - 1; p >= lowest; p--) {
      run = this.mapped[p] ? 0 : run + 1;
      if (run === n) return p * PAGE_SIZE;
    }
    run = 0;
    for (let p = this.layout.mmapTop >>> PAGE_SHIFT; p < this.pages; p++) {
      run = this.mapped[p] ? 0 : run + 1;
      if (run === n) return (p - n + 1) * PAGE_SIZE;
    }
    return -1;
  }

  /** Unmaps everything and zeroes every page that may hold data: RAM is all-zero again. */
  clear(): void {
    const u8 = this.memory.u8;
    for (let p = 0; p < this.pages; p++) {
      if (this.dirty[p]) u8.fill(0, p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
    }
    this.dirty.fill(0);
    this.mapped.fill(0);
    this.pageMap.protect(0, this.memory.size, 0);
  }

  /** Protection (ACCESS_* bits) of the page holding `addr`. */
  protectionAt(addr: number): number {
    return this.pageMap.protection[addr >>> PAGE_SHIFT] ?? 0;
  }
}
