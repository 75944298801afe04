/* Ends in a fault chosen by argv[1], after printing what it is about to do:
 * segv-read, segv-write, segv-exec, stack, mprotect (SIGSEGV), illegal, priv
 * (SIGILL), trap (SIGTRAP), align (SIGBUS on little-endian: lmw), abort (SIGABRT
 * through tgkill). The faulting instructions have global labels for the tests. */
#include "lib.h"

#pragma GCC diagnostic ignored "-Winfinite-recursion"

static __attribute__((noinline)) long recurse_forever(long n)
{
	volatile char big[256];
	big[0] = (char)n;
	return recurse_forever(n + 1) + big[0];
}

static long data_word = 0x4e800020; /* blr, in a non-executable page */

int main(int argc, char **argv, char **envp)
{
	const char *mode = argc > 1 ? argv[1] : "illegal";
	printf("about to %s\n", mode);
	flush();
	if (!strcmp(mode, "segv-read")) {
		volatile long *volatile bad = (volatile long *)0x8;
		volatile long *p = bad;
		return (int)*p;
	}
	if (!strcmp(mode, "segv-write")) {
		__asm__ volatile("li 9, 0x10\n.globl fault_store\nfault_store:\n\tstd 9, 0(9)" ::: "r9", "memory");
	}
	if (!strcmp(mode, "segv-exec")) {
		/* branch into the data segment (readable, writable, not executable) */
		__asm__ volatile("mtctr %0\n\tbctrl" :: "r"(&data_word) : "lr", "ctr", "memory");
	}
	if (!strcmp(mode, "stack"))
		return (int)recurse_forever(0);
	if (!strcmp(mode, "mprotect")) {
		char *p = (char *)syscall6(SYS_mmap, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		p[0] = 1;
		printf("mprotect %ld\n", syscall3(SYS_mprotect, p, 8192, PROT_READ));
		flush();
		((volatile char *)p)[4096] = 2;
	}
	if (!strcmp(mode, "illegal"))
		__asm__ volatile(".globl illegal_here\nillegal_here:\n\t.long 0");
	if (!strcmp(mode, "priv"))
		__asm__ volatile(".globl priv_here\npriv_here:\n\tmfmsr 3" ::: "r3");
	if (!strcmp(mode, "trap"))
		__asm__ volatile(".globl trap_here\ntrap_here:\n\ttrap");
	if (!strcmp(mode, "align")) {
		long buf[4] = { 1, 2, 3, 4 };
		/* lmw 30, 0(9): the assembler refuses lmw for little-endian, the CPU raises an alignment interrupt */
		/* r31 may be the frame pointer (-O0): kept in r10 around the lmw */
		__asm__ volatile("mr 9, %0\n\tmr 10, 31\n.globl align_here\nalign_here:\n\t.long 0xbbc90000\n\tmr 31, 10"
				 :: "r"(buf) : "r9", "r10", "r30", "memory");
		printf("lmw completed (big-endian)\n");
	}
	if (!strcmp(mode, "abort")) {
		long pid = syscall0(SYS_getpid);
		syscall3(250 /* tgkill */, pid, syscall0(SYS_gettid), 6 /* SIGABRT */);
	}
	printf("no fault\n");
	return 0;
}
