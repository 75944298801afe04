/**
 * Partition-wide state that KVM keeps per VM and every vCPU must see: LPCR (AIL and
 * ILE are set for the whole partition by H_SET_MODE), the radix process table
 * registered by H_REGISTER_PROC_TBL, and a generation count that tells a vCPU to
 * reload them. One Int32Array over a SharedArrayBuffer.
 */
const LPCR = 0;          // lo, hi
const PROCTBL_BASE = 2;  // lo, hi
const PROCTBL_SIZE_LOG2 = 4; // 0 = none registered
const GENERATION = 5;
const WORDS = 8;

export class PartitionState {
  readonly words: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(WORDS * 4)) {
    this.words = new Int32Array(buffer);
  }

  get buffer(): SharedArrayBuffer { return this.words.buffer as SharedArrayBuffer; }
  get generation(): number { return Atomics.load(this.words, GENERATION); }
  get lpcrLo(): number { return this.words[LPCR]!; }
  get lpcrHi(): number { return this.words[LPCR + 1]!; }

  /** Sets the LPCR bits under `mask` (low word) to `value`. */
  updateLpcr(mask: number, value: number): void {
    this.words[LPCR] = (this.words[LPCR]! & ~mask) | (value & mask);
    Atomics.add(this.words, GENERATION, 1);
  }

  get processTable(): { base: number; sizeLog2: number } | undefined {
    const sizeLog2 = this.words[PROCTBL_SIZE_LOG2]!;
    if (sizeLog2 === 0) return undefined;
    return { base: (this.words[PROCTBL_BASE + 1]! >>> 0) * 4294967296 + (this.words[PROCTBL_BASE]! >>> 0), sizeLog2 };
  }

  setProcessTable(base: number, sizeLog2: number): void {
    this.words[PROCTBL_BASE] = base % 4294967296 | 0;
    this.words[PROCTBL_BASE + 1] = Math.floor(base / 4294967296) | 0;
    this.words[PROCTBL_SIZE_LOG2] = sizeLog2;
    Atomics.add(this.words, GENERATION, 1);
  }

  clearProcessTable(): void {
    this.words[PROCTBL_SIZE_LOG2] = 0;
    Atomics.add(this.words, GENERATION, 1);
  }
}
