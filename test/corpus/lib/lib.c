#include "lib.h"

char **environ;
unsigned long *auxv;
long *initial_sp;

/* Called by _start with the initial stack pointer: argc, argv[], NULL, envp[], NULL, auxv. */
__attribute__((used, noreturn)) void __start_c(long *sp)
{
	initial_sp = sp;
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **e = envp;
	while (*e)
		e++;
	environ = envp;
	auxv = (unsigned long *)(e + 1);
	exit(main(argc, argv, envp));
}

/* ---- memory and strings (GCC may emit calls to the first four) ---- */

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)d = *(const uint64_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	while (n && ((uintptr_t)d & 7)) {
		*d++ = (unsigned char)c;
		n--;
	}
	uint64_t w = (unsigned char)c * 0x0101010101010101ul;
	for (; n >= 8; n -= 8, d += 8)
		*(uint64_t *)d = w;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return (size_t)(p - s);
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/* ---- output ---- */

static char outbuf[4096];
static size_t outlen;

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t r = sys_write(fd, p, n);
		if (r <= 0)
			return;
		p += r;
		n -= (size_t)r;
	}
}

void flush(void)
{
	write_all(1, outbuf, outlen);
	outlen = 0;
}

void putch(int c)
{
	if (outlen == sizeof outbuf)
		flush();
	outbuf[outlen++] = (char)c;
}

void puts_(const char *s)
{
	while (*s)
		putch(*s++);
	putch('\n');
}

__attribute__((noreturn)) void exit(int code)
{
	flush();
	sys_exit_group(code);
}

/* ---- printf: %[flags][width][.prec][hh|h|l|ll|z]{d,i,u,x,X,o,c,s,p,%} ---- */

struct sink {
	char *buf;
	size_t size, len;
	int to_fd;
};

static void emit(struct sink *k, char c)
{
	if (k->to_fd == 1)
		putch(c);
	else if (k->to_fd == 2)
		write_all(2, &c, 1);
	else if (k->len + 1 < k->size)
		k->buf[k->len] = c;
	k->len++;
}

static void emit_n(struct sink *k, char c, int n)
{
	while (n-- > 0)
		emit(k, c);
}

static int fmt(struct sink *k, const char *f, va_list ap)
{
	for (; *f; f++) {
		if (*f != '%') {
			emit(k, *f);
			continue;
		}
		int left = 0, plus = 0, space = 0, alt = 0, zero = 0;
		for (;; f++) {
			char c = f[1];
			if (c == '-') left = 1;
			else if (c == '+') plus = 1;
			else if (c == ' ') space = 1;
			else if (c == '#') alt = 1;
			else if (c == '0') zero = 1;
			else break;
		}
		f++;
		int width = 0, prec = -1;
		if (*f == '*') {
			width = va_arg(ap, int);
			if (width < 0) left = 1, width = -width;
			f++;
		} else
			while (*f >= '0' && *f <= '9')
				width = width * 10 + (*f++ - '0');
		if (*f == '.') {
			f++;
			prec = 0;
			if (*f == '*') {
				prec = va_arg(ap, int);
				f++;
			} else
				while (*f >= '0' && *f <= '9')
					prec = prec * 10 + (*f++ - '0');
		}
		int size = 0; /* -2 hh, -1 h, 0 int, 1 long */
		if (*f == 'h') { size = -1; f++; if (*f == 'h') { size = -2; f++; } }
		else if (*f == 'l') { size = 1; f++; if (*f == 'l') f++; }
		else if (*f == 'z') { size = 1; f++; }
		char conv = *f;
		if (conv == 0)
			break;
		if (conv == '%') {
			emit(k, '%');
			continue;
		}
		if (conv == 'c') {
			if (!left) emit_n(k, ' ', width - 1);
			emit(k, (char)va_arg(ap, int));
			if (left) emit_n(k, ' ', width - 1);
			continue;
		}
		if (conv == 's') {
			const char *s = va_arg(ap, const char *);
			if (!s) s = "(null)";
			int n = 0;
			while (s[n] && (prec < 0 || n < prec))
				n++;
			if (!left) emit_n(k, ' ', width - n);
			for (int i = 0; i < n; i++)
				emit(k, s[i]);
			if (left) emit_n(k, ' ', width - n);
			continue;
		}
		unsigned long u;
		int neg = 0, base = 10, upper = 0;
		const char *prefix = "";
		if (conv == 'd' || conv == 'i') {
			long v = size == 1 ? va_arg(ap, long) : va_arg(ap, int);
			if (size == -1) v = (short)v;
			if (size == -2) v = (signed char)v;
			neg = v < 0;
			u = neg ? 0ul - (unsigned long)v : (unsigned long)v;
		} else if (conv == 'p') {
			u = (unsigned long)va_arg(ap, void *);
			base = 16;
			prefix = "0x";
		} else {
			u = size == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			if (size == -1) u = (unsigned short)u;
			if (size == -2) u = (unsigned char)u;
			if (conv == 'x' || conv == 'X') {
				base = 16;
				upper = conv == 'X';
				if (alt && u) prefix = upper ? "0X" : "0x";
			} else if (conv == 'o') {
				base = 8;
			} else if (conv != 'u') {
				emit(k, '%');
				emit(k, conv);
				continue;
			}
		}
		char digits[24];
		int nd = 0;
		const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
		while (u) {
			digits[nd++] = set[u % (unsigned)base];
			u /= (unsigned)base;
		}
		if (prec < 0 && nd == 0)
			digits[nd++] = '0';
		if (conv == 'o' && alt && (nd == 0 || digits[nd - 1] != '0'))
			digits[nd++] = '0';
		int zeros = prec > nd ? prec - nd : 0;
		const char *sign = neg ? "-" : plus && (conv == 'd' || conv == 'i') ? "+" : space && (conv == 'd' || conv == 'i') ? " " : "";
		int len = (int)strlen(sign) + (int)strlen(prefix) + zeros + nd;
		if (zero && !left && prec < 0) {
			zeros += width > len ? width - len : 0;
			len = width > len ? width : len;
		}
		if (!left) emit_n(k, ' ', width - len);
		for (const char *s = sign; *s; s++) emit(k, *s);
		for (const char *s = prefix; *s; s++) emit(k, *s);
		emit_n(k, '0', zeros);
		while (nd)
			emit(k, digits[--nd]);
		if (left) emit_n(k, ' ', width - len);
	}
	return (int)k->len;
}

int printf(const char *f, ...)
{
	struct sink k = { 0, 0, 0, 1 };
	va_list ap;
	va_start(ap, f);
	int n = fmt(&k, f, ap);
	va_end(ap);
	return n;
}

int eprintf(const char *f, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, f);
	int n = vsnprintf(buf, sizeof buf, f, ap);
	va_end(ap);
	write_all(2, buf, strlen(buf));
	return n;
}

int vsnprintf(char *buf, size_t size, const char *f, va_list ap)
{
	struct sink k = { buf, size, 0, 0 };
	int n = fmt(&k, f, ap);
	if (size)
		buf[k.len < size ? k.len : size - 1] = 0;
	return n;
}

int snprintf(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = vsnprintf(buf, size, f, ap);
	va_end(ap);
	return n;
}

unsigned long strtoul_(const char *s, const char **end, int base)
{
	unsigned long v = 0;
	if (base == 0) {
		base = 10;
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			base = 16, s += 2;
	}
	for (;; s++) {
		int d;
		if (*s >= '0' && *s <= '9') d = *s - '0';
		else if (*s >= 'a' && *s <= 'z') d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'Z') d = *s - 'A' + 10;
		else break;
		if (d >= base) break;
		v = v * (unsigned long)base + (unsigned long)d;
	}
	if (end) *end = s;
	return v;
}

long atol_(const char *s)
{
	int neg = *s == '-';
	if (neg || *s == '+') s++;
	unsigned long v = strtoul_(s, 0, 10);
	return neg ? -(long)v : (long)v;
}
