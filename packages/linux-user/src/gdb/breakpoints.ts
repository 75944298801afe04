import { PAGE_SHIFT, ACCESS_EXECUTE } from '@hvstep/emulator-core';
import type { LinuxProcess } from '../process.js';

/**
 * GDB's software breakpoints (`Z0`) in a user process: the addresses are kept here
 * and `tw 31,0,0` (0x7fe00008, the word Linux's ptrace users plant) is written over
 * each only while the process runs: `plant()` before a continue, `lift()` at every
 * stop, detach and exit, so GDB, the program's own reads and a core dump never see
 * one. The word is written in the program's byte order, under the page protections
 * (a text page is read-only to the program, not to the debugger, as with ptrace).
 */
export const TRAP_WORD = 0x7fe00008;

export class SoftwareBreakpoints {
  private readonly addresses = new Set<number>();
  /** address -> the instruction word the trap replaced, while planted. */
  private readonly saved = new Map<number, number>();

  constructor(private readonly p: LinuxProcess) {}

  /** False when the address is not a mapped, executable, word-aligned guest address. */
  insert(addr: bigint): boolean {
    if (addr < 0n || addr >= 0x100000000n || (addr & 3n) !== 0n) return false;
    const a = Number(addr);
    if (!this.p.space.inRam(a, 4) || (this.p.space.pageMap.protection[a >>> PAGE_SHIFT]! & ACCESS_EXECUTE) === 0) return false;
    this.addresses.add(a);
    return true;
  }

  remove(addr: bigint): boolean {
    if (addr < 0n || addr >= 0x100000000n) return false;
    return this.addresses.delete(Number(addr));
  }

  has(addr: bigint): boolean {
    return addr >= 0n && addr < 0x100000000n && this.addresses.has(Number(addr));
  }

  /** True while the trap words are in memory. */
  get planted(): boolean { return this.saved.size > 0; }

  /** Writes the trap words (except at `skip`, the instruction about to run). */
  plant(skip?: bigint): void {
    const view = this.p.memory.view, le = this.p.elf.littleEndian;
    for (const a of this.addresses) {
      if (skip !== undefined && BigInt(a) === skip) continue;
      // a page unmapped since insert() (munmap) gets no trap
      if (!this.p.space.inRam(a, 4) || this.p.space.pageMap.protection[a >>> PAGE_SHIFT] === 0) continue;
      this.saved.set(a, view.getUint32(a, le));
      view.setUint32(a, TRAP_WORD, le);
    }
  }

  /** Puts every replaced word back (unless the program itself rewrote the trap meanwhile). */
  lift(): void {
    const view = this.p.memory.view, le = this.p.elf.littleEndian;
    for (const [a, word] of this.saved) if (view.getUint32(a, le) === TRAP_WORD) view.setUint32(a, word, le);
    this.saved.clear();
  }

  /** Lifts and forgets every breakpoint (detach). */
  clear(): void {
    this.lift();
    this.addresses.clear();
  }
}
