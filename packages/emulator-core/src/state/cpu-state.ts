import {
  REGISTER_FILE_BYTES, W_GPR, W_NIP, W_MSR, W_CR, W_XER, W_FPSCR, W_LR, W_CTR, F_FPR, sprWord, W_INSN_COUNT, W_VSCR,
} from './layout.js';
import { dw0At, dw1At } from '../isa/vector/vsr.js';
import { SPR_MMCR0 } from '../cpu/spr-numbers.js';
import { MMCR0_RESET } from '../cpu/pmu.js';

/**
 * Views over one vCPU's register file (see layout.ts). The interpreter uses `w`
 * (Int32Array: 64-bit values as low/high halves); tools use the BigInt accessors,
 * which are for cold paths only.
 */
export class CpuState {
  readonly buffer: SharedArrayBuffer;
  readonly w: Int32Array;
  readonly f: Float64Array;
  readonly u64: BigUint64Array;

  /** Where the register file starts in `buffer` (non-zero in an arena, memory/arena.ts). */
  readonly byteOffset: number;

  /**
   * Views over `buffer` from `byteOffset`; without a buffer, or with `fresh`, a new
   * register file with the power-on values (MMCR0 = FC, the rest 0).
   */
  constructor(buffer?: SharedArrayBuffer, byteOffset = 0, fresh = buffer === undefined) {
    buffer ??= new SharedArrayBuffer(REGISTER_FILE_BYTES);
    if (byteOffset % 8 !== 0 || buffer.byteLength < byteOffset + REGISTER_FILE_BYTES) throw new RangeError('register file buffer too small');
    this.buffer = buffer;
    this.byteOffset = byteOffset;
    this.w = new Int32Array(buffer, byteOffset, REGISTER_FILE_BYTES / 4);
    this.f = new Float64Array(buffer, byteOffset, REGISTER_FILE_BYTES / 8);
    this.u64 = new BigUint64Array(buffer, byteOffset, REGISTER_FILE_BYTES / 8);
    if (fresh) this.w[sprWord(SPR_MMCR0)] = MMCR0_RESET;
  }

  private get64(word: number): bigint { return this.u64[word >> 1]!; }
  private set64(word: number, v: bigint): void { this.u64[word >> 1] = BigInt.asUintN(64, v); }

  gpr(n: number): bigint { return this.get64(W_GPR + 2 * n); }
  setGpr(n: number, v: bigint): void { this.set64(W_GPR + 2 * n, v); }
  get nip(): bigint { return this.get64(W_NIP); }
  set nip(v: bigint) { this.set64(W_NIP, v); }
  get msr(): bigint { return this.get64(W_MSR); }
  set msr(v: bigint) { this.set64(W_MSR, v); }
  get lr(): bigint { return this.get64(W_LR); }
  set lr(v: bigint) { this.set64(W_LR, v); }
  get ctr(): bigint { return this.get64(W_CTR); }
  set ctr(v: bigint) { this.set64(W_CTR, v); }
  get cr(): number { return this.w[W_CR]! >>> 0; }
  set cr(v: number) { this.w[W_CR] = v; }
  get xer(): number { return this.w[W_XER]! >>> 0; }
  set xer(v: number) { this.w[W_XER] = v; }
  get fpscr(): bigint { return this.get64(W_FPSCR); }
  set fpscr(v: bigint) { this.set64(W_FPSCR, v); }
  spr(n: number): bigint { return this.get64(sprWord(n)); }
  setSpr(n: number, v: bigint): void { this.set64(sprWord(n), v); }
  get instructionCount(): bigint { return this.get64(W_INSN_COUNT); }
  set instructionCount(v: bigint) { this.set64(W_INSN_COUNT, v); }

  /** FPR n as raw IEEE bits. */
  fprBits(n: number): bigint { return this.u64[F_FPR + n]!; }
  setFprBits(n: number, v: bigint): void { this.u64[F_FPR + n] = BigInt.asUintN(64, v); }

  /** VSR n (0..63) as a 128-bit value (ISA bit 0 most significant); VR n is VSR 32 + n. */
  vsr(n: number): bigint { return (this.get64(dw0At(n)) << 64n) | this.get64(dw1At(n)); }
  setVsr(n: number, v: bigint): void {
    this.set64(dw0At(n), BigInt.asUintN(64, v >> 64n));
    this.set64(dw1At(n), BigInt.asUintN(64, v));
  }
  get vscr(): number { return this.w[W_VSCR]! >>> 0; }
  set vscr(v: number) { this.w[W_VSCR] = v; }
}
