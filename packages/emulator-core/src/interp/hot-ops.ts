/**
 * Op ids of the instructions the run loop executes inline (the forms compiled code
 * executes most: Rc=0/OE=0 arithmetic and logic, the common rotates, compares,
 * D/DS-form loads and stores, branches, LR/CTR moves). The choice is justified by
 * the dispatch benchmark (packages/bench, "dispatch"): a switch with inline cases
 * runs about 1.8x faster than a call through a handler table. Every other
 * instruction and every other form is a named handler in isa/.
 *
 * Id 0 is the illegal instruction; cold handler ids start at FIRST_COLD_OP.
 * A const enum, so that tsc inlines the ids as literals: V8 compiles a switch over
 * literal case labels into a jump table, and over property loads into a chain of
 * comparisons (measured: see docs/benchmarks.md).
 */
export const enum HOT {
  addi = 1,
  addis = 2,
  add = 3,
  subf = 4,
  or = 5,
  ori = 6,
  xor = 7,
  and = 8,
  andi_ = 9,
  rlwinm = 10,
  rldicl = 11,
  rldicr = 12,
  cmpi = 13,
  cmp = 14,
  cmpli = 15,
  cmpl = 16,
  lwz = 17,
  lbz = 18,
  ld = 19,
  stw = 20,
  stb = 21,
  std = 22,
  b = 23,
  bc = 24,
  bclr = 25,
  mfspr = 26,
  mtspr = 27,
  lhz = 28,
  sth = 29,
  extsw = 30,
  neg = 31,
  bcctr = 32,
  stdu = 33,
  oris = 34,
  xori = 35,
  ldx = 36,
  stdx = 37,
  lwzx = 38,
  stwx = 39,
  lbzx = 40,
}
export const FIRST_COLD_OP = 64;
