/*
 * Boot: kernel_start runs in real mode (little-endian, from the firmware's rfid)
 * and kernel_main with the MMU on.
 */
#include "kernel.h"

struct machine machine;
int reboot_at_end;
static const char *fault_at_end;
static int trace_branch;
/* LPCR[AIL] asked of H_SET_MODE once the MMU is on: 3 (0xc000000000004000 + vector), or bootargs ail=0 / ail=2 */
unsigned long kernel_ail = 3;

/* Replaces the word at `at` with a relative branch to `target` (same image, both mappings). */
static void patch_branch(void *at, void *target)
{
	int64_t offset = (char *)target - (char *)at;
	*(volatile uint32_t *)at = 0x48000000u | ((uint32_t)offset & 0x03fffffcu);
	__asm__ volatile("dcbst 0, %0; sync; icbi 0, %0; isync" : : "r"(at) : "memory");
}
extern int smp_atomic64;

static void parse_bootargs(const char *args)
{
	if (!args) return;
	const char *p = strstr(args, "iters=");
	if (p) {
		unsigned long v = parse_ulong(p + 6);
		if (v) smp_iterations = v;
	}
	if (strstr(args, "reboot")) reboot_at_end = 1;
	if (strstr(args, "atomic64")) smp_atomic64 = 1;
	if (strstr(args, "trace_branch")) trace_branch = 1;
	p = strstr(args, "ail=");
	if (p && (p[4] == '0' || p[4] == '2' || p[4] == '3')) kernel_ail = (unsigned long)(p[4] - '0');
	p = strstr(args, "fault=");
	if (p) fault_at_end = p + 6;
}

/*
 * bootargs fault=program|trap|dsi|user-dsi: fail on purpose after the SMP part,
 * to check the exit codes (3 program, 4 storage) end to end.
 */
static void deliberate_fault(void)
{
	const char *f = fault_at_end;
	if (!f) return;
	kprintf("kernel: deliberate fault: %s\n", f);
	if (!strncmp(f, "program", 7)) __asm__ volatile(".long 0");              /* illegal */
	if (!strncmp(f, "trap", 4)) __asm__ volatile("tw 31, 0, 0");
	if (!strncmp(f, "dsi", 3)) (void)*(volatile uint64_t *)(KERNELBASE + (1UL << 44));
	if (!strncmp(f, "user-dsi", 8)) user_fault_requested = 1;
}

__attribute__((noreturn, noinline, noclone)) static void kernel_main(void)
{
	kernel_selftests();

	timer_init();
	irq_enable();
	smp_boot();
	smp_run_work();

	deliberate_fault();
	run_user_process();

	uint64_t stray = unexpected_trace_count();
	if (stray)
		kprintf("kernel: %lu unexpected trace interrupts\n", (unsigned long)stray);
	kprintf("kernel: all done\n");
	if (reboot_at_end) system_reboot();
	power_off(EXIT_OK);
}

/* Real mode, r3 = real address of the device tree, r4 = what H_SET_MODE(LE) returned in start_real. */
__attribute__((noreturn)) void kernel_start(uint64_t fdt, long le_rc)
{
	struct paca *p = local_paca();
	p->index = 0;
	p->hw_id = mfspr(1023);          /* PIR */

	puts("hvstep kernel (little-endian)\n");
	if (le_rc != H_SUCCESS) kprintf("kernel: H_SET_MODE(LE) failed: %ld\n", le_rc);
	long rc;

	machine.fdt = fdt;
	rc = fdt_parse(__va(fdt), &machine);
	if (rc != 0 || machine.memory_size == 0 || machine.ncpus == 0 || !machine.rtas_power_off) {
		kprintf("kernel: bad device tree at 0x%lx (%ld)\n", (unsigned long)fdt, rc);
		if (machine.rtas_power_off) power_off(EXIT_FDT);
		for (;;) h_cede();
	}
	kprintf("kernel: %d cpus, %lu MiB\n", machine.cpus_in_fdt, (unsigned long)(machine.memory_size >> 20));
	if (machine.bootargs && machine.bootargs[0]) kprintf("kernel: bootargs \"%s\"\n", machine.bootargs);
	parse_bootargs(machine.bootargs);
	if (machine.memory_size < (32UL << 20)) panic(EXIT_FDT, "kernel: need at least 32 MiB of RAM\n");
	if (trace_branch) {
		patch_branch(trace_vector, trace_vector_ool);
		patch_branch(trace_vector_ail, trace_vector_ool);
		kprintf("kernel: trace vectors begin with a branch to trace_vector_ool\n");
	}

	mmu_init();
	enable_mmu();
	set_user_pid();
	rc = h_set_mode(kernel_ail, H_SET_MODE_RESOURCE_ADDR_TRANS_MODE);
	if (rc != H_SUCCESS) panic(EXIT_SELFTEST, "kernel: H_SET_MODE(AIL=%lu) failed: %ld\n", kernel_ail, rc);
	kprintf("kernel: MMU on (radix), AIL=%lu\n", kernel_ail);
	kernel_main();
}
