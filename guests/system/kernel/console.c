/*
 * Console: the vty (vterm 0) through H_PUT_TERM_CHAR, up to 16 bytes per call in
 * r6/r7, first character in the most significant byte of r6 (PAPR).
 */
#include "kernel.h"

static volatile uint32_t console_lock_word;   /* 0 free, else owner CPU + 1 */

static void console_lock(uint64_t *msr)
{
	uint32_t me = (uint32_t)local_paca()->index + 1;
	*msr = irq_save();
	if (console_lock_word == me) return;      /* a fatal message from a handler on the owner */
	for (;;) {
		uint32_t t;
		__asm__ volatile(
			"1:	lwarx	%0, 0, %1\n"
			"	cmpwi	%0, 0\n"
			"	bne-	2f\n"
			"	stwcx.	%2, 0, %1\n"
			"	bne-	1b\n"
			"2:\n"
			: "=&r"(t) : "r"(&console_lock_word), "r"(me) : "cr0", "memory");
		if (t == 0) break;
	}
	__asm__ volatile("isync" : : : "memory");
}

static void console_unlock(uint64_t msr)
{
	__asm__ volatile("lwsync" : : : "memory");
	console_lock_word = 0;
	irq_restore(msr);
}

/* A CPU about to power off after a fatal error takes the console whoever holds it. */
void console_break_lock(void)
{
	console_lock_word = 0;
}

static void put_chunk(const char *s, size_t n)
{
	uint64_t w[2] = { 0, 0 };
	for (size_t i = 0; i < n; i++)
		w[i / 8] |= (uint64_t)(unsigned char)s[i] << (56 - 8 * (i % 8));
	for (;;) {
		long rc = hcall(H_PUT_TERM_CHAR, 0, n, w[0], w[1]);
		if (rc != H_BUSY && !(rc >= 9900 && rc <= 9905)) break;
	}
}

static void console_write_locked(const char *s, size_t n)
{
	while (n) {
		size_t k = n > 16 ? 16 : n;
		put_chunk(s, k);
		s += k;
		n -= k;
	}
}

void console_write(const char *s, size_t n)
{
	uint64_t msr;
	console_lock(&msr);
	console_write_locked(s, n);
	console_unlock(msr);
}

void puts(const char *s)
{
	console_write(s, strlen(s));
}

/* ---- formatting: %s %c %d %i %u %x %X %p %%, flags '0' '-', width, l/ll/z ---- */

struct out { char *buf; size_t size, len; };

static void emit(struct out *o, char c)
{
	if (o->len + 1 < o->size) o->buf[o->len] = c;
	o->len++;
}

static void emit_number(struct out *o, uint64_t v, int base, int negative, int width, int zero, int left, int upper)
{
	char tmp[24];
	int n = 0;
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	do { tmp[n++] = digits[v % base]; v /= base; } while (v);
	if (negative) tmp[n++] = '-';
	int pad = width > n ? width - n : 0;
	if (!left && zero) {
		if (negative) { emit(o, '-'); n--; }
		while (pad--) emit(o, '0');
	} else if (!left) {
		while (pad--) emit(o, ' ');
	}
	while (n) emit(o, tmp[--n]);
	if (left) while (pad-- > 0) emit(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	for (; *fmt; fmt++) {
		if (*fmt != '%') { emit(&o, *fmt); continue; }
		fmt++;
		int zero = 0, left = 0, width = 0, lng = 0;
		for (;; fmt++) {
			if (*fmt == '0') zero = 1;
			else if (*fmt == '-') left = 1;
			else break;
		}
		while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') { lng = 1; fmt++; }
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s) s = "(null)";
			size_t n = strlen(s);
			int pad = width > (int)n ? width - (int)n : 0;
			if (!left) while (pad-- > 0) emit(&o, ' ');
			while (*s) emit(&o, *s++);
			if (left) while (pad-- > 0) emit(&o, ' ');
			break;
		}
		case 'c': emit(&o, (char)va_arg(ap, int)); break;
		case 'd': case 'i': {
			int64_t v = lng ? va_arg(ap, long) : va_arg(ap, int);
			emit_number(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width, zero, left, 0);
			break;
		}
		case 'u': {
			uint64_t v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			emit_number(&o, v, 10, 0, width, zero, left, 0);
			break;
		}
		case 'x': case 'X': {
			uint64_t v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			emit_number(&o, v, 16, 0, width, zero, left, *fmt == 'X');
			break;
		}
		case 'p':
			emit(&o, '0'); emit(&o, 'x');
			emit_number(&o, (uint64_t)va_arg(ap, void *), 16, 0, 16, 1, 0, 0);
			break;
		case '%': emit(&o, '%'); break;
		case 0: fmt--; break;
		default: emit(&o, '%'); emit(&o, *fmt); break;
		}
	}
	if (size) buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int kprintf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	console_write(buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
	return n;
}
