/**
 * Aligned doubleword accesses to guest RAM in one 8-byte host access.
 *
 * Power ISA Book II 1.4 (single-copy atomicity): an aligned doubleword load or store
 * is atomic, and Linux relies on it across CPUs — its qspinlock's MCS queue reads a
 * node's `next` pointer while another CPU stores it, the radix MMU reads a PTE
 * while `pte_update` changes it. Two 32-bit halves would let another vCPU thread see
 * the new low word beside the old high word (a wild pointer, a bogus translation).
 * QEMU gets atomicity from one 64-bit host access; here it is one Float64Array
 * element, whose loads and stores move the 8 bytes unchanged (NaN payloads
 * included: V8 does not canonicalize typed-array elements), through a per-thread
 * scratch doubleword that turns the two words into those bytes and back.
 */
const SCRATCH = new ArrayBuffer(8);
const SCRATCH_F64 = new Float64Array(SCRATCH);
/** Host (little-endian) order: [0] the bytes at pa..pa+3, [1] those at pa+4..pa+7. */
const SCRATCH_I32 = new Int32Array(SCRATCH);
const SCRATCH_VIEW = new DataView(SCRATCH);

/** The high word of the last `loadDoubleword` (no allocation for the pair). */
export const loadedDoubleword = { hi: 0 };

/** Reads the doubleword at real address `pa` (a multiple of 8) of `f64`: returns its low word, the high one in `loadedDoubleword.hi`. */
export function loadDoubleword(f64: Float64Array, pa: number, le: boolean): number {
  SCRATCH_F64[0] = f64[pa >>> 3]!;
  if (le) { loadedDoubleword.hi = SCRATCH_I32[1]!; return SCRATCH_I32[0]!; }
  loadedDoubleword.hi = SCRATCH_VIEW.getInt32(0, false);
  return SCRATCH_VIEW.getInt32(4, false);
}

/** Writes the doubleword (hi, lo) at real address `pa` (a multiple of 8) of `f64`. */
export function storeDoubleword(f64: Float64Array, pa: number, hi: number, lo: number, le: boolean): void {
  if (le) { SCRATCH_I32[0] = lo; SCRATCH_I32[1] = hi; } else { SCRATCH_VIEW.setInt32(0, hi, false); SCRATCH_VIEW.setInt32(4, lo, false); }
  f64[pa >>> 3] = SCRATCH_F64[0]!;
}
