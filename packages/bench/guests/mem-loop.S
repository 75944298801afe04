# Memory loop: sums and rewrites a 64 KiB buffer on the stack, 8 bytes at a time.
# 7 instructions per element (ld, add, std, addi, addi, cmpd, bne).
# Passes = 256 * argc.
  .abiversion 2
  .globl _start
_start:
  ld 9, 0(1)          # argc
  li 8, 256
  mulld 8, 8, 9       # passes
  addis 1, 1, -2      # 128 KiB of stack below the initial frame
  li 3, 0
2: mr 10, 1
  li 11, 0
1: ld 4, 0(10)
  add 3, 3, 4
  std 3, 0(10)
  addi 10, 10, 8
  addi 11, 11, 1
  cmpdi 11, 8192
  bne 1b
  addi 8, 8, -1
  cmpdi 8, 0
  bne 2b
  li 0, 234
  clrldi 3, 3, 57
  sc
