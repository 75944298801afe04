/* The benchmark workload: CRC-32 (bitwise and table-driven), SHA-256 and an
 * integer quicksort over generated data, repeated N times (argv[1], default 1).
 * Deterministic: prints the digests, the CRCs and a checksum of the sorted data. */
#include "lib.h"

static uint32_t crc_table[256];

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

static uint32_t crc32_table(const uint8_t *p, size_t n, uint32_t crc)
{
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xffffffffu;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

/* ---- SHA-256 (FIPS 180-4) ---- */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

struct sha256 {
	uint32_t h[8];
	uint8_t block[64];
	size_t used;
	uint64_t bytes;
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(struct sha256 *s, const uint8_t *p)
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
	}
	s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
	s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	memcpy(s->h, iv, sizeof iv);
	s->used = 0;
	s->bytes = 0;
}

static void sha256_update(struct sha256 *s, const uint8_t *p, size_t n)
{
	s->bytes += n;
	while (n) {
		size_t k = 64 - s->used < n ? 64 - s->used : n;
		memcpy(s->block + s->used, p, k);
		s->used += k, p += k, n -= k;
		if (s->used == 64) {
			sha256_block(s, s->block);
			s->used = 0;
		}
	}
}

static void sha256_final(struct sha256 *s, uint8_t out[32])
{
	uint64_t bits = s->bytes * 8;
	uint8_t pad = 0x80;
	sha256_update(s, &pad, 1);
	pad = 0;
	while (s->used != 56)
		sha256_update(s, &pad, 1);
	uint8_t len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_update(s, len, 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(s->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)s->h[i];
	}
}

/* ---- quicksort (Hoare partition, median of three, insertion sort for small runs) ---- */
static void insertion(int64_t *a, long n)
{
	for (long i = 1; i < n; i++) {
		int64_t v = a[i];
		long j = i - 1;
		while (j >= 0 && a[j] > v) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = v;
	}
}

static void quicksort(int64_t *a, long n)
{
	while (n > 16) {
		int64_t x = a[0], y = a[n / 2], z = a[n - 1];
		int64_t pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
		long i = -1, j = n;
		for (;;) {
			do i++; while (a[i] < pivot);
			do j--; while (a[j] > pivot);
			if (i >= j) break;
			int64_t t = a[i]; a[i] = a[j]; a[j] = t;
		}
		/* recurse into the smaller half */
		if (j + 1 < n - j - 1) {
			quicksort(a, j + 1);
			a += j + 1;
			n -= j + 1;
		} else {
			quicksort(a + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	insertion(a, n);
}

#define DATA 16384
#define SORT 20000
static uint8_t data[DATA];
static int64_t nums[SORT];

int main(int argc, char **argv, char **envp)
{
	long iterations = argc > 1 ? atol_(argv[1]) : 1;
	uint64_t x = 88172645463325252ul;
	crc_init();
	uint32_t crc_acc = 0;
	uint64_t sort_acc = 0;
	uint8_t digest[32];
	for (long it = 0; it < iterations; it++) {
		for (int i = 0; i < DATA; i++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			data[i] = (uint8_t)(x >> 32);
		}
		uint32_t c1 = crc32_table(data, DATA, 0);
		uint32_t c2 = crc32_bitwise(data, DATA / 8);
		crc_acc = crc_acc * 33 + c1 + c2;

		struct sha256 s;
		sha256_init(&s);
		sha256_update(&s, data, DATA);
		sha256_final(&s, digest);

		for (int i = 0; i < SORT; i++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			nums[i] = (int64_t)x >> (i & 15);
		}
		quicksort(nums, SORT);
		for (int i = 1; i < SORT; i++)
			if (nums[i - 1] > nums[i]) {
				printf("not sorted at %d\n", i);
				return 1;
			}
		sort_acc = sort_acc * 31 + (uint64_t)nums[0] + (uint64_t)nums[SORT / 2] + (uint64_t)nums[SORT - 1];
	}
	/* known answers */
	struct sha256 s;
	sha256_init(&s);
	sha256_update(&s, (const uint8_t *)"abc", 3);
	sha256_final(&s, digest);
	printf("sha256(abc) = ");
	for (int i = 0; i < 32; i++) printf("%02x", digest[i]);
	printf("\ncrc32(123456789) = %08x %08x\n", crc32_table((const uint8_t *)"123456789", 9, 0), crc32_bitwise((const uint8_t *)"123456789", 9));
	sha256_init(&s);
	sha256_update(&s, data, DATA);
	sha256_final(&s, digest);
	printf("iterations %ld\nsha256(data) = ", iterations);
	for (int i = 0; i < 32; i++) printf("%02x", digest[i]);
	printf("\ncrc %08x sort %016lx\n", crc_acc, sort_acc);
	return 0;
}
