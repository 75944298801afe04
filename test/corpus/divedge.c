/* 64-bit and 32-bit division edge cases with defined results, and the
 * overflow flag of divdo./divwo. for the cases whose quotient is undefined. */
#include "lib.h"

static __attribute__((noinline)) int64_t sdiv(int64_t a, int64_t b) { return a / b; }
static __attribute__((noinline)) int64_t smod(int64_t a, int64_t b) { return a % b; }
static __attribute__((noinline)) uint64_t udiv(uint64_t a, uint64_t b) { return a / b; }
static __attribute__((noinline)) uint64_t umod(uint64_t a, uint64_t b) { return a % b; }
static __attribute__((noinline)) int32_t sdiv32(int32_t a, int32_t b) { return a / b; }
static __attribute__((noinline)) uint32_t udiv32(uint32_t a, uint32_t b) { return a / b; }

/* XER[OV] after divdo. / divwo. / divduo. (the quotient itself is undefined on overflow) */
static __attribute__((noinline)) int divdo_ov(int64_t a, int64_t b)
{
	uint64_t xer, q;
	__asm__ volatile("li %1, 0\n\tmtxer %1\n\tdivdo. %0, %2, %3\n\tmfxer %1" : "=&r"(q), "=&r"(xer) : "r"(a), "r"(b) : "cr0", "xer");
	(void)q;
	return (int)((xer >> 30) & 1);
}
static __attribute__((noinline)) int divduo_ov(uint64_t a, uint64_t b)
{
	uint64_t xer, q;
	__asm__ volatile("li %1, 0\n\tmtxer %1\n\tdivduo. %0, %2, %3\n\tmfxer %1" : "=&r"(q), "=&r"(xer) : "r"(a), "r"(b) : "cr0", "xer");
	(void)q;
	return (int)((xer >> 30) & 1);
}
static __attribute__((noinline)) int divwo_ov(int32_t a, int32_t b)
{
	uint64_t xer, q;
	__asm__ volatile("li %1, 0\n\tmtxer %1\n\tdivwo. %0, %2, %3\n\tmfxer %1" : "=&r"(q), "=&r"(xer) : "r"(a), "r"(b) : "cr0", "xer");
	(void)q;
	return (int)((xer >> 30) & 1);
}

#define MIN64 (-0x7fffffffffffffffl - 1)
#define MAX64 0x7fffffffffffffffl

int main(int argc, char **argv, char **envp)
{
	static const int64_t sv[] = { MIN64, MIN64 + 1, -1000000007, -65536, -3, -2, -1, 1, 2, 3, 7, 10, 65536, 1000000007, MAX64 - 1, MAX64 };
	int n = sizeof sv / sizeof sv[0];
	printf("-- signed 64\n");
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			int64_t a = sv[i], b = sv[j];
			if (a == MIN64 && b == -1)
				continue;
			printf("%ld / %ld = %ld r %ld\n", a, b, sdiv(a, b), smod(a, b));
		}
	printf("-- unsigned 64\n");
	static const uint64_t uv[] = { 0, 1, 2, 3, 10, 0xfffffffful, 0x100000000ul, 0x8000000000000000ul, 0xfffffffffffffffeul, 0xfffffffffffffffful };
	int m = sizeof uv / sizeof uv[0];
	for (int i = 0; i < m; i++)
		for (int j = 1; j < m; j++)
			printf("%lu / %lu = %lu r %lu\n", uv[i], uv[j], udiv(uv[i], uv[j]), umod(uv[i], uv[j]));
	printf("-- 32-bit\n");
	static const int32_t wv[] = { -0x7fffffff - 1, -0x7fffffff, -7, -1, 1, 2, 7, 0x7fffffff };
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 8; j++) {
			if (wv[i] == -0x7fffffff - 1 && wv[j] == -1)
				continue;
			printf("%d / %d = %d   %u /u %u = %u\n", wv[i], wv[j], sdiv32(wv[i], wv[j]),
			       (uint32_t)wv[i], (uint32_t)wv[j], udiv32((uint32_t)wv[i], (uint32_t)wv[j]));
		}
	printf("-- overflow flags\n");
	printf("divdo MIN/-1 ov=%d  divdo 1/0 ov=%d  divdo 5/2 ov=%d\n", divdo_ov(MIN64, -1), divdo_ov(1, 0), divdo_ov(5, 2));
	printf("divduo 1/0 ov=%d  divduo max/1 ov=%d\n", divduo_ov(1, 0), divduo_ov(0xfffffffffffffffful, 1));
	printf("divwo MIN/-1 ov=%d  divwo 7/0 ov=%d  divwo -7/2 ov=%d\n", divwo_ov(-0x7fffffff - 1, -1), divwo_ov(7, 0), divwo_ov(-7, 2));
	printf("-- by constants\n");
	for (int i = 0; i < n; i++) {
		int64_t a = sv[i];
		printf("%ld: /3 %ld /7 %ld /10 %ld /16 %ld %%10 %ld u/10 %lu u%%1000 %lu\n", a, a / 3, a / 7, a / 10, a / 16, a % 10,
		       (uint64_t)a / 10, (uint64_t)a % 1000);
	}
	return 0;
}
