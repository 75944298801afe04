/*
 * The hvstep system kernel: a small freestanding little-endian ppc64 (ELFv2)
 * kernel for a POWER9 partition under a KVM-HV style hypervisor (pseries-lite).
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include "asm-offsets.h"

#define MAX_CPUS          32
#define PAGE_SIZE         4096UL
#define KERNEL_STACK_SIZE (64 * 1024)

/* Exit codes given to RTAS power-off (hvstep's process exit code). */
#define EXIT_OK           0
#define EXIT_COUNTERS     1   /* smp_work totals wrong */
#define EXIT_DEBUGGER     2   /* in-guest debugger step count wrong */
#define EXIT_PROGRAM      3   /* Program interrupt (illegal, privileged, trap) */
#define EXIT_STORAGE      4   /* DSI, ISI, segment interrupt */
#define EXIT_UNEXPECTED   5   /* any other unexpected interrupt */
#define EXIT_SELFTEST     6   /* another self-check failed */
#define EXIT_SMP          7   /* a secondary vCPU did not start or stop */
#define EXIT_FDT          8   /* device tree missing or unusable */

/* PAPR hypercalls */
#define H_SUCCESS         0
#define H_BUSY            1
#define H_GET_TERM_CHAR   0x54
#define H_PUT_TERM_CHAR   0x58
#define H_CEDE            0xe0
#define H_PROD            0xe8
#define H_SET_MODE        0x31c
#define H_REGISTER_PROC_TBL 0x37c
#define KVMPPC_H_RTAS     0xf000

#define H_SET_MODE_RESOURCE_ADDR_TRANS_MODE 3
#define H_SET_MODE_RESOURCE_LE              4

#define PROC_TABLE_NEW    0x18
#define PROC_TABLE_RADIX  0x04
#define PROC_TABLE_GTSE   0x01

/* Linux system call numbers (r0) used by the user process */
#define SYS_exit          1
#define SYS_write         4
#define SYS_getpid        20

/* The user process (PID 1) address space */
#define USER_TEXT_BASE    0x10000000UL
#define USER_DATA_BASE    0x10010000UL
#define USER_DATA_SIZE    (16 * 1024)
#define USER_STACK_TOP    0x7fff0000UL
#define USER_STACK_SIZE   (64 * 1024)

struct rtas_args {                /* big-endian in memory */
	uint32_t token;
	uint32_t nargs;
	uint32_t nret;
	uint32_t args[16];
};

struct paca {
	uint64_t scratch[3];
	uint64_t kstack;
	uint64_t toc;
	uint64_t user_ksp;
	uint64_t stack_top;
	uint64_t index;
	uint64_t hw_id;                     /* reg of /cpus/cpu@N */
	volatile uint64_t online;
	volatile uint64_t ticks;            /* decrementer interrupts */
	volatile uint64_t doorbells;        /* directed privileged doorbells */
	volatile uint64_t work_done;
	volatile uint64_t kstep_active;     /* kstep_selftest running on this CPU */
	volatile uint64_t kstep_traces;
	uint64_t scratch_cr;                /* exception entry: the interrupted CR */
	struct rtas_args rtas __attribute__((aligned(16)));
} __attribute__((aligned(PACA_SIZE)));

struct pt_regs {
	uint64_t gpr[32];
	uint64_t nip;                       /* SRR0 */
	uint64_t msr;                       /* SRR1 */
	uint64_t ctr;
	uint64_t link;
	uint64_t xer;
	uint64_t ccr;
	uint64_t trap;                      /* the vector */
	uint64_t dar;
	uint64_t dsisr;
	uint64_t srr1;                     /* SRR1 as the interrupt set it (reason bits included) */
};

_Static_assert(offsetof(struct paca, scratch) == PACA_SCRATCH0, "paca");
_Static_assert(offsetof(struct paca, scratch_cr) == PACA_SCRATCH_CR, "paca");
_Static_assert(offsetof(struct paca, kstack) == PACA_KSTACK, "paca");
_Static_assert(offsetof(struct paca, toc) == PACA_TOC, "paca");
_Static_assert(offsetof(struct paca, user_ksp) == PACA_USER_KSP, "paca");
_Static_assert(offsetof(struct paca, stack_top) == PACA_STACK_TOP, "paca");
_Static_assert(offsetof(struct paca, index) == PACA_INDEX, "paca");
_Static_assert(sizeof(struct paca) == PACA_SIZE, "paca");
_Static_assert(offsetof(struct pt_regs, nip) == PT_NIP, "pt_regs");
_Static_assert(offsetof(struct pt_regs, msr) == PT_MSR, "pt_regs");
_Static_assert(offsetof(struct pt_regs, ctr) == PT_CTR, "pt_regs");
_Static_assert(offsetof(struct pt_regs, link) == PT_LR, "pt_regs");
_Static_assert(offsetof(struct pt_regs, xer) == PT_XER, "pt_regs");
_Static_assert(offsetof(struct pt_regs, ccr) == PT_CCR, "pt_regs");
_Static_assert(offsetof(struct pt_regs, trap) == PT_TRAP, "pt_regs");
_Static_assert(offsetof(struct pt_regs, dar) == PT_DAR, "pt_regs");
_Static_assert(offsetof(struct pt_regs, dsisr) == PT_DSISR, "pt_regs");
_Static_assert(sizeof(struct pt_regs) == PT_SIZE, "pt_regs");

/* What the device tree told us. */
struct machine {
	uint64_t fdt;                       /* real address */
	uint64_t memory_size;
	int ncpus;
	uint32_t cpu_ids[MAX_CPUS];         /* reg of each /cpus/cpu@N, FDT order */
	int cpus_in_fdt;                    /* may exceed MAX_CPUS */
	uint32_t rtas_start_cpu, rtas_stop_self, rtas_query_cpu_stopped_state;
	uint32_t rtas_power_off, rtas_system_reboot;
	const char *bootargs;
};

extern struct machine machine;
extern struct paca pacas[MAX_CPUS];
extern unsigned long smp_iterations;
extern int reboot_at_end;
extern int user_fault_requested;

/* ---- helpers ---- */
#define __pa(x)  ((uint64_t)(x) & 0x0fffffffffffffffUL)
#define __va(x)  ((void *)((uint64_t)(x) | KERNELBASE))

static inline uint32_t be32(uint32_t x) { return __builtin_bswap32(x); }
static inline uint64_t be64(uint64_t x) { return __builtin_bswap64(x); }

static inline uint64_t mfmsr(void)
{
	uint64_t v;
	__asm__ volatile("mfmsr %0" : "=r"(v));
	return v;
}
static inline void mtmsrd(uint64_t v)
{
	__asm__ volatile("mtmsrd %0" : : "r"(v) : "memory");
}
#define mfspr(n) ({ uint64_t __v; __asm__ volatile("mfspr %0, %1" : "=r"(__v) : "i"(n)); __v; })
#define mtspr(n, v) __asm__ volatile("mtspr %0, %1" : : "i"(n), "r"((uint64_t)(v)) : "memory")

static inline uint64_t mftb(void)
{
	uint64_t v;
	__asm__ volatile("mftb %0" : "=r"(v));
	return v;
}
static inline struct paca *local_paca(void)
{
	struct paca *p;
	__asm__ volatile("mr %0, 13" : "=r"(p));
	return p;
}
static inline uint64_t irq_save(void)
{
	uint64_t msr = mfmsr();
	__asm__ volatile("mtmsrd %0, 1" : : "r"(msr & ~(uint64_t)MSR_EE) : "memory");
	return msr;
}
static inline void irq_restore(uint64_t msr)
{
	__asm__ volatile("mtmsrd %0, 1" : : "r"(msr) : "memory");
}
static inline void irq_enable(void)
{
	__asm__ volatile("mtmsrd %0, 1" : : "r"(mfmsr() | MSR_EE) : "memory");
}
static inline void set_dec(uint32_t ticks)
{
	__asm__ volatile("mtdec %0" : : "r"((uint64_t)ticks));
}
/*
 * PIDR = 1 on every CPU once relocation is on: quadrant-0 addresses are always
 * the user process's (a debugger can translate and patch user addresses at any
 * stop), and a kernel NULL dereference faults instead of aliasing real memory.
 */
static inline void set_user_pid(void)
{
	mtspr(SPRN_PID, 1);
	__asm__ volatile("isync" : : : "memory");
}
static inline void barrier(void) { __asm__ volatile("" : : : "memory"); }
static inline void smp_mb(void) { __asm__ volatile("sync" : : : "memory"); }

/* lwarx/stwcx. and ldarx/stdcx. atomics (the point of smp_work) */
static inline uint32_t atomic_add32(volatile uint32_t *p, uint32_t v)
{
	uint32_t t;
	__asm__ volatile(
		"1:	lwarx	%0, 0, %2\n"
		"	add	%0, %0, %1\n"
		"	stwcx.	%0, 0, %2\n"
		"	bne-	1b\n"
		: "=&r"(t) : "r"(v), "r"(p) : "cr0", "memory");
	return t;
}
static inline uint64_t atomic_add64(volatile uint64_t *p, uint64_t v)
{
	uint64_t t;
	__asm__ volatile(
		"1:	ldarx	%0, 0, %2\n"
		"	add	%0, %0, %1\n"
		"	stdcx.	%0, 0, %2\n"
		"	bne-	1b\n"
		: "=&r"(t) : "r"(v), "r"(p) : "cr0", "memory");
	return t;
}

/* hcall.c */
long hcall(unsigned long nr, unsigned long a1, unsigned long a2, unsigned long a3, unsigned long a4);
long hcall_ret(unsigned long nr, unsigned long *out3, unsigned long a1);
void h_cede(void);
long h_set_mode(unsigned long mflags, unsigned long resource);
void h_prod(unsigned long cpu);

/* console.c */
void console_write(const char *s, size_t n);
void puts(const char *s);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void console_break_lock(void);

/* fdt.c */
int fdt_parse(const void *fdt, struct machine *m);

/* rtas.c */
int rtas_call(uint32_t token, int nargs, int nret, uint32_t *rets, ...);
int rtas_start_cpu(uint32_t hw_id, uint64_t entry, uint64_t r3);
int rtas_query_cpu_stopped_state(uint32_t hw_id);
void rtas_stop_self(void) __attribute__((noreturn));
void power_off(int status) __attribute__((noreturn));
void system_reboot(void) __attribute__((noreturn));
void panic(int status, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

/* mm.c */
uint64_t alloc_phys(uint64_t size, uint64_t align);
void mmu_init(void);
void mmu_reset_user(void);
uint64_t user_text_phys(void);

/* smp.c */
void smp_boot(void);
void smp_run_work(void);
void smp_work(struct paca *p);
void secondary_main(void) __attribute__((noreturn));

/* traps.c */
void exception_dispatch(struct pt_regs *regs);
void timer_init(void);
void unexpected_trace(struct pt_regs *regs);
uint64_t unexpected_trace_count(void);
extern uint64_t dec_interval;

/* syscall.c / debugger.c */
void do_syscall(struct pt_regs *regs);
void run_user_process(void);
void debugger_trace(struct pt_regs *regs);
int debugger_syscall(struct pt_regs *regs);
void kernel_selftests(void);
void kstep_check(void);
extern volatile int fault_probe_armed;
extern volatile uint64_t fault_probe_dar, fault_probe_dsisr;

/* head.S */
extern char _start[], secondary_entry[], exception_common[];
extern char __bss_start[], __bss_end[], _end[];
extern char __user_start[], __user_end[], __user_phys[];
long run_user(uint64_t entry, uint64_t sp, uint64_t msr);
void user_return(long code) __attribute__((noreturn));
void enable_mmu(void);
long kstep_selftest(void);
uint64_t mixed_mode_load(const uint64_t *p);
extern const uint32_t kstep_expected;
long fault_probe(uint64_t addr, uint64_t *value);
extern char fault_probe_load[], fault_probe_fixup[];
extern char user_main[];
extern char trace_vector[], trace_vector_ail[], trace_vector_ool[], ail2_vectors[];
extern unsigned long kernel_ail;

/* lib.c */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
const char *strstr(const char *h, const char *n);
unsigned long parse_ulong(const char *s);

#endif
