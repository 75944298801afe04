/* The corpus printf (lib.c) formatting integers: every conversion with flags,
 * widths, precisions and length modifiers, at the edges of each type. */
#include "lib.h"

int main(int argc, char **argv, char **envp)
{
	const long lv[] = { 0, 1, -1, 9, 10, -10, 99, 12345, -12345, 2147483647L, -2147483647L - 1, 4294967295L,
		9223372036854775807L, -9223372036854775807L - 1 };
	for (int i = 0; i < 14; i++) {
		long v = lv[i];
		printf("[%ld] [%lu] [%lx] [%lX] [%lo] [%#lx] [%#lo]\n", v, (unsigned long)v, (unsigned long)v, (unsigned long)v,
		       (unsigned long)v, (unsigned long)v, (unsigned long)v);
		printf("[%25ld] [%-25ld] [%025ld] [%+ld] [% ld] [%.20ld] [%25.20ld] [%-+25.3ld]\n", v, v, v, v, v, v, v, v);
		printf("[%d] [%u] [%x] [%hd] [%hu] [%hhd] [%hhu] [%hx] [%08x] [%-8x|] [%.0d] [%.0u]\n", (int)v, (unsigned)v,
		       (unsigned)v, (short)v, (unsigned short)v, (signed char)v, (unsigned char)v, (unsigned short)v, (unsigned)v,
		       (unsigned)v, (int)v, (unsigned)v);
	}
	const char *volatile null_string = 0;
	printf("[%c][%3c][%-3c][%%]\n", 'x', 'y', 'z');
	printf("[%s][%10s][%-10s][%.3s][%10.2s][%s]\n", "str", "right", "left", "truncate", "ab", null_string);
	printf("[%*d][%-*d][%.*d][%*.*ld]\n", 6, 42, 6, 42, 5, 42, 8, 3, 7L);
	printf("[%p][%p]\n", (void *)0x1234, (void *)0);
	printf("[%zu][%zx][%lld][%llu]\n", (size_t)123456789, (size_t)0xabcdef, -5LL, 18446744073709551615ULL);
	char buf[16];
	int n = snprintf(buf, sizeof buf, "%s-%d-%x", "truncated output", 12345, 0xbeef);
	printf("snprintf -> %d [%s]\n", n, buf);
	n = snprintf(buf, 1, "abc");
	printf("snprintf size 1 -> %d [%s]\n", n, buf);
	/* a table */
	printf("%-10s|%8s|%8s\n", "name", "dec", "hex");
	for (int i = 0; i < 8; i++) {
		long v = 1L << (i * 9);
		printf("%-10.*s|%8ld|%8lx\n", i + 1, "abcdefghij", v % 100000000, v & 0xffffffff);
	}
	/* numbers formatted digit by digit in every base 2..36 */
	unsigned long x = 0xdeadbeefcafef00dul;
	for (int base = 2; base <= 36; base += 5) {
		char out[70];
		int k = 0;
		unsigned long t = x;
		do { int d = (int)(t % (unsigned long)base); out[k++] = (char)(d < 10 ? '0' + d : 'a' + d - 10); t /= (unsigned long)base; } while (t);
		printf("base %2d: ", base);
		while (k) putch(out[--k]);
		putch('\n');
		const char *end;
		char back[70];
		snprintf(back, sizeof back, "%lx", x);
		printf("  round trip %lx\n", strtoul_(back, &end, 16));
	}
	return 0;
}
