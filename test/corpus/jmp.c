/* setjmp/longjmp written in assembly: saves r1, r2, LR, CR and the non-volatile
 * GPRs r14..r31, then restores them; non-local exits out of nested calls. */
#include "lib.h"

typedef unsigned long jmp_buf[24];
int my_setjmp(jmp_buf env) __attribute__((returns_twice));
__attribute__((noreturn)) void my_longjmp(jmp_buf env, int val);

#if defined(_CALL_ELF) && _CALL_ELF == 2
#define FUNC(name) ".globl " #name "\n.type " #name ",@function\n" #name ":\n"
#else
#define FUNC(name) ".globl " #name "\n.section \".opd\",\"aw\"\n.align 3\n" #name ":\n.quad .L." #name ",.TOC.@tocbase,0\n.previous\n.L." #name ":\n"
#endif

__asm__(
	".text\n"
	FUNC(my_setjmp)
	"	std 1, 0(3)\n"
	"	std 2, 8(3)\n"
	"	mflr 0\n"
	"	std 0, 16(3)\n"
	"	mfcr 0\n"
	"	std 0, 24(3)\n"
	"	std 14, 32(3)\n	std 15, 40(3)\n	std 16, 48(3)\n	std 17, 56(3)\n"
	"	std 18, 64(3)\n	std 19, 72(3)\n	std 20, 80(3)\n	std 21, 88(3)\n"
	"	std 22, 96(3)\n	std 23, 104(3)\n	std 24, 112(3)\n	std 25, 120(3)\n"
	"	std 26, 128(3)\n	std 27, 136(3)\n	std 28, 144(3)\n	std 29, 152(3)\n"
	"	std 30, 160(3)\n	std 31, 168(3)\n"
	"	li 3, 0\n"
	"	blr\n"
	FUNC(my_longjmp)
	"	ld 1, 0(3)\n"
	"	ld 2, 8(3)\n"
	"	ld 0, 16(3)\n"
	"	mtlr 0\n"
	"	ld 0, 24(3)\n"
	"	mtcrf 0xff, 0\n"
	"	ld 14, 32(3)\n	ld 15, 40(3)\n	ld 16, 48(3)\n	ld 17, 56(3)\n"
	"	ld 18, 64(3)\n	ld 19, 72(3)\n	ld 20, 80(3)\n	ld 21, 88(3)\n"
	"	ld 22, 96(3)\n	ld 23, 104(3)\n	ld 24, 112(3)\n	ld 25, 120(3)\n"
	"	ld 26, 128(3)\n	ld 27, 136(3)\n	ld 28, 144(3)\n	ld 29, 152(3)\n"
	"	ld 30, 160(3)\n	ld 31, 168(3)\n"
	"	mr 3, 4\n"
	"	cmpdi 3, 0\n"
	"	bnelr\n"
	"	li 3, 1\n"
	"	blr\n");

static jmp_buf env;
static int depth_reached;

static __attribute__((noinline)) void dive(int n, int target)
{
	volatile long pad[8];
	pad[0] = n;
	depth_reached = n;
	if (n == target)
		my_longjmp(env, n * 10 + (int)pad[0] % 3);
	if (n < 1000)
		dive(n + 1, target);
	printf("never\n");
}

/* exceptions-style error handling */
static jmp_buf *handler;
static __attribute__((noinline)) long checked_div(long a, long b)
{
	if (b == 0) my_longjmp(*handler, 7);
	return a / b;
}

static __attribute__((noinline)) long compute(long x) { return x * 3 + 1; }

int main(int argc, char **argv, char **envp)
{
	/* values that live across calls sit in callee-saved registers (r14..r31):
	 * longjmp must bring back the ones setjmp saw, not dive()'s */
	long a = compute(argc), b = compute(a), c = compute(b), d = compute(c), e = compute(d), f = compute(e);
	long g = compute(f), h = compute(g), i2 = compute(h), j = compute(i2), k = compute(j), l = compute(k);
	for (volatile int t = 0; t < 6; t++) {
		volatile int counter = 0;
		int r = my_setjmp(env);
		counter++;
		if (r == 0)
			dive(0, t * 7);
		else
			printf("t=%d longjmp returned %d depth %d counter %d\n", t, r, depth_reached, counter);
		printf("  live values %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld\n", a, b, c, d, e, f, g, h, i2, j, k, l);
	}
	jmp_buf h2;
	handler = &h2;
	static const long num[] = { 100, 7, 0, 42, 9 }, den[] = { 7, 0, 3, 6, 0 };
	for (volatile int i = 0; i < 5; i++) {
		int err = my_setjmp(h2);
		if (err == 0)
			printf("%ld / %ld = %ld\n", num[i], den[i], checked_div(num[i], den[i]));
		else
			printf("%ld / %ld: error %d\n", num[i], den[i], err);
	}
	/* longjmp with 0 makes setjmp return 1 */
	static int once;
	int r = my_setjmp(env);
	printf("setjmp returned %d\n", r);
	if (!once++) my_longjmp(env, 0);
	return 0;
}
