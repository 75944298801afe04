/*
 * step-user: the user-space side of `pnpm scenarios --guest linux`. The scenarios put
 * hardware breakpoints on its global labels (the scenarios read them from this ELF)
 * and step from there with gdb-multiarch, while the program checks that what it did
 * came out right whatever the debugger did in between:
 *   user_steps   a counted loop of plain instructions (a load, a store, a rotate, bdnz)
 *   user_sc      `sc` (getpid): the system call interrupt at 0xc00, back with rfid
 *   user_scv     `scv 0` (getpid), when the kernel offers it (AT_HWCAP2 has
 *                PPC_FEATURE2_SCV): the vectored system call, back with rfscv
 *   user_fault   the first store to a fresh anonymous page: a DSI the kernel resolves
 *                by mapping the page, then the store runs again
 * It begins with a sysinfo() call, which nothing else in the initramfs makes: a
 * breakpoint on the kernel's sys_sysinfo tells the scenarios that step-user runs, so
 * they arm their hardware breakpoints only then (with a comparator armed every
 * instruction is checked, which would slow the whole boot). Then it pins itself to the
 * CPU it runs on, so that a step the kernel completes later (a step over `sc` runs the
 * whole system call, with the other vCPUs running) ends on the vCPU that began it.
 * It prints one line with what it saw and exits 0 when everything was as expected.
 * Linked static at a text address no other program of the initramfs uses (busybox is
 * position independent), so a breakpoint on these addresses means this program.
 * Built by scripts/linux-guest.sh into the initramfs as /bin/step-user.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#ifndef PPC_FEATURE2_SCV
#define PPC_FEATURE2_SCV 0x00100000 /* Linux arch/powerpc/include/uapi/asm/cputable.h */
#endif

/* r3 = the sum of 3*i (i = n..1) over a loop of n passes through the stack (red zone) */
long user_steps(long n);
__asm__(".text\n"
        ".globl user_steps\n"
        ".type user_steps, @function\n"
        "user_steps:\n"
        "  mtctr 3\n"
        "  li 3, 0\n"
        "  mfctr 4\n"
        "1: mulli 5, 4, 3\n"
        "  std 5, -16(1)\n"
        "  ld 6, -16(1)\n"
        "  add 3, 3, 6\n"
        "  rotldi 7, 3, 8\n"
        "  addi 4, 4, -1\n"
        "  bdnz 1b\n"
        "  cmpdi 7, 0\n"
        "  blr\n"
        ".size user_steps, . - user_steps\n");

/*
 * The system call ABI (Linux Documentation/arch/powerpc/syscall64-abi.rst): r0 the
 * number, r3 the result (sc: CR0[SO] set on error; scv: negative errno); r4-r12, CTR,
 * XER and CR0/1/5-7 are volatile for both, LR too for scv (it returns through LR).
 */
#define SYSCALL_CLOBBERS "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "ctr", "xer", "cr0", "cr1", "cr5", "cr6", "cr7", "memory"

__attribute__((noinline)) static long getpid_sc(void) {
  register long r0 __asm__("r0") = 20; /* __NR_getpid */
  register long r3 __asm__("r3");
  __asm__ volatile(".globl user_sc\nuser_sc: sc" : "=r"(r3), "+r"(r0) : : SYSCALL_CLOBBERS);
  return r3;
}

__attribute__((noinline)) static long getpid_scv(void) {
  register long r0 __asm__("r0") = 20;
  register long r3 __asm__("r3");
  __asm__ volatile(".globl user_scv\nuser_scv: scv 0" : "=r"(r3), "+r"(r0) : : "lr", SYSCALL_CLOBBERS);
  return r3;
}

/* stores 0x5a at p and reads it back */
long user_touch(volatile char *p);
__asm__(".text\n"
        ".globl user_touch\n"
        ".type user_touch, @function\n"
        "user_touch:\n"
        "  li 4, 0x5a\n"
        ".globl user_fault\n"
        "user_fault:\n"
        "  stb 4, 0(3)\n"
        "  lbz 3, 0(3)\n"
        "  blr\n"
        ".size user_touch, . - user_touch\n");

int main(void) {
  struct sysinfo info;
  sysinfo(&info); /* the scenarios' signal: step-user has started (see above) */
  cpu_set_t here;
  CPU_ZERO(&here);
  CPU_SET(sched_getcpu(), &here);
  int pinned = sched_setaffinity(0, sizeof here, &here) == 0;
  const long passes = 20, want = 3 * passes * (passes + 1) / 2;
  long sum = user_steps(passes);
  long pid = getpid();
  long sc = getpid_sc();
  int has_scv = (getauxval(AT_HWCAP2) & PPC_FEATURE2_SCV) != 0;
  long scv = has_scv ? getpid_scv() : pid;
  volatile char *page = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  long touched = page == MAP_FAILED ? -1 : user_touch(page);
  int ok = pinned && sum == want && sc == pid && scv == pid && touched == 0x5a;
  printf("step-user: pid %ld, steps %ld (want %ld), sc %ld, scv %s %ld, fault %s%s: %s\n", pid, sum, want, sc,
         has_scv ? "yes" : "no", scv, touched == 0x5a ? "ok" : "wrong", pinned ? "" : ", not pinned", ok ? "all ok" : "FAILED");
  return ok ? 0 : 1;
}
