# The register loop of reg-loop.S as a bare-metal system-mode guest, one copy per
# vCPU (packages/bench/src/smp): the host sets r4 = iterations before each run; the
# loop retires 5 instructions per iteration with no memory access, so the vCPUs share
# nothing but the host's cores. It then leaves with hypercall 0x6000 (the host's
# "done") and spins if resumed. Retired per run: 4 + 5 * iterations + 2.
  mr 6, 4
  li 3, 0
  li 4, 0
  li 5, 0
1: addi 3, 3, 1
  add 4, 4, 3
  xor 5, 5, 4
  cmpd 3, 6
  bne 1b
  li 3, 0x6000
  sc 1
2: b 2b
