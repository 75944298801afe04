/* The firmware's console output (H_PUT_TERM_CHAR, big-endian: the bytes are simply the registers' bytes). */
#include <stdint.h>
#include <stddef.h>

#define H_PUT_TERM_CHAR 0x58
#define FDT_MAGIC 0xd00dfeed

static long put_term_char(unsigned long len, unsigned long hi, unsigned long lo)
{
	register unsigned long r3 __asm__("r3") = H_PUT_TERM_CHAR;
	register unsigned long r4 __asm__("r4") = 0;
	register unsigned long r5 __asm__("r5") = len;
	register unsigned long r6 __asm__("r6") = hi;
	register unsigned long r7 __asm__("r7") = lo;
	__asm__ volatile("sc 1"
		: "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
		: : "r0", "r8", "r9", "r10", "r11", "r12", "ctr", "xer", "cr0", "cr1", "cr5", "cr6", "cr7", "memory");
	return (long)r3;
}

static void fw_write(const char *s, size_t n)
{
	while (n) {
		size_t k = n > 16 ? 16 : n;
		union { char c[16]; uint64_t w[2]; } chunk = { .w = { 0, 0 } };
		for (size_t i = 0; i < k; i++) chunk.c[i] = s[i];
		while (put_term_char(k, chunk.w[0], chunk.w[1]) == 1)   /* H_BUSY */
			;
		s += k;
		n -= k;
	}
}

static void fw_puts(const char *s)
{
	size_t n = 0;
	while (s[n]) n++;
	fw_write(s, n);
}

static void fw_puthex(uint64_t v)
{
	char buf[18];
	int n = 0;
	buf[n++] = '0';
	buf[n++] = 'x';
	int started = 0;
	for (int shift = 60; shift >= 0; shift -= 4) {
		int d = (v >> shift) & 0xf;
		if (d || started || shift == 0) {
			buf[n++] = "0123456789abcdef"[d];
			started = 1;
		}
	}
	fw_write(buf, n);
}

void firmware_main(uint64_t fdt, uint64_t kernel_entry)
{
	fw_puts("hvstep firmware (big-endian)\n");
	if (*(volatile uint32_t *)fdt != FDT_MAGIC)
		fw_puts("firmware: warning: no device tree magic at r3\n");
	fw_puts("firmware: device tree at ");
	fw_puthex(fdt);
	fw_puts(", kernel entry at ");
	fw_puthex(kernel_entry);
	fw_puts("; entering the kernel little-endian\n");
}
