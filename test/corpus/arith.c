/* 64- and 32-bit integer arithmetic: multiply (low and high halves), divide and
 * remainder (signed/unsigned), shifts by variable and constant amounts, rotates,
 * carries, comparisons and bit counts, over a deterministic pseudo-random stream.
 * Everything is printed so that any difference shows. */
#include "lib.h"

static uint64_t state = 0x9e3779b97f4a7c15ul;
static uint64_t next(void)
{
	/* xorshift64* */
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dul;
}

static __attribute__((noinline)) uint64_t rotl64(uint64_t x, unsigned n) { return (x << (n & 63)) | (x >> ((64 - n) & 63)); }
static __attribute__((noinline)) uint32_t rotl32(uint32_t x, unsigned n) { return (x << (n & 31)) | (x >> ((32 - n) & 31)); }
static __attribute__((noinline)) uint64_t mulhu(uint64_t a, uint64_t b) { return (uint64_t)(((unsigned __int128)a * b) >> 64); }
static __attribute__((noinline)) int64_t mulhs(int64_t a, int64_t b) { return (int64_t)(((__int128)a * b) >> 64); }

static uint64_t checksum;
static void mix(uint64_t v) { checksum = rotl64(checksum ^ v, 7) * 0x100000001b3ul; }

int main(int argc, char **argv, char **envp)
{
	volatile uint64_t seeds[] = { 0, 1, 2, 3, 7, 0xff, 0x8000000000000000ul, 0x7ffffffffffffffful,
		0xfffffffffffffffful, 0x123456789abcdef0ul, 0xfedcba9876543210ul, 0x00000000fffffffful,
		0x0000000100000000ul, 0x80000000ul, 0x7fffffffu, 12345678901234567ul };
	int n = sizeof seeds / sizeof seeds[0];

	printf("-- products and quotients of edge values\n");
	for (int i = 0; i < n; i++) {
		uint64_t a = seeds[i], b = seeds[(i * 7 + 3) % n];
		printf("%016lx * %016lx = %016lx hi %016lx shi %016lx\n", a, b, a * b, mulhu(a, b), (uint64_t)mulhs((int64_t)a, (int64_t)b));
		if (b) printf("  u/ %016lx u%% %016lx\n", a / b, a % b);
		if (b && !((int64_t)a == (-0x7fffffffffffffffl - 1) && (int64_t)b == -1))
			printf("  s/ %ld s%% %ld\n", (int64_t)a / (int64_t)b, (int64_t)a % (int64_t)b);
		uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
		printf("  32: %08x %08x %08x", a32 * b32, (uint32_t)(((uint64_t)a32 * b32) >> 32),
		       (uint32_t)(((int64_t)(int32_t)a32 * (int32_t)b32) >> 32));
		if (b32) printf(" u/ %u u%% %u", a32 / b32, a32 % b32);
		if (b32 && !((int32_t)a32 == (-0x7fffffff - 1) && (int32_t)b32 == -1))
			printf(" s/ %d s%% %d", (int32_t)a32 / (int32_t)b32, (int32_t)a32 % (int32_t)b32);
		printf("\n");
	}

	printf("-- shifts and rotates\n");
	for (int i = 0; i < n; i++) {
		uint64_t a = seeds[i];
		for (unsigned s = 0; s < 64; s += 13) {
			printf("%016lx s=%2u shl %016lx shr %016lx sar %016lx rotl %016lx r32 %08x sw %08x sraw %08x\n",
			       a, s, a << s, a >> s, (uint64_t)((int64_t)a >> s), rotl64(a, s), rotl32((uint32_t)a, s),
			       s < 32 ? (uint32_t)a << s : 0, (uint32_t)((int32_t)a >> (s & 31)));
		}
	}

	printf("-- bit counts, extensions, comparisons\n");
	for (int i = 0; i < n; i++) {
		uint64_t a = seeds[i];
		printf("%016lx clz %d ctz %d pop %d clz32 %d ext8 %ld ext16 %ld ext32 %ld bswap %016lx\n", a,
		       a ? __builtin_clzl(a) : 64, a ? __builtin_ctzl(a) : 64, __builtin_popcountl(a),
		       (uint32_t)a ? __builtin_clz((uint32_t)a) : 32, (long)(signed char)a, (long)(short)a, (long)(int)a,
		       __builtin_bswap64(a));
		uint64_t b = seeds[(i + 5) % n];
		printf("  lt %d ltu %d eq %d min %ld maxu %lu\n", (int64_t)a < (int64_t)b, a < b, a == b,
		       (int64_t)a < (int64_t)b ? (int64_t)a : (int64_t)b, a > b ? a : b);
	}

	printf("-- carries and 128-bit sums\n");
	uint64_t lo = 0, hi = 0;
	for (int i = 0; i < 1000; i++) {
		uint64_t v = next();
		uint64_t s = lo + v;
		hi += (s < lo) + (v >> 60);
		lo = s;
		mix(v);
	}
	printf("sum %016lx:%016lx\n", hi, lo);

	printf("-- random stream\n");
	for (int i = 0; i < 20000; i++) {
		uint64_t a = next(), b = next() | 1;
		unsigned s = (unsigned)(a >> 58);
		mix(a * b);
		mix(a / b);
		mix(a % b);
		mix((uint64_t)((int64_t)a / (int64_t)b));
		mix((uint64_t)((int64_t)a % (int64_t)b));
		mix(mulhu(a, b));
		mix((uint64_t)mulhs((int64_t)a, (int64_t)b));
		mix(a << s);
		mix(a >> s);
		mix((uint64_t)((int64_t)a >> s));
		mix(rotl64(a, s));
		mix((uint32_t)a / ((uint32_t)b | 1));
		mix((uint64_t)(int64_t)((int32_t)a / ((int32_t)b | 1)));
		mix((uint64_t)__builtin_popcountl(a) + (uint64_t)__builtin_clzl(b));
		if (i % 4000 == 0)
			printf("%5d %016lx\n", i, checksum);
	}
	printf("checksum %016lx\n", checksum);
	return 0;
}
