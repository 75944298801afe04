/* String and memory functions written here (byte, word and overlapping
 * variants), checked against each other and printed. */
#include "lib.h"

static size_t my_strlen_words(const char *s)
{
	/* word-at-a-time: find a zero byte with the (x - 0x01..) & ~x & 0x80.. trick */
	const char *p = s;
	while ((uintptr_t)p & 7) {
		if (!*p) return (size_t)(p - s);
		p++;
	}
	const uint64_t *w = (const uint64_t *)p;
	for (;;) {
		uint64_t x = *w;
		if ((x - 0x0101010101010101ul) & ~x & 0x8080808080808080ul)
			break;
		w++;
	}
	p = (const char *)w;
	while (*p) p++;
	return (size_t)(p - s);
}

static char *my_strstr(const char *h, const char *n)
{
	size_t nl = strlen(n);
	for (; *h; h++)
		if (!strncmp(h, n, nl))
			return (char *)h;
	return nl ? NULL : (char *)h;
}

static void reverse(char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n / 2; i++) {
		char t = s[i];
		s[i] = s[n - 1 - i];
		s[n - 1 - i] = t;
	}
}

static void to_upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 32);
}

static unsigned hash(const unsigned char *p, size_t n)
{
	unsigned h = 2166136261u;
	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static char buf[4096], buf2[4096];

int main(int argc, char **argv, char **envp)
{
	const char *words[] = { "", "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "The quick brown fox jumps over the lazy dog",
		"PowerPC 64-bit little-endian", "\x7f\x80\xff high bytes" };
	int nw = sizeof words / sizeof words[0];
	for (int i = 0; i < nw; i++) {
		for (int off = 0; off < 8; off++) {
			memset(buf, 'x', 64);
			memcpy(buf + off, words[i], strlen(words[i]) + 1);
			if (my_strlen_words(buf + off) != strlen(words[i]))
				printf("strlen mismatch %d %d\n", i, off);
		}
		printf("%-45s len %2zu hash %08x\n", words[i], strlen(words[i]), hash((const unsigned char *)words[i], strlen(words[i])));
	}

	printf("-- compare\n");
	for (int i = 0; i < nw; i++)
		for (int j = 0; j < nw; j++) {
			int c = strcmp(words[i], words[j]);
			int m = memcmp(words[i], words[j], 3);
			printf("%c%c", c < 0 ? '<' : c > 0 ? '>' : '=', m < 0 ? '<' : m > 0 ? '>' : '=');
			if (j == nw - 1) printf("\n"); else printf(" ");
		}

	printf("-- search\n");
	const char *hay = words[6];
	const char *needles[] = { "quick", "fox", "dog", "cat", "", "the", "The", "z" };
	for (int i = 0; i < 8; i++) {
		char *p = my_strstr(hay, needles[i]);
		printf("strstr(%s) = %ld  strchr(%c) = %ld\n", needles[i], p ? (long)(p - hay) : -1L,
		       needles[i][0] ? needles[i][0] : '0', strchr(hay, needles[i][0]) ? (long)(strchr(hay, needles[i][0]) - hay) : -1L);
	}

	printf("-- transform\n");
	for (int i = 0; i < nw; i++) {
		memcpy(buf, words[i], strlen(words[i]) + 1);
		reverse(buf);
		memcpy(buf2, buf, sizeof buf2);
		to_upper(buf2);
		printf("[%s] [%s]\n", buf, buf2);
	}

	printf("-- memmove overlap\n");
	for (int shift = -9; shift <= 9; shift += 3) {
		for (int i = 0; i < 64; i++)
			buf[i] = (char)('A' + i % 26);
		buf[64] = 0;
		memmove(buf + 20 + shift, buf + 20, 30);
		printf("%3d %s\n", shift, buf);
	}

	printf("-- memset/memcpy sizes and alignments\n");
	unsigned total = 0;
	for (int a = 0; a < 8; a++)
		for (int b = 0; b < 8; b++)
			for (size_t n = 0; n < 70; n += 3) {
				for (int i = 0; i < 100; i++) buf[i] = (char)i, buf2[i] = 0;
				memset(buf2 + b, 0x5a, n + 3);
				memcpy(buf2 + b, buf + a, n);
				total = total * 31 + hash((unsigned char *)buf2, 100);
			}
	printf("total %08x\n", total);

	printf("-- big buffer\n");
	for (int i = 0; i < 4096; i++)
		buf[i] = (char)(i * 7 + (i >> 8));
	for (int r = 0; r < 50; r++) {
		memmove(buf + 1, buf, 4095);
		memcpy(buf2, buf + (r & 63), 4000);
		buf[0] = (char)hash((unsigned char *)buf2, 4000);
	}
	printf("hash %08x\n", hash((unsigned char *)buf, 4096));
	return 0;
}
