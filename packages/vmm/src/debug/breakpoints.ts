import type { GuestMemory } from '@hvstep/emulator-core';

/** Scratch for one word, viewed in the host's byte order as the i32 view of guest memory is (no allocation per plant). */
const WORD = new Int32Array(1);
const WORD_BYTES = new Uint8Array(WORD.buffer);

/** Who planted a breakpoint: GDB (Z0) or the single stepper. */
export type BreakpointOwner = 'user' | 'step';

/**
 * `original`: the guest's four bytes under the word, packed as byte i at bits 8i (a
 * number, not a Uint8Array: a step plants a dozen words, and a typed array per word was
 * a good part of the step's garbage).
 */
interface Planted { readonly realAddress: number; original: number; user: number; step: number }

/**
 * Records of removed words kept for re-use, at most this many: an emulated step plants
 * and removes the same dozen words (the Trace handler and the fault vectors) every time,
 * and deleting and re-adding them made the map shrink and grow at every step.
 */
const MAX_RETIRED = 64;

const live = (p: Planted | undefined): boolean => p !== undefined && (p.user > 0 || p.step > 0);

const byteOf = (packed: number, i: number): number => (packed >>> (8 * i)) & 0xff;

/**
 * VM-global software breakpoints keyed by real address, with a use count per owner
 * (spec section 3: inserting where one exists only counts; the original word comes
 * back when the last use goes). The debug instruction is 0x00dddd00, the same bytes in
 * either byte order, so big-endian firmware and little-endian kernel code are patched
 * alike. Every vCPU's pre-decoded cache compares the cached word with memory, so a
 * planted or restored word is seen before it executes. Words are planted and restored
 * with one aligned 32-bit store: in non-stop mode other vCPUs run and fetch meanwhile,
 * and must see the old word or the new one, never a mix of both.
 */
export class BreakpointTable {
  /** Planted words, and up to MAX_RETIRED removed ones (no use left: user = step = 0) kept for re-use. */
  private readonly planted = new Map<number, Planted>();
  private liveCount = 0;

  constructor(private readonly memory: GuestMemory, private readonly debugWord: () => Uint8Array) {}

  get size(): number { return this.liveCount; }
  get userCount(): number { let n = 0; for (const p of this.planted.values()) if (p.user > 0) n++; return n; }

  insert(realAddress: number, owner: BreakpointOwner): void {
    let p = this.planted.get(realAddress);
    if (!live(p)) {
      const u8 = this.memory.u8;
      const original = (u8[realAddress]! | (u8[realAddress + 1]! << 8) | (u8[realAddress + 2]! << 16) | (u8[realAddress + 3]! << 24)) >>> 0;
      if (p) p.original = original;
      else this.planted.set(realAddress, p = { realAddress, original, user: 0, step: 0 });
      this.storeWord(realAddress, this.debugWord());
      this.liveCount++;
    }
    p![owner]++;
  }

  /** Drops one use; false if `owner` had none there. */
  remove(realAddress: number, owner: BreakpointOwner): boolean {
    const p = this.planted.get(realAddress);
    if (!p || p[owner] === 0) return false;
    p[owner]--;
    if (p.user === 0 && p.step === 0) {
      // the guest may have rewritten the word itself (patched code): then its word stays
      if (this.intact(p)) this.storePacked(realAddress, p.original);
      this.liveCount--;
      // the record stays for the next plant at this address (usually the next step's)
      if (this.planted.size - this.liveCount > MAX_RETIRED) this.dropRetired();
    }
    return true;
  }

  private dropRetired(): void {
    for (const [a, p] of this.planted) if (!live(p)) this.planted.delete(a);
  }

  /** Writes 4 bytes at an aligned real address in one store (host byte order of the i32 view). */
  private storeWord(realAddress: number, bytes: Uint8Array): void {
    if ((realAddress & 3) !== 0) { this.memory.writeBytes(realAddress, bytes); return; }
    for (let i = 0; i < 4; i++) WORD_BYTES[i] = bytes[i]!;
    Atomics.store(this.memory.i32, realAddress >> 2, WORD[0]!);
  }

  /** storeWord for the packed original bytes (through the same one-word scratch). */
  private storePacked(realAddress: number, packed: number): void {
    for (let i = 0; i < 4; i++) WORD_BYTES[i] = byteOf(packed, i);
    this.storeWord(realAddress, WORD_BYTES);
  }

  /** The debug word is still in memory where it was planted (the guest has not overwritten it). */
  private intact(p: Planted): boolean {
    const word = this.debugWord();
    const u8 = this.memory.u8;
    return u8[p.realAddress] === word[0] && u8[p.realAddress + 1] === word[1] && u8[p.realAddress + 2] === word[2] && u8[p.realAddress + 3] === word[3];
  }

  has(realAddress: number, owner?: BreakpointOwner): boolean {
    const p = this.planted.get(realAddress);
    return live(p) && (owner === undefined || p![owner] > 0);
  }

  /** Removes every use by `owner` (detach). */
  clear(owner: BreakpointOwner): void {
    for (const p of [...this.planted.values()]) while (p[owner] > 0) this.remove(p.realAddress, owner);
  }

  /** The planted word covering a real address (aligned words first), or undefined. */
  private covering(realAddress: number): Planted | undefined {
    const p = this.planted.get(realAddress & ~3);
    return live(p) && realAddress < p!.realAddress + 4 ? p : this.findCovering(realAddress);
  }

  /** The guest's own byte at a real address under a planted word, or undefined if none is planted there. */
  originalByte(realAddress: number): number | undefined {
    const p = this.covering(realAddress);
    return p && this.intact(p) ? byteOf(p.original, realAddress - p.realAddress) : undefined;
  }

  /**
   * A debugger write over a planted word changes the guest's instruction, not the
   * breakpoint: keep the word planted and remember the new original. Returns true when
   * the byte was under a breakpoint (and must not be written to memory).
   */
  writeUnder(realAddress: number, byte: number): boolean {
    const p = this.covering(realAddress);
    if (!p) return false;
    const shift = 8 * (realAddress - p.realAddress);
    p.original = ((p.original & ~(0xff << shift)) | ((byte & 0xff) << shift)) >>> 0;
    return true;
  }

  private findCovering(realAddress: number): Planted | undefined {
    for (let a = realAddress - 3; a <= realAddress; a++) {
      const p = this.planted.get(a);
      if (live(p) && realAddress < a + 4) return p;
    }
    return undefined;
  }
}
