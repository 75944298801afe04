/* System calls from the user process (`sc`, vector 0xc00): number in r0, arguments r3.., result r3. */
#include "kernel.h"

#define ENOSYS 38
#define EFAULT 14
#define EBADF  9

static int user_range_ok(uint64_t p, uint64_t n)
{
	uint64_t text_size = (uint64_t)(__user_end - __user_start);
	if (p + n < p) return 0;
	if (p >= USER_TEXT_BASE && p + n <= USER_TEXT_BASE + text_size) return 1;
	if (p >= USER_DATA_BASE && p + n <= USER_DATA_BASE + USER_DATA_SIZE) return 1;
	if (p >= USER_STACK_TOP - USER_STACK_SIZE && p + n <= USER_STACK_TOP) return 1;
	return 0;
}

__attribute__((noinline)) void do_syscall(struct pt_regs *regs)
{
	long ret;
	debugger_syscall(regs);
	switch (regs->gpr[0]) {
	case SYS_write: {
		uint64_t fd = regs->gpr[3], buf = regs->gpr[4], len = regs->gpr[5];
		if (fd != 1 && fd != 2) { ret = -EBADF; break; }
		if (!user_range_ok(buf, len)) { ret = -EFAULT; break; }
		console_write((const char *)buf, len);
		ret = (long)len;
		break;
	}
	case SYS_getpid:
		ret = 1;
		break;
	case SYS_exit:
		user_return((long)regs->gpr[3]);
	default:
		ret = -ENOSYS;
		break;
	}
	regs->gpr[3] = (uint64_t)ret;
}
