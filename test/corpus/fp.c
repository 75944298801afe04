/* Double and single precision arithmetic on the classic FPRs (no VSX): the four
 * operations, fused multiply-add, sqrt, conversions to and from integers,
 * comparisons, rounding, and special values. Results are printed as their IEEE
 * bits (exact) and through a small decimal formatter. */
#include "lib.h"

union d64 { double d; uint64_t u; };
union f32 { float f; uint32_t u; };
static uint64_t bits(double d) { union d64 x = { .d = d }; return x.u; }
static uint32_t fbits(float f) { union f32 x = { .f = f }; return x.u; }
static double from_bits(uint64_t u) { union d64 x = { .u = u }; return x.d; }

/* prints d with `digits` decimals (round half up on the printed digit; fine for tests) */
static void print_fixed(double d, int digits)
{
	if (d != d) { printf("nan"); return; }
	if (d < 0 || (d == 0 && (bits(d) >> 63))) { putch('-'); d = -d; }
	if (d > 1e18) { printf("big"); return; }
	double scale = 1;
	for (int i = 0; i < digits; i++) scale *= 10;
	uint64_t v = (uint64_t)(d * scale + 0.5);
	uint64_t ip = v / (uint64_t)scale, fp = v % (uint64_t)scale;
	printf("%lu", ip);
	if (digits) printf(".%0*lu", digits, fp);
}

static volatile double vals[] = { 0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e-300, 1e300, 2.5, -2.5, 0.1, 123456789.875, 4503599627370497.0 };
#define NV (int)(sizeof vals / sizeof vals[0])

int main(int argc, char **argv, char **envp)
{
	volatile double inf = from_bits(0x7ff0000000000000ul), nan = from_bits(0x7ff8000000000000ul);
	printf("-- arithmetic (bits)\n");
	for (int i = 0; i < NV; i++) {
		double a = vals[i], b = vals[(i * 5 + 2) % NV];
		printf("%016lx %016lx: + %016lx - %016lx * %016lx / %016lx fma %016lx\n", bits(a), bits(b), bits(a + b), bits(a - b),
		       bits(a * b), bits(b != 0 ? a / b : 0), bits(__builtin_fma(a, b, 1.0)));
	}
	printf("-- sqrt, abs, neg, min/max\n");
	for (int i = 0; i < NV; i++) {
		double a = vals[i];
		printf("%016lx sqrt %016lx abs %016lx neg %016lx\n", bits(a), bits(__builtin_sqrt(a < 0 ? -a : a)), bits(__builtin_fabs(a)), bits(-a));
	}
	printf("-- conversions\n");
	for (int i = 0; i < NV; i++) {
		double a = vals[i];
		long l = (a > -9.2e18 && a < 9.2e18) ? (long)a : 0;
		int w = (a > -2.1e9 && a < 2.1e9) ? (int)a : 0;
		unsigned long u = (a >= 0 && a < 1.8e19) ? (unsigned long)a : 0;
		printf("%016lx -> long %ld int %d ulong %lu float %08x\n", bits(a), l, w, u, fbits((float)a));
	}
	static volatile long ints[] = { 0, 1, -1, 123456789, -987654321, 0x7fffffffffffffffl, (long)0x8000000000000000ul, 9007199254740993l };
	for (int i = 0; i < 8; i++)
		printf("%ld -> double %016lx float %08x udouble %016lx\n", ints[i], bits((double)ints[i]), fbits((float)ints[i]),
		       bits((double)(unsigned long)ints[i]));
	printf("-- single precision\n");
	float fa = 1.1f, fb = 3.3f;
	for (int i = 0; i < 6; i++) {
		fa = fa * fb + 0.5f;
		fb = fb / 1.7f - 0.25f;
		printf("%08x %08x %08x\n", fbits(fa), fbits(fb), fbits(__builtin_sqrtf(fa)));
	}
	printf("-- comparisons and specials\n");
	double sp[] = { 0.0, 1.0, inf, -inf, nan };
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 5; j++)
			printf("%d%d%d%d%c", sp[i] < sp[j], sp[i] <= sp[j], sp[i] == sp[j], sp[i] > sp[j], j == 4 ? '\n' : ' ');
	printf("inf-inf %016lx 0/0 nan? %d 1/0 %016lx -1/0 %016lx\n", bits(inf - inf), (0.0 / vals[0]) != (0.0 / vals[0]), bits(1.0 / vals[0]), bits(-1.0 / vals[0]));
	printf("-- a series\n");
	double pi = 0, e = 1, term = 1;
	for (int k = 0; k < 100000; k++) pi += (k & 1 ? -4.0 : 4.0) / (2 * k + 1);
	for (int k = 1; k < 20; k++) { term /= k; e += term; }
	printf("pi ~ "); print_fixed(pi, 9); printf("  e ~ "); print_fixed(e, 12); printf("\n");
	printf("pi bits %016lx e bits %016lx\n", bits(pi), bits(e));
	double x = 1.0;
	for (int k = 0; k < 50; k++) x = x - (x * x - 2.0) / (2.0 * x);
	printf("sqrt2 newton "); print_fixed(x, 15); printf(" bits %016lx\n", bits(x));
	for (int i = 0; i < NV; i++) { print_fixed(vals[i], 3); putch(i == NV - 1 ? '\n' : ' '); }
	return 0;
}
