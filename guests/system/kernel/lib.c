/* The few C library functions a freestanding kernel needs (GCC may call the mem* ones itself). */
#include "kernel.h"

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	while (n && ((uintptr_t)p & 7)) { *p++ = (unsigned char)c; n--; }
	uint64_t v = (unsigned char)c;
	v |= v << 8; v |= v << 16; v |= v << 32;
	for (; n >= 8; n -= 8, p += 8) *(volatile uint64_t *)p = v;
	while (n--) *p++ = (unsigned char)c;
	return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	while (n--) *dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	if (dp < sp) {
		while (n--) *dp++ = *sp++;
	} else {
		while (n--) dp[n] = sp[n];
	}
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y) return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n]) n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) { a++; b++; }
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b) return (unsigned char)*a - (unsigned char)*b;
		if (!*a) return 0;
	}
	return 0;
}

const char *strstr(const char *h, const char *n)
{
	size_t len = strlen(n);
	for (; *h; h++)
		if (!strncmp(h, n, len)) return h;
	return len ? NULL : h;
}

/* Decimal, or hexadecimal with 0x. Stops at the first other character. */
unsigned long parse_ulong(const char *s)
{
	unsigned long v = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (s += 2;; s++) {
			int d;
			if (*s >= '0' && *s <= '9') d = *s - '0';
			else if (*s >= 'a' && *s <= 'f') d = *s - 'a' + 10;
			else if (*s >= 'A' && *s <= 'F') d = *s - 'A' + 10;
			else break;
			v = v * 16 + d;
		}
		return v;
	}
	for (; *s >= '0' && *s <= '9'; s++) v = v * 10 + (*s - '0');
	return v;
}
