/*
 * ptrace-step N: the guest's own use of single step (the seed's third scenario: a
 * debugger inside the guest). Forks a child that stops itself, points it at a
 * two-instruction loop and single-steps it N times with PTRACE_SINGLESTEP; the kernel
 * does each step with MSR[SE] and its Trace interrupt (0xd00), which on hvstep's hv
 * model is the very handler the host debugger's emulated step puts its breakpoint on.
 * After step k the child must be at the loop's `b` (k even) or `addi` (k odd) with
 * r3 = k / 2: a step lost, doubled or run on shows at once. Prints one line and exits
 * 0 when every step was exact, 1 otherwise.
 * Built static for ppc64le by scripts/linux-guest.sh into the initramfs as /bin/ptrace-step.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

/* struct pt_regs slots (Linux arch/powerpc/include/uapi/asm/ptrace.h: PT_R3, PT_NIP),
 * in units of registers; PTRACE_PEEKUSER/POKEUSER take byte offsets */
#define PT_R3 3
#define PT_NIP 32
#define SLOT(n) ((void *)(long)((n) * sizeof(long)))

/* li r3,0 ; 1: addi r3,r3,1 ; b 1b (no TOC use, so the global entry is the code) */
void spin(void);
__asm__(".text\n"
        ".globl spin\n"
        ".type spin, @function\n"
        "spin:\n"
        "  li 3, 0\n"
        "1: addi 3, 3, 1\n"
        "  b 1b\n"
        ".size spin, . - spin\n");

static int fail(pid_t child, const char *what, long step, long got, long want) {
  printf("ptrace-step: FAILED at step %ld: %s is %#lx, expected %#lx\n", step, what, got, want);
  kill(child, SIGKILL);
  return 1;
}

int main(int argc, char **argv) {
  long steps = argc > 1 ? atol(argv[1]) : 1000;
  pid_t child = fork();
  if (child < 0) { perror("ptrace-step: fork"); return 1; }
  if (child == 0) {
    ptrace(PTRACE_TRACEME, 0, 0, 0);
    raise(SIGSTOP);
    spin();
    _exit(0);
  }
  int status;
  if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status)) { printf("ptrace-step: the child did not stop\n"); return 1; }
  const long start = (long)spin;
  if (ptrace(PTRACE_POKEUSER, child, SLOT(PT_NIP), (void *)start) != 0) { perror("ptrace-step: POKEUSER nip"); return 1; }
  printf("ptrace-step: stepping the child %ld times from %#lx\n", steps, start);
  fflush(stdout);
  for (long k = 1; k <= steps; k++) {
    if (ptrace(PTRACE_SINGLESTEP, child, 0, 0) != 0) { perror("ptrace-step: SINGLESTEP"); return 1; }
    if (waitpid(child, &status, 0) != child) { perror("ptrace-step: waitpid"); return 1; }
    if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP) return fail(child, "the wait status", k, status, 0x57f);
    long nip = ptrace(PTRACE_PEEKUSER, child, SLOT(PT_NIP), 0);
    long r3 = ptrace(PTRACE_PEEKUSER, child, SLOT(PT_R3), 0);
    long want_nip = start + (k % 2 ? 4 : 8);
    if (nip != want_nip) return fail(child, "nip", k, nip, want_nip);
    if (r3 != k / 2) return fail(child, "r3", k, r3, k / 2);
  }
  kill(child, SIGKILL);
  waitpid(child, &status, 0);
  printf("ptrace-step: %ld steps exact, r3 = %ld\n", steps, steps / 2);
  return 0;
}
