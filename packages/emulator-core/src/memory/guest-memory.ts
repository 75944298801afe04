/**
 * Guest physical memory: one SharedArrayBuffer shared by every vCPU worker and the
 * debugger. All accessors take a *real* (physical) address that the MMU has already
 * checked against `size`; they never see an address outside RAM. Endianness is a
 * parameter because the guest's byte order (MSR[LE]) can change at run time.
 */
/** Number of quadword lock stripes (a power of two). */
export const QUAD_LOCK_STRIPES = 64;

export class GuestMemory {
  readonly buffer: SharedArrayBuffer;
  readonly size: number;
  readonly u8: Uint8Array;
  readonly view: DataView;
  /** Word view for atomics (host byte order, which is little-endian on every supported host). */
  readonly i32: Int32Array;
  /** Doubleword view for 64-bit atomics (stdcx.). */
  readonly i64: BigInt64Array;
  /**
   * Doubleword view for plain aligned 64-bit loads and stores: one host access of 8
   * bytes, so another vCPU thread never sees half of a doubleword (see Cpu.load64).
   */
  readonly f64: Float64Array;
  /**
   * Striped spin locks that make quadword accesses (lq, stq, lqarx, stqcx.) single-copy
   * atomic among themselves across vCPU threads: the host has no 128-bit atomics
   * (see isa/fixed/quadword.ts). Shared by every thread that shares this RAM.
   */
  readonly quadLocks: Int32Array;

  /**
   * RAM of `sizeOrBuffer` bytes, or over a buffer made elsewhere: its first `size` bytes
   * (all of it by default; the arena's buffer holds more than RAM, memory/arena.ts).
   */
  constructor(sizeOrBuffer: number | SharedArrayBuffer, quadLocks?: SharedArrayBuffer, size?: number) {
    this.buffer = typeof sizeOrBuffer === 'number' ? new SharedArrayBuffer(sizeOrBuffer) : sizeOrBuffer;
    this.quadLocks = new Int32Array(quadLocks ?? new SharedArrayBuffer(QUAD_LOCK_STRIPES * 4));
    if (this.quadLocks.length !== QUAD_LOCK_STRIPES) {
      throw new RangeError(`the quadword lock table must hold ${QUAD_LOCK_STRIPES} words`);
    }
    this.size = size ?? this.buffer.byteLength;
    if (this.size === 0 || this.size % 4096 !== 0) {
      throw new RangeError(`guest RAM size must be a non-zero multiple of 4 KiB, got ${this.size}`);
    }
    if (this.size > this.buffer.byteLength) throw new RangeError(`guest RAM of ${this.size} bytes in a buffer of ${this.buffer.byteLength}`);
    this.u8 = new Uint8Array(this.buffer, 0, this.size);
    this.view = new DataView(this.buffer, 0, this.size);
    this.i32 = new Int32Array(this.buffer, 0, this.size / 4);
    this.i64 = new BigInt64Array(this.buffer, 0, this.size / 8);
    this.f64 = new Float64Array(this.buffer, 0, this.size / 8);
  }

  /** True when [pa, pa+len) lies inside RAM. */
  contains(pa: number, len: number): boolean {
    return pa >= 0 && len >= 0 && pa + len <= this.size;
  }

  read8(pa: number): number { return this.u8[pa]!; }
  write8(pa: number, v: number): void { this.u8[pa] = v; }
  read16(pa: number, le: boolean): number { return this.view.getUint16(pa, le); }
  write16(pa: number, v: number, le: boolean): void { this.view.setUint16(pa, v, le); }
  read32(pa: number, le: boolean): number { return this.view.getInt32(pa, le); }
  write32(pa: number, v: number, le: boolean): void { this.view.setInt32(pa, v, le); }

  /** 64-bit read as a BigInt: for tools and tests, never the interpreter. */
  read64Big(pa: number, le: boolean): bigint { return this.view.getBigUint64(pa, le); }
  write64Big(pa: number, v: bigint, le: boolean): void { this.view.setBigUint64(pa, BigInt.asUintN(64, v), le); }

  /**
   * Takes the lock of the quadword at real address `pa` (16-byte aligned). The critical
   * sections are a few loads and stores with every translation done before, so they
   * never throw and never wait on anything: a bare spin is enough.
   */
  lockQuadword(pa: number): number {
    const stripe = (pa >>> 4) & (QUAD_LOCK_STRIPES - 1);
    while (Atomics.compareExchange(this.quadLocks, stripe, 0, 1) !== 0) { /* another vCPU holds it */ }
    return stripe;
  }

  unlockQuadword(stripe: number): void {
    Atomics.store(this.quadLocks, stripe, 0);
  }

  readBytes(pa: number, len: number): Uint8Array { return this.u8.slice(pa, pa + len); }
  writeBytes(pa: number, bytes: Uint8Array): void { this.u8.set(bytes, pa); }
}
