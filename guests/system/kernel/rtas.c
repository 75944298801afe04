/*
 * RTAS through the KVMPPC_H_RTAS hypercall (0xf000): r4 = real address of a
 * big-endian struct rtas_args; the returns follow the arguments in args[].
 * Each CPU uses the buffer in its own PACA.
 */
#include "kernel.h"

int rtas_call(uint32_t token, int nargs, int nret, uint32_t *rets, ...)
{
	struct rtas_args *a = &local_paca()->rtas;
	va_list ap;
	va_start(ap, rets);
	a->token = be32(token);
	a->nargs = be32(nargs);
	a->nret = be32(nret);
	for (int i = 0; i < nargs; i++) a->args[i] = be32(va_arg(ap, uint32_t));
	for (int i = 0; i < nret; i++) a->args[nargs + i] = be32(0xffffffff);
	va_end(ap);
	smp_mb();
	long rc = hcall(KVMPPC_H_RTAS, __pa(a), 0, 0, 0);
	smp_mb();
	if (rc != H_SUCCESS) return -100 - (int)rc;
	for (int i = 1; i < nret && rets; i++) rets[i - 1] = be32(a->args[nargs + i]);
	return (int)be32(a->args[nargs]);
}

int rtas_start_cpu(uint32_t hw_id, uint64_t entry, uint64_t r3)
{
	return rtas_call(machine.rtas_start_cpu, 3, 1, NULL, hw_id, (uint32_t)entry, (uint32_t)r3);
}

/* 0 stopped, 2 running; negative on error. */
int rtas_query_cpu_stopped_state(uint32_t hw_id)
{
	uint32_t state = 0xffffffff;
	int status = rtas_call(machine.rtas_query_cpu_stopped_state, 1, 2, &state, hw_id);
	return status == 0 ? (int)state : (status < 0 ? status : -status);
}

void rtas_stop_self(void)
{
	rtas_call(machine.rtas_stop_self, 0, 1, NULL);
	for (;;) h_cede();          /* not reached unless stop-self failed */
}

void power_off(int status)
{
	rtas_call(machine.rtas_power_off, 2, 1, NULL, (uint32_t)status, 0);
	for (;;) h_cede();
}

void system_reboot(void)
{
	rtas_call(machine.rtas_system_reboot, 0, 1, NULL);
	for (;;) h_cede();
}

void panic(int status, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	irq_save();
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	console_break_lock();
	console_write(buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
	kprintf("kernel: power off with status %d\n", status);
	power_off(status);
}
