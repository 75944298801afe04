# Register-only loop: 5 instructions per iteration, no memory access.
# Iterations = 2^24 * argc (so the harness scales the work by passing arguments).
  .abiversion 2
  .globl _start
_start:
  ld 7, 0(1)          # argc
  lis 6, 0x0100
  mulld 6, 6, 7
  li 3, 0
  li 4, 0
  li 5, 0
1: addi 3, 3, 1
  add 4, 4, 3
  xor 5, 5, 4
  cmpd 3, 6
  bne 1b
  li 0, 234           # exit_group(r5 & 0x7f)
  clrldi 3, 5, 57
  sc
