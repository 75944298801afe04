/*
 * Exception handlers, called from exception_common (head.S) with the
 * interrupted state in *regs; returning resumes at regs->nip with MSR regs->msr.
 */
#include "kernel.h"

/* 512 MHz time base: 4 ms. */
uint64_t dec_interval = 2048000;

volatile int fault_probe_armed;
volatile uint64_t fault_probe_dar, fault_probe_dsisr;
static volatile uint64_t unexpected_traces;

static const char *vector_name(uint64_t v)
{
	switch (v) {
	case 0x100: return "system reset";
	case 0x200: return "machine check";
	case 0x300: return "data storage";
	case 0x380: return "data segment";
	case 0x400: return "instruction storage";
	case 0x480: return "instruction segment";
	case 0x500: return "external";
	case 0x600: return "alignment";
	case 0x700: return "program";
	case 0x800: return "floating-point unavailable";
	case 0x900: return "decrementer";
	case 0xa00: return "doorbell";
	case 0xc00: return "system call";
	case 0xd00: return "trace";
	case 0xf20: return "vector unavailable";
	case 0xf40: return "VSX unavailable";
	case 0xf60: return "facility unavailable";
	default: return "reserved";
	}
}

static void show_regs(struct pt_regs *regs)
{
	console_break_lock();
	kprintf("  cpu %lu pc 0x%016lx msr 0x%016lx lr 0x%016lx\n",
		(unsigned long)local_paca()->index, (unsigned long)regs->nip,
		(unsigned long)regs->msr, (unsigned long)regs->link);
	for (int i = 0; i < 32; i += 4)
		kprintf("  r%-2d 0x%016lx 0x%016lx 0x%016lx 0x%016lx\n", i,
			(unsigned long)regs->gpr[i], (unsigned long)regs->gpr[i + 1],
			(unsigned long)regs->gpr[i + 2], (unsigned long)regs->gpr[i + 3]);
}

void timer_init(void)
{
	set_dec((uint32_t)dec_interval);
}

__attribute__((noinline, noclone)) static void timer_interrupt(struct pt_regs *regs)
{
	(void)regs;
	set_dec((uint32_t)dec_interval);
	local_paca()->ticks++;
}

__attribute__((noinline, noclone)) static void doorbell_interrupt(struct pt_regs *regs)
{
	(void)regs;
	/* msgclrp, message type 5 (directed privileged doorbell) */
	__asm__ volatile("msgclrp %0" : : "r"(5UL << 27));
	local_paca()->doorbells++;
}

__attribute__((noinline, noclone)) static void program_interrupt(struct pt_regs *regs)
{
	const char *why = (regs->srr1 & 0x00080000) ? "illegal instruction"
		: (regs->srr1 & 0x00040000) ? "privileged instruction"
		: (regs->srr1 & 0x00020000) ? "trap"
		: (regs->srr1 & 0x00100000) ? "floating-point enabled exception" : "unknown reason";
	uint32_t insn = 0;
	/* the instruction is readable if the fetch worked: relocation as the interrupted context */
	insn = *(volatile uint32_t *)((regs->msr & MSR_IR) ? regs->nip : (uint64_t)__va(regs->nip));
	console_break_lock();
	kprintf("kernel: program interrupt (%s) at 0x%lx, instruction 0x%08x, %s\n", why,
		(unsigned long)regs->nip, insn, (regs->msr & MSR_PR) ? "user" : "kernel");
	show_regs(regs);
	kprintf("kernel: power off with status %d\n", EXIT_PROGRAM);
	power_off(EXIT_PROGRAM);
}

__attribute__((noinline, noclone)) static void storage_interrupt(struct pt_regs *regs)
{
	uint64_t v = regs->trap;
	if ((v == 0x300 || v == 0x380) && fault_probe_armed && regs->nip == (uint64_t)fault_probe_load) {
		/* the fault probe's load: record and resume at its fixup */
		fault_probe_dar = regs->dar;
		fault_probe_dsisr = v == 0x300 ? regs->dsisr : 0;
		fault_probe_armed = 0;
		regs->nip = (uint64_t)fault_probe_fixup;
		return;
	}
	console_break_lock();
	if (v == 0x300 || v == 0x380)
		kprintf("kernel: %s interrupt at 0x%lx: address 0x%lx, dsisr 0x%08lx, %s\n", vector_name(v),
			(unsigned long)regs->nip, (unsigned long)regs->dar, (unsigned long)regs->dsisr,
			(regs->msr & MSR_PR) ? "user" : "kernel");
	else
		kprintf("kernel: %s interrupt: address 0x%lx, srr1 0x%016lx, %s\n", vector_name(v),
			(unsigned long)regs->nip, (unsigned long)regs->srr1, (regs->msr & MSR_PR) ? "user" : "kernel");
	show_regs(regs);
	kprintf("kernel: power off with status %d\n", EXIT_STORAGE);
	power_off(EXIT_STORAGE);
}

__attribute__((noinline, noclone)) static void trace_interrupt(struct pt_regs *regs)
{
	debugger_trace(regs);
}

/* A Trace interrupt nobody asked for (a debugger leaking MSR[SE] into the guest): reported, SE cleared. */
void unexpected_trace(struct pt_regs *regs)
{
	unexpected_traces++;
	if (unexpected_traces <= 4)
		kprintf("kernel: unexpected trace interrupt on cpu %lu before 0x%lx (srr1 0x%lx); clearing MSR[SE]\n",
			(unsigned long)local_paca()->index, (unsigned long)regs->nip, (unsigned long)regs->msr);
	regs->msr &= ~(uint64_t)(MSR_SE | 0x200);    /* SE, BE */
}

uint64_t unexpected_trace_count(void)
{
	return unexpected_traces;
}

void exception_dispatch(struct pt_regs *regs)
{
	/* never put the interrupt's own SRR1 bits back into the MSR */
	regs->srr1 = regs->msr;
	regs->msr &= ~(uint64_t)SRR1_INTERRUPT_BITS;
	switch (regs->trap) {
	case 0x900: timer_interrupt(regs); return;
	case 0xa00: doorbell_interrupt(regs); return;
	case 0xc00:
		if (regs->msr & MSR_PR) { do_syscall(regs); return; }
		break;
	case 0xd00: trace_interrupt(regs); return;
	case 0x700: program_interrupt(regs); return;
	case 0x300: case 0x380: case 0x400: case 0x480: storage_interrupt(regs); return;
	default: break;
	}
	console_break_lock();
	kprintf("kernel: unexpected %s interrupt (0x%lx) at 0x%lx\n", vector_name(regs->trap),
		(unsigned long)regs->trap, (unsigned long)regs->nip);
	show_regs(regs);
	kprintf("kernel: power off with status %d\n", EXIT_UNEXPECTED);
	power_off(EXIT_UNEXPECTED);
}
