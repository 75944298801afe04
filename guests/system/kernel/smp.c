/*
 * SMP: the boot CPU starts every other CPU of the device tree with RTAS
 * start-cpu at secondary_entry (head.S); each joins with its MMU on, takes
 * decrementer ticks, races on two shared counters with lwarx/stwcx. and
 * ldarx/stdcx. in smp_work, and stops itself with RTAS stop-self.
 */
#include "kernel.h"

struct paca pacas[MAX_CPUS];
unsigned long smp_iterations = 100000;

static volatile uint32_t work_go;
static volatile uint32_t work_finished;
/* the shared counters smp_work races on */
volatile uint32_t smp_counter;
volatile uint32_t smp_id_sum;
/* with bootargs "atomic64": a third counter updated with ldarx/stdcx. */
int smp_atomic64;
volatile uint64_t smp_counter64;

/* 120 s of guest time: long enough for a debugger holding some vCPUs while others run */
#define TIMEOUT_TICKS (512000000UL * 120)

static uint32_t boot_hw_id(void) { return (uint32_t)pacas[0].hw_id; }

/*
 * Every CPU adds 1 to smp_counter and its own number to smp_id_sum, both with
 * lwarx/stwcx., smp_iterations times (and 1 to smp_counter64 with ldarx/stdcx.
 * when asked).
 */
__attribute__((noinline)) void smp_work(struct paca *p)
{
	uint32_t id = (uint32_t)p->index;
	kstep_check();
	if (smp_atomic64) {
		for (unsigned long i = 0; i < smp_iterations; i++) {
			atomic_add32(&smp_counter, 1);
			atomic_add32(&smp_id_sum, id);
			atomic_add64(&smp_counter64, 1);
		}
		return;
	}
	for (unsigned long i = 0; i < smp_iterations; i++) {
		atomic_add32(&smp_counter, 1);
		atomic_add32(&smp_id_sum, id);
		if ((i & 0x3fff) == 0x3fff) kstep_check();
	}
}

/* Waits (ceding, so ticks and prods wake us) until *word >= value; 0 on timeout. */
static int wait_for(volatile uint32_t *word, uint32_t value)
{
	uint64_t deadline = mftb() + TIMEOUT_TICKS;
	while (*word < value) {
		if (mftb() > deadline) return 0;
		h_cede();
	}
	return 1;
}

static void wait_ticks(struct paca *p, uint64_t n)
{
	uint64_t deadline = mftb() + TIMEOUT_TICKS;
	while (p->ticks < n) {
		if (mftb() > deadline) panic(EXIT_SELFTEST, "kernel: cpu %lu: no decrementer interrupts\n", (unsigned long)p->index);
		h_cede();
	}
}

void secondary_main(void)
{
	struct paca *p = local_paca();
	set_user_pid();
	timer_init();
	p->online = 1;
	smp_mb();
	h_prod(boot_hw_id());
	irq_enable();
	while (!work_go) h_cede();
	smp_work(p);
	wait_ticks(p, 2);
	p->work_done = 1;
	smp_mb();
	atomic_add32(&work_finished, 1);
	h_prod(boot_hw_id());
	irq_save();
	rtas_stop_self();
}

void smp_boot(void)
{
	int n = machine.ncpus;
	uint32_t me = (uint32_t)pacas[0].hw_id;
	int next = 1;
	if (machine.cpus_in_fdt > MAX_CPUS)
		kprintf("kernel: %d cpus in the device tree, using %d\n", machine.cpus_in_fdt, MAX_CPUS);
	for (int i = 0; i < machine.cpus_in_fdt && i < MAX_CPUS && next < n; i++) {
		if (machine.cpu_ids[i] == me) continue;
		struct paca *p = &pacas[next];
		p->index = next;
		p->hw_id = machine.cpu_ids[i];
		p->toc = pacas[0].toc;
		p->stack_top = (uint64_t)__va(alloc_phys(KERNEL_STACK_SIZE, 16)) + KERNEL_STACK_SIZE;
		next++;
	}
	machine.ncpus = n = next;
	for (int i = 1; i < n; i++) {
		struct paca *p = &pacas[i];
		smp_mb();
		int rc = rtas_start_cpu((uint32_t)p->hw_id, __pa(secondary_entry), (uint64_t)i);
		if (rc != 0) panic(EXIT_SMP, "kernel: rtas start-cpu %lu failed: %d\n", (unsigned long)p->hw_id, rc);
		uint64_t deadline = mftb() + TIMEOUT_TICKS;
		while (!p->online) {
			if (mftb() > deadline) panic(EXIT_SMP, "kernel: cpu %d (hw %lu) did not come online\n", i, (unsigned long)p->hw_id);
			h_cede();
		}
		kprintf("kernel: cpu %d (hw %lu) online\n", i, (unsigned long)p->hw_id);
	}
	kprintf("kernel: %d cpus online\n", n);
}

void smp_run_work(void)
{
	int n = machine.ncpus;
	kprintf("kernel: smp_work: %d cpus x %lu iterations\n", n, smp_iterations);
	work_go = 1;
	smp_mb();
	for (int i = 1; i < n; i++) {
		/* wake it twice over: a directed privileged doorbell and H_PROD */
		__asm__ volatile("msgsndp %0" : : "r"((5UL << 27) | pacas[i].hw_id) : "memory");
		h_prod(pacas[i].hw_id);
	}
	smp_work(&pacas[0]);
	wait_ticks(&pacas[0], 2);
	atomic_add32(&work_finished, 1);
	if (!wait_for(&work_finished, (uint32_t)n))
		panic(EXIT_SMP, "kernel: only %u of %d cpus finished smp_work\n", work_finished, n);

	uint32_t want = (uint32_t)(n * smp_iterations);
	uint32_t want_ids = (uint32_t)(smp_iterations * (uint64_t)(n * (n - 1) / 2));
	if (smp_counter != want || smp_id_sum != want_ids)
		panic(EXIT_COUNTERS, "counters mismatch: %u (want %u), id sum %u (want %u)\n",
			smp_counter, want, smp_id_sum, want_ids);
	if (smp_atomic64 && smp_counter64 != want)
		panic(EXIT_COUNTERS, "counters mismatch: ldarx/stdcx. counter %lu (want %u)\n",
			(unsigned long)smp_counter64, want);
	kprintf("counters ok: %u (id sum %u)\n", smp_counter, smp_id_sum);
	if (smp_atomic64) kprintf("counters ok: ldarx/stdcx. %lu\n", (unsigned long)smp_counter64);

	for (int i = 1; i < n; i++)
		if (pacas[i].doorbells < 1)
			panic(EXIT_SELFTEST, "kernel: cpu %d took no doorbell interrupt\n", i);
	kprintf("kernel: timer ok: every cpu took decrementer interrupts; doorbells ok\n");

	for (int i = 1; i < n; i++) {
		uint64_t deadline = mftb() + TIMEOUT_TICKS;
		int state;
		while ((state = rtas_query_cpu_stopped_state((uint32_t)pacas[i].hw_id)) != 0) {
			if (state < 0) panic(EXIT_SMP, "kernel: rtas query-cpu-stopped-state %lu failed: %d\n", (unsigned long)pacas[i].hw_id, state);
			if (mftb() > deadline) panic(EXIT_SMP, "kernel: cpu %d did not stop\n", i);
			h_cede();
		}
	}
	if (n > 1) kprintf("kernel: %d secondary cpus stopped\n", n - 1);
}
