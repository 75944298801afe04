/**
 * A five-instruction slice of the ISA (addi, add, xor, cmpd, bne: the register
 * loop) used to race interpreter designs against each other on identical work.
 * Each design executes `count` instructions of the same loop and returns r5 so
 * that no design can be optimised away.
 */
export const LOOP_WORDS = new Int32Array([
  0x38630001, // addi r3,r3,1
  0x7c841a14, // add r4,r4,r3
  0x7ca52278, // xor r5,r5,r4
  0x7c233000, // cmpd r3,r6
  0x4082fff0, // bne -16
]);
/** Op ids the designs use after decoding. */
export const OP_ADDI = 1, OP_ADD = 2, OP_XOR = 3, OP_CMPD = 4, OP_BNE = 5;
export const OPS = new Int32Array([OP_ADDI, OP_ADD, OP_XOR, OP_CMPD, OP_BNE]);
export const TWO32 = 4294967296;
