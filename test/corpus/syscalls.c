/* Exercises the system calls a static program uses, printing only what must be
 * the same under any correct Linux (or emulator): results, error numbers and
 * relations, never addresses, times or ids. Reads its stdin ("input" is piped).
 * Behaviour where qemu-user differs from Linux (MAP_FIXED_NOREPLACE,
 * set_robust_list) is checked by the jest tests instead. */
#include "lib.h"

static int failures;
#define CHECK(name, cond) do { if (cond) printf("ok   %s\n", name); else { printf("FAIL %s (line %d)\n", name, __LINE__); failures++; } } while (0)
#define SHOW(name, expr) printf("%-34s %ld\n", name, (long)(expr))

struct iovec { void *base; size_t len; };
struct timespec { long sec, nsec; };
struct timeval { long sec, usec; };
struct rlimit { unsigned long cur, max; };
struct utsname { char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65]; };
struct kstat {	/* the ppc64 kernel struct stat */
	unsigned long dev, ino, nlink;
	unsigned int mode, uid, gid, pad;
	unsigned long rdev;
	long size;
	unsigned long blksize, blocks, atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns, unused[3];
};
struct ksigaction { unsigned long handler, flags, restorer, mask; };

static char page_buf[8192] __attribute__((aligned(4096)));

int main(int argc, char **argv, char **envp)
{
	/* ---- io ---- */
	flush();
	static char a[] = "writev: one ", b[] = "two ", c[] = "three\n";
	struct iovec iov[3] = { { a, sizeof a - 1 }, { b, sizeof b - 1 }, { c, sizeof c - 1 } };
	SHOW("writev", syscall3(SYS_writev, 1, iov, 3));
	SHOW("write 0 bytes", sys_write(1, a, 0));
	SHOW("write bad fd", sys_write(99, a, 1));
	SHOW("write EFAULT", sys_write(1, (void *)16, 10));
	SHOW("writev EINVAL (iovcnt -1)", syscall3(SYS_writev, 1, iov, -1));
	char in[64];
	struct iovec riov[2] = { { in, 3 }, { in + 10, 4 } };
	SHOW("readv", syscall3(SYS_readv, 0, riov, 2));
	printf("readv data [%.3s][%.4s]\n", in, in + 10);
	long n = sys_read(0, in, sizeof in);
	SHOW("read", n);
	printf("read data [%.*s]\n", (int)(n > 0 ? n : 0), in);
	SHOW("read at EOF", sys_read(0, in, sizeof in));
	SHOW("read EFAULT", sys_read(0, (void *)16, 10));
	long fd = syscall4(SYS_openat, AT_FDCWD, "/dev/null", 2, 0);
	CHECK("openat /dev/null", fd >= 3);
	SHOW("write /dev/null", sys_write((int)fd, a, 5));
	SHOW("read /dev/null", sys_read((int)fd, in, 5));
	SHOW("close", syscall1(SYS_close, fd));
	SHOW("close again", syscall1(SYS_close, fd));
	SHOW("openat missing file", syscall4(SYS_openat, AT_FDCWD, "/nonexistent/hvstep-test", 0, 0));
	long d = syscall1(SYS_dup, 1);
	CHECK("dup", d >= 3);
	SHOW("write via dup", sys_write((int)d, "dup\n", 4));
	SHOW("dup2", syscall2(SYS_dup2, 1, 9));
	SHOW("write via dup2", sys_write(9, "dup2\n", 5));
	SHOW("fcntl F_GETFD", syscall3(SYS_fcntl, 9, 1, 0));
	SHOW("fcntl F_SETFD", syscall3(SYS_fcntl, 9, 2, 1));
	SHOW("fcntl F_GETFD after", syscall3(SYS_fcntl, 9, 1, 0));
	syscall1(SYS_close, 9);
	syscall1(SYS_close, d);
	char termios[44];
	SHOW("ioctl TCGETS on a pipe", syscall3(SYS_ioctl, 1, TCGETS, termios));
	SHOW("ioctl TIOCGWINSZ on a pipe", syscall3(SYS_ioctl, 1, TIOCGWINSZ, termios));
	SHOW("ioctl bad fd", syscall3(SYS_ioctl, 77, TCGETS, termios));

	/* ---- stat ---- */
	struct kstat st;
	SHOW("newfstatat(1, \"\", EMPTY_PATH)", syscall4(SYS_newfstatat, 1, "", &st, AT_EMPTY_PATH));
	/* a pipe (or, from node's spawn, a socket) in the tests */
	printf("stdout is a pipe or socket %d\n", (st.mode & 0170000) == 0010000 || (st.mode & 0170000) == 0140000);
	SHOW("fstat(0)", syscall2(SYS_fstat, 0, &st));
	printf("stdin is a pipe or socket %d\n", (st.mode & 0170000) == 0010000 || (st.mode & 0170000) == 0140000);
	SHOW("fstat bad fd", syscall2(SYS_fstat, 55, &st));
	SHOW("newfstatat missing", syscall4(SYS_newfstatat, AT_FDCWD, "/nonexistent/x", &st, 0));
	SHOW("newfstatat /dev/null", syscall4(SYS_newfstatat, AT_FDCWD, "/dev/null", &st, 0));
	printf("/dev/null type %o rdev %lx\n", st.mode & 0170000, st.rdev);
	char path[256];
	n = syscall4(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", path, sizeof path);
	CHECK("readlinkat /proc/self/exe", n > 0 && path[0] == '/');
	if (n > 0) {
		path[n] = 0;
		char *base = path + n;
		while (base > path && base[-1] != '/') base--;
		printf("exe basename %s\n", base);
	}
	SHOW("readlinkat bufsiz 4", syscall4(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", path, 4));
	SHOW("readlink missing", syscall3(SYS_readlink, "/nonexistent/link", path, sizeof path));

	/* ---- memory ---- */
	unsigned long brk0 = (unsigned long)syscall1(SYS_brk, 0);
	CHECK("brk(0) page aligned", brk0 != 0 && (brk0 & 4095) == 0);
	unsigned long brk1 = (unsigned long)syscall1(SYS_brk, brk0 + 100000);
	CHECK("brk grow", brk1 == brk0 + 100000);
	char *heap = (char *)brk0;
	CHECK("brk memory zero", heap[0] == 0 && heap[99999] == 0);
	heap[0] = 1, heap[99999] = 2;
	CHECK("brk shrink", (unsigned long)syscall1(SYS_brk, brk0 + 10) == brk0 + 10);
	CHECK("brk below start refused", (unsigned long)syscall1(SYS_brk, 4096) == brk0 + 10);
	CHECK("brk regrow zeroed", (unsigned long)syscall1(SYS_brk, brk0 + 100000) == brk0 + 100000 && heap[99999] == 0 && heap[0] == 1);

	char *m = (char *)syscall6(SYS_mmap, 0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap 1 MiB", (unsigned long)m < (unsigned long)-4096 && ((unsigned long)m & 4095) == 0);
	int zero = 1;
	for (int i = 0; i < 1 << 20; i += 4096) zero &= m[i] == 0;
	CHECK("mmap zero-filled", zero);
	for (int i = 0; i < 1 << 20; i += 4096) m[i] = (char)i;
	char *m2 = (char *)syscall5(SYS_mremap, m, 1 << 20, 4 << 20, MREMAP_MAYMOVE, 0);
	CHECK("mremap grow", (unsigned long)m2 < (unsigned long)-4096 && m2[4096] == (char)4096 && m2[(1 << 20) - 4096] == (char)((1 << 20) - 4096));
	CHECK("mremap new part zero", m2[(3 << 20)] == 0);
	SHOW("mprotect", syscall3(SYS_mprotect, m2, 8192, PROT_READ));
	CHECK("mprotect read still works", m2[4096] == (char)4096);
	SHOW("mprotect unaligned", syscall3(SYS_mprotect, m2 + 1, 8192, PROT_READ));
	SHOW("madvise DONTNEED", syscall3(SYS_madvise, m2 + (1 << 20), 4096, MADV_DONTNEED));
	SHOW("munmap", syscall2(SYS_munmap, m2, 4 << 20));
	SHOW("munmap unaligned", syscall2(SYS_munmap, m2 + 12, 4096));
	SHOW("munmap length 0", syscall2(SYS_munmap, m2, 0));
	SHOW("mmap length 0", syscall6(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	SHOW("mmap no type", syscall6(SYS_mmap, 0, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0));
	char *r = (char *)syscall6(SYS_mmap, 0, 3 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap PROT_NONE", (unsigned long)r < (unsigned long)-4096);
	SHOW("mprotect PROT_NONE -> RW", syscall3(SYS_mprotect, r + 4096, 4096, PROT_READ | PROT_WRITE));
	r[4096] = 'x';
	char *f = (char *)syscall6(SYS_mmap, r + 8192, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK("mmap MAP_FIXED", f == r + 8192);
	f[0] = 'y';
	CHECK("fixed pages hold data", r[4096] == 'x' && f[0] == 'y');
	SHOW("munmap PROT_NONE region", syscall2(SYS_munmap, r, 3 * 4096));
	SHOW("mprotect unmapped", syscall3(SYS_mprotect, r, 4096, PROT_READ));
	SHOW("mprotect bss page RW", syscall3(SYS_mprotect, page_buf, 4096, PROT_READ | PROT_WRITE));

	/* ---- process ---- */
	long pid = syscall0(SYS_getpid);
	CHECK("getpid > 0", pid > 0);
	CHECK("gettid == getpid", syscall0(SYS_gettid) == pid);
	int tid_word;
	CHECK("set_tid_address returns tid", syscall1(SYS_set_tid_address, &tid_word) == pid);
	long robust[3] = { 0, 0, 0 };
	/* Linux accepts it; qemu-user answers ENOSYS, which glibc tolerates too */
	long rl_ret = syscall2(SYS_set_robust_list, robust, 24);
	CHECK("set_robust_list", rl_ret == 0 || rl_ret == -ENOSYS);
	long rs = syscall4(SYS_rseq, 0, 0, 0, 0);
	CHECK("rseq(NULL) fails", rs < 0);
	struct utsname u;
	SHOW("uname", syscall1(SYS_uname, &u));
	printf("sysname %s machine %s\n", u.sysname, u.machine);
	SHOW("uname EFAULT", syscall1(SYS_uname, 8));
	struct rlimit rl;
	SHOW("prlimit64 STACK", syscall4(SYS_prlimit64, 0, 3, 0, &rl));
	CHECK("stack limit > 0", rl.cur > 0);
	SHOW("ugetrlimit NOFILE", syscall2(SYS_ugetrlimit, 7, &rl));
	CHECK("nofile limit >= 64", rl.cur >= 64 && rl.max >= rl.cur);
	SHOW("prlimit64 bad resource", syscall4(SYS_prlimit64, 0, 99, 0, &rl));
	struct ksigaction act = { 1 /* SIG_IGN */, 0, 0, 0 }, old;
	SHOW("rt_sigaction USR1", syscall4(SYS_rt_sigaction, 10, &act, 0, 8));
	SHOW("rt_sigaction read back", syscall4(SYS_rt_sigaction, 10, 0, &old, 8));
	printf("handler %lu\n", old.handler);
	SHOW("rt_sigaction SIGKILL", syscall4(SYS_rt_sigaction, 9, &act, 0, 8));
	SHOW("rt_sigaction bad size", syscall4(SYS_rt_sigaction, 10, &act, 0, 4));
	unsigned long set = 1ul << 9, oset = 0;
	SHOW("rt_sigprocmask BLOCK", syscall4(SYS_rt_sigprocmask, 0, &set, 0, 8));
	SHOW("rt_sigprocmask read", syscall4(SYS_rt_sigprocmask, 0, 0, &oset, 8));
	printf("mask %lx\n", oset);
	unsigned long cpus[2] = { 0, 0 };
	n = syscall3(SYS_sched_getaffinity, 0, sizeof cpus, cpus);
	CHECK("sched_getaffinity", n >= 8 && cpus[0] != 0);
	int futex_word = 5;
	SHOW("futex WAKE", syscall6(SYS_futex, &futex_word, 1 | 128, 1, 0, 0, 0));
	SHOW("futex WAIT value changed", syscall6(SYS_futex, &futex_word, 0 | 128, 4, 0, 0, 0));
	SHOW("unknown syscall 999", syscall0(999));

	/* ---- time and randomness ---- */
	struct timespec t1, t2;
	SHOW("clock_gettime MONOTONIC", syscall2(SYS_clock_gettime, 1, &t1));
	SHOW("clock_gettime MONOTONIC again", syscall2(SYS_clock_gettime, 1, &t2));
	CHECK("monotonic does not go back", t2.sec > t1.sec || (t2.sec == t1.sec && t2.nsec >= t1.nsec));
	CHECK("nsec in range", t1.nsec >= 0 && t1.nsec < 1000000000);
	SHOW("clock_gettime REALTIME", syscall2(SYS_clock_gettime, 0, &t1));
	CHECK("realtime after 2020", t1.sec > 1577836800);
	SHOW("clock_gettime bad clock", syscall2(SYS_clock_gettime, 12345, &t1));
	SHOW("clock_gettime EFAULT", syscall2(SYS_clock_gettime, 0, 8));
	SHOW("clock_getres MONOTONIC", syscall2(SYS_clock_getres, 1, &t2));
	CHECK("resolution <= 1ms", t2.sec == 0 && t2.nsec > 0 && t2.nsec <= 1000000);
	struct timeval tv;
	SHOW("gettimeofday", syscall2(SYS_gettimeofday, &tv, 0));
	CHECK("gettimeofday near realtime", tv.sec - t1.sec >= 0 && tv.sec - t1.sec < 5 && tv.usec < 1000000);
	long now = syscall1(SYS_time, 0);
	/* time() reads the kernel's coarse clock, updated once a tick: just after a second
	   begins it can still say the one before (QEMU passes the host's answer through) */
	CHECK("time near realtime", now - t1.sec >= -1 && now - t1.sec < 5);
	unsigned char rnd[64];
	memset(rnd, 0, sizeof rnd);
	SHOW("getrandom", syscall3(SYS_getrandom, rnd, sizeof rnd, 0));
	int nz = 0;
	for (int i = 0; i < 64; i++) nz += rnd[i] != 0;
	CHECK("getrandom not all zero", nz > 32);
	SHOW("getrandom bad flags", syscall3(SYS_getrandom, rnd, 8, 0x100));
	SHOW("getrandom EFAULT", syscall3(SYS_getrandom, 16, 8, 0));

	printf("%d failures\n", failures);
	return failures != 0;
}
