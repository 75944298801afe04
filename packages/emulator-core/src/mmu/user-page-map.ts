import { ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE, type Translation } from './translation.js';
import type { GuestMemory } from '../memory/guest-memory.js';

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;

/**
 * Linux-user address space: effective addresses below RAM's size map one to one
 * onto guest RAM (like qemu-user's guest_base with reserved_va), each 4 KiB page
 * carrying the protection that mmap/mprotect/brk gave it. Anything above 4 GiB or
 * outside RAM, or without the wanted permission, faults (SIGSEGV for the guest).
 */
export class UserPageMap implements Translation {
  /** Per page: ACCESS_READ | ACCESS_WRITE | ACCESS_EXECUTE, 0 = unmapped. */
  readonly protection: Uint8Array;
  /** Bumped on every protection change, so vCPU TLBs know to flush. */
  generation = 0;

  constructor(readonly memory: GuestMemory) {
    this.protection = new Uint8Array(memory.size / PAGE_SIZE);
  }

  translatePage(eaHi: number, eaLo: number, access: number): number {
    if (eaHi !== 0) return -1;
    const page = eaLo >>> PAGE_SHIFT;
    if (page >= this.protection.length) return -1;
    if ((this.protection[page]! & access) !== access) return -1;
    return page * PAGE_SIZE;
  }

  /** Set the protection of [start, start+len) (page-aligned outward). */
  protect(start: number, len: number, prot: number): void {
    const first = Math.floor(start / PAGE_SIZE);
    const last = Math.ceil((start + len) / PAGE_SIZE);
    if (first < 0 || last > this.protection.length) throw new RangeError('range outside guest RAM');
    this.protection.fill(prot & (ACCESS_READ | ACCESS_WRITE | ACCESS_EXECUTE), first, last);
    this.generation++;
  }

  isMapped(start: number, len: number): boolean {
    const first = Math.floor(start / PAGE_SIZE);
    const last = Math.ceil((start + len) / PAGE_SIZE);
    if (first < 0 || last > this.protection.length) return false;
    for (let p = first; p < last; p++) if (this.protection[p] === 0) return false;
    return true;
  }
}
