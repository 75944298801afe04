/* Reads stdin to the end with read(2) in odd-sized chunks: counts lines, words
 * and bytes like wc, sums the numbers it finds, and echoes the text ROT13'd. */
#include "lib.h"

static char in[1 << 16];

int main(int argc, char **argv, char **envp)
{
	size_t len = 0;
	long chunk = argc > 1 ? atol_(argv[1]) : 37;
	for (;;) {
		ssize_t n = sys_read(0, in + len, (size_t)chunk < sizeof in - len ? (size_t)chunk : sizeof in - len);
		if (n < 0) { printf("read error %ld\n", -n); return 1; }
		if (n == 0) break;
		len += (size_t)n;
		if (len == sizeof in) break;
	}
	long lines = 0, words = 0, sum = 0, num = 0;
	int inword = 0, innum = 0, neg = 0;
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		if (c == '\n') lines++;
		int space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
		if (!space && !inword) words++;
		inword = !space;
		if (c >= '0' && c <= '9') {
			if (!innum) { num = 0; neg = i > 0 && in[i - 1] == '-'; }
			num = num * 10 + (c - '0');
			innum = 1;
		} else if (innum) {
			sum += neg ? -num : num;
			innum = 0;
		}
		char o = c;
		if (c >= 'a' && c <= 'z') o = (char)('a' + (c - 'a' + 13) % 26);
		else if (c >= 'A' && c <= 'Z') o = (char)('A' + (c - 'A' + 13) % 26);
		putch(o);
	}
	if (innum) sum += neg ? -num : num;
	printf("\n%ld %ld %zu sum %ld\n", lines, words, len, sum);
	/* reading again at EOF returns 0 */
	printf("again %ld\n", sys_read(0, in, 10));
	return 0;
}
