/* PAPR hypercalls: `sc 1`, number in r3, arguments in r4.., return code in r3. */
#include "kernel.h"

#define HCALL_CLOBBERS "r0", "r8", "r9", "r10", "r11", "r12", "ctr", "xer", "cr0", "cr1", "cr5", "cr6", "cr7", "memory"

long hcall(unsigned long nr, unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4)
{
	register unsigned long r3 __asm__("r3") = nr;
	register unsigned long r4 __asm__("r4") = a1;
	register unsigned long r5 __asm__("r5") = a2;
	register unsigned long r6 __asm__("r6") = a3;
	register unsigned long r7 __asm__("r7") = a4;
	__asm__ volatile("sc 1"
		: "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
		: : HCALL_CLOBBERS);
	return (long)r3;
}

/* A hypercall with one argument that returns up to three values in r4..r6. */
long hcall_ret(unsigned long nr, unsigned long *out3, unsigned long a1)
{
	register unsigned long r3 __asm__("r3") = nr;
	register unsigned long r4 __asm__("r4") = a1;
	register unsigned long r5 __asm__("r5") = 0;
	register unsigned long r6 __asm__("r6") = 0;
	register unsigned long r7 __asm__("r7") = 0;
	__asm__ volatile("sc 1"
		: "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
		: : HCALL_CLOBBERS);
	out3[0] = r4; out3[1] = r5; out3[2] = r6;
	return (long)r3;
}

/* H_CEDE: idle until an interrupt (it sets MSR[EE]); the interrupt is taken on return. */
void h_cede(void)
{
	hcall(H_CEDE, 0, 0, 0, 0);
}

/* H_SET_MODE(mflags, resource, 0, 0): resource 4 = interrupt endianness, 3 = AIL. */
__attribute__((noinline)) long h_set_mode(unsigned long mflags, unsigned long resource)
{
	return hcall(H_SET_MODE, mflags, resource, 0, 0);
}

void h_prod(unsigned long cpu)
{
	hcall(H_PROD, cpu, 0, 0, 0);
}
