/*
 * Raw Linux system calls for ppc64, no libc: the number in r0, arguments in
 * r3..r8, `sc`; on return CR0[SO] set means r3 holds a positive errno, which
 * these wrappers turn into -errno (the kernel-internal convention).
 */
#ifndef CORPUS_SYS_H
#define CORPUS_SYS_H

typedef unsigned long size_t;
typedef long ssize_t;
typedef unsigned long uint64_t;
typedef long int64_t;
typedef unsigned int uint32_t;
typedef int int32_t;
typedef unsigned short uint16_t;
typedef unsigned char uint8_t;
typedef unsigned long uintptr_t;
#define NULL ((void *)0)

static inline long __syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	register long r0 __asm__("r0") = n;
	register long r3 __asm__("r3") = a;
	register long r4 __asm__("r4") = b;
	register long r5 __asm__("r5") = c;
	register long r6 __asm__("r6") = d;
	register long r7 __asm__("r7") = e;
	register long r8 __asm__("r8") = f;
	__asm__ __volatile__("sc\n\tbns+ 1f\n\tneg 3, 3\n1:"
		: "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8)
		:
		: "r9", "r10", "r11", "r12", "cr0", "ctr", "xer", "memory");
	return r3;
}
#define syscall0(n) __syscall6((n), 0, 0, 0, 0, 0, 0)
#define syscall1(n, a) __syscall6((n), (long)(a), 0, 0, 0, 0, 0)
#define syscall2(n, a, b) __syscall6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define syscall3(n, a, b, c) __syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define syscall4(n, a, b, c, d) __syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define syscall5(n, a, b, c, d, e) __syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define syscall6(n, a, b, c, d, e, f) __syscall6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* ppc64 syscall numbers (arch/powerpc/kernel/syscalls/syscall.tbl) */
#define SYS_exit 1
#define SYS_read 3
#define SYS_write 4
#define SYS_open 5
#define SYS_close 6
#define SYS_time 13
#define SYS_getpid 20
#define SYS_getuid 24
#define SYS_dup 41
#define SYS_brk 45
#define SYS_ioctl 54
#define SYS_fcntl 55
#define SYS_dup2 63
#define SYS_gettimeofday 78
#define SYS_readlink 85
#define SYS_mmap 90
#define SYS_munmap 91
#define SYS_fstat 108
#define SYS_uname 122
#define SYS_mprotect 125
#define SYS_readv 145
#define SYS_writev 146
#define SYS_mremap 163
#define SYS_rt_sigaction 173
#define SYS_rt_sigprocmask 174
#define SYS_ugetrlimit 190
#define SYS_madvise 205
#define SYS_gettid 207
#define SYS_futex 221
#define SYS_sched_getaffinity 223
#define SYS_set_tid_address 232
#define SYS_exit_group 234
#define SYS_clock_gettime 246
#define SYS_clock_getres 247
#define SYS_openat 286
#define SYS_newfstatat 291
#define SYS_readlinkat 296
#define SYS_set_robust_list 300
#define SYS_prlimit64 325
#define SYS_getrandom 359
#define SYS_rseq 387

#define AT_FDCWD -100
#define AT_EMPTY_PATH 0x1000

#define EPERM 1
#define ENOENT 2
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EEXIST 17
#define EINVAL 22
#define ENOTTY 25
#define ENOSYS 38

#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_FIXED_NOREPLACE 0x100000
#define MAP_FAILED ((void *)-1)
#define MREMAP_MAYMOVE 1
#define MADV_DONTNEED 4

#define TCGETS 0x402c7413
#define TIOCGWINSZ 0x40087468

static inline __attribute__((noreturn)) void sys_exit_group(int code)
{
	for (;;) syscall1(SYS_exit_group, code);
}
static inline ssize_t sys_write(int fd, const void *buf, size_t n) { return syscall3(SYS_write, fd, buf, n); }
static inline ssize_t sys_read(int fd, void *buf, size_t n) { return syscall3(SYS_read, fd, buf, n); }

#endif
