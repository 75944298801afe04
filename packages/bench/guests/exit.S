# Exits at once: measures the start-up cost of a runner.
  .abiversion 2
  .globl _start
_start:
  li 0, 234
  li 3, 0
  sc
