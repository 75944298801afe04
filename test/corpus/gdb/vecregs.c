/*
 * A freestanding vector program for the GDB tests (packages/linux-user/src/gdb):
 * Altivec integer arithmetic, logic and permutes through altivec.h, a global for
 * `watch`, a function to `finish` from. It brings its own _start and stack (a
 * static array) so that every register at a breakpoint is a function of the program
 * alone: the same under hvstep and under qemu-ppc64le, whatever stack the runner
 * gives the process. Built with -g -O1 -mcpu=power9 -static -nostdlib.
 */
#include <altivec.h>

unsigned char stack[1 << 16] __attribute__((aligned(16)));
volatile int counter;
vector unsigned int va = { 1, 2, 3, 4 };
vector unsigned int vb = { 0x10, 0x20, 0x30, 0x40 };
vector unsigned int result;

__attribute__((noinline)) vector unsigned int mix(vector unsigned int a, vector unsigned int b) {
  vector unsigned int s = vec_add(a, b);
  vector unsigned int x = vec_xor(s, vec_sl(b, vec_splats(3u)));
  vector unsigned char pm = { 3, 2, 1, 0, 23, 22, 21, 20, 11, 10, 9, 8, 31, 30, 29, 28 };
  return vec_perm(x, s, pm);
}

/* where the register dumps are compared: every live vector register holds a result */
__attribute__((noinline)) int checkpoint(vector unsigned int v) {
  counter += vec_extract(v, 0) & 0xff;
  return counter;
}

int main(void) {
  vector unsigned int acc = vb;
  for (int i = 0; i < 3; i++) {
    acc = mix(va, acc);
    counter += i;
  }
  result = acc;
  return checkpoint(vec_max(acc, va)) & 0x7f;
}

/* r1 = the top of `stack`, main through its global entry (r12), then exit_group(main()) */
__asm__(
  ".globl _start\n"
  "_start:\n"
  "  lis 1, (stack + 65536 - 128)@ha\n"
  "  addi 1, 1, (stack + 65536 - 128)@l\n"
  "  li 0, 0\n"
  "  std 0, 0(1)\n"
  "  lis 12, main@ha\n"
  "  addi 12, 12, main@l\n"
  "  mtctr 12\n"
  "  bctrl\n"
  "  li 0, 234\n"
  "  sc\n");
