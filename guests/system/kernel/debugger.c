/*
 * The in-guest debugger (the ptrace / KGDB case of the single-step spec): the
 * kernel runs the user process a second time with MSR[SE] set in SRR1 before
 * the rfid. Every Trace interrupt (0xd00, through its AIL=3 alias 0x4d00)
 * records the stepped instruction, sets SE again in SRR1 and returns; `sc`
 * takes a system call interrupt instead of a trace, so the system call handler
 * counts it too. The number of stepped instructions must equal the number the
 * process counted itself in the first, unstepped run.
 *
 * Also here: the kernel tracing itself (MSR[SE] set with mtmsrd, not rfid) and
 * a recovered data storage interrupt.
 */
#include "kernel.h"

extern const uint32_t user_expected_instructions;  /* in the user segment, at its user address */
extern char user_exit_sc[];

struct debugger {
	volatile int active;
	uint64_t steps;            /* instructions stepped: traces + system calls */
	uint64_t traces;
	uint64_t syscalls;
	uint64_t next_pc;          /* the instruction the process executes next */
	uint64_t first_pc, last_pc;
	uint64_t unexpected;       /* trace interrupts that do not follow from our SE */
};

static struct debugger dbg;
int user_fault_requested;

static void record_step(uint64_t pc)
{
	if (dbg.steps == 0) dbg.first_pc = pc;
	dbg.last_pc = pc;
	dbg.steps++;
}

/* Trace interrupt (from traps.c). */
void debugger_trace(struct pt_regs *regs)
{
	if (dbg.active && (regs->msr & MSR_PR)) {
		/* SRR0 is the next instruction: the one that completed is where we were */
		record_step(dbg.next_pc);
		dbg.traces++;
		dbg.next_pc = regs->nip;
		regs->msr |= MSR_SE;        /* step again */
		return;
	}
	struct paca *p = local_paca();
	if (p->kstep_active && !(regs->msr & MSR_PR)) {
		p->kstep_traces++;          /* SE stays as the traced code left it */
		return;
	}
	if (dbg.active) dbg.unexpected++;
	unexpected_trace(regs);
}

/* System call interrupt from the process: `sc` is never followed by a trace. */
int debugger_syscall(struct pt_regs *regs)
{
	if (!dbg.active) return 0;
	record_step(regs->nip - 4);
	dbg.syscalls++;
	dbg.next_pc = regs->nip;
	return 1;
}

static uint64_t user_word(uint64_t user_address)
{
	return *(volatile uint64_t *)user_address;         /* PID 1 is current */
}

void run_user_process(void)
{
	uint64_t entry = (uint64_t)user_main;
	uint64_t sp = USER_STACK_TOP - STACK_FRAME_HEADER;
	if (user_fault_requested) sp = 0x40000000;     /* unmapped: the process's first store faults */
	uint64_t msr = (mfmsr() | MSR_PR | MSR_EE | MSR_IR | MSR_DR | MSR_LE) & ~(uint64_t)(MSR_SE | MSR_RI);
	set_user_pid();
	uint32_t expected = *(volatile const uint32_t *)&user_expected_instructions;

	/* run 1: plain */
	mmu_reset_user();
	kprintf("kernel: starting user process (pid 1) at 0x%lx\n", (unsigned long)entry);
	long code = run_user(entry, sp, msr);
	irq_enable();
	uint64_t count1 = user_word(USER_DATA_BASE), result1 = user_word(USER_DATA_BASE + 8);
	uint64_t pid = user_word(USER_DATA_BASE + 16);
	kprintf("kernel: user process exited with %ld after %lu instructions\n", code, (unsigned long)count1);
	if (code != 0 || pid != 1 || count1 != expected)
		panic(EXIT_SELFTEST, "kernel: user process check failed: exit %ld, getpid %lu, %lu instructions (want %u)\n",
			code, (unsigned long)pid, (unsigned long)count1, expected);

	/* run 2: under the in-guest debugger */
	mmu_reset_user();
	memset(&dbg, 0, sizeof dbg);
	dbg.next_pc = entry;
	dbg.active = 1;
	kprintf("kernel: debugger: single-stepping pid 1 with MSR[SE]\n");
	code = run_user(entry, sp, msr | MSR_SE);
	dbg.active = 0;
	irq_enable();
	uint64_t count2 = user_word(USER_DATA_BASE), result2 = user_word(USER_DATA_BASE + 8);
	kprintf("debugger: stepped %lu user instructions, first pc 0x%lx, last pc 0x%lx\n",
		(unsigned long)dbg.steps, (unsigned long)dbg.first_pc, (unsigned long)dbg.last_pc);
	kprintf("debugger: %lu trace interrupts, %lu system calls\n", (unsigned long)dbg.traces, (unsigned long)dbg.syscalls);
	if (code != 0 || dbg.steps != count1 || count2 != count1 || result2 != result1 || dbg.unexpected
	    || dbg.first_pc != entry || dbg.last_pc != (uint64_t)user_exit_sc)
		panic(EXIT_DEBUGGER, "debugger mismatch: stepped %lu, process counted %lu then %lu, results 0x%lx 0x%lx, exit %ld, "
			"first pc 0x%lx (want 0x%lx), last pc 0x%lx (want 0x%lx), %lu unexpected traces\n",
			(unsigned long)dbg.steps, (unsigned long)count1, (unsigned long)count2,
			(unsigned long)result1, (unsigned long)result2, code,
			(unsigned long)dbg.first_pc, (unsigned long)entry,
			(unsigned long)dbg.last_pc, (unsigned long)user_exit_sc, (unsigned long)dbg.unexpected);
	kprintf("debugger ok\n");
}

/*
 * The kernel traces itself on this CPU: SE set by mtmsrd in supervisor state.
 * Every CPU does it during smp_work too, so other vCPUs go through the Trace
 * vector while a debugger steps one of them.
 */
void kstep_check(void)
{
	struct paca *p = local_paca();
	p->kstep_traces = 0;
	p->kstep_active = 1;
	uint64_t msr_seen = (uint64_t)kstep_selftest();
	p->kstep_active = 0;
	if (p->kstep_traces != kstep_expected || !(msr_seen & MSR_SE))
		panic(EXIT_SELFTEST, "kernel: cpu %lu: self-step failed: %lu traces (want %u), mfmsr 0x%lx\n",
			(unsigned long)p->index, (unsigned long)p->kstep_traces, kstep_expected, (unsigned long)msr_seen);
}

static const uint64_t mixed_mode_word = 0x1badb002cafef00dUL;

void kernel_selftests(void)
{
	kstep_check();
	kprintf("kernel: self-step ok: %lu kernel instructions traced\n", (unsigned long)local_paca()->kstep_traces);

	/* MSR[IR]=1, MSR[DR]=0 for a few instructions: interrupts there count as relocation off */
	uint64_t v = mixed_mode_load(&mixed_mode_word);
	if (v != mixed_mode_word)
		panic(EXIT_SELFTEST, "kernel: IR=1 DR=0 load read 0x%lx\n", (unsigned long)v);
	kprintf("kernel: IR=1 DR=0 ok\n");

	/* a load from an unmapped kernel address: DSI, recovered */
	uint64_t bad = KERNELBASE + (1UL << 44), value = 0;
	fault_probe_armed = 1;
	long rc = fault_probe(bad, &value);
	fault_probe_armed = 0;
	if (rc != -1 || fault_probe_dar != bad || !(fault_probe_dsisr & 0x40000000))
		panic(EXIT_SELFTEST, "kernel: fault probe failed: rc %ld, dar 0x%lx, dsisr 0x%lx\n",
			rc, (unsigned long)fault_probe_dar, (unsigned long)fault_probe_dsisr);
	kprintf("kernel: fault probe ok: DSI at 0x%lx, dsisr 0x%08lx\n",
		(unsigned long)fault_probe_dar, (unsigned long)fault_probe_dsisr);
}
