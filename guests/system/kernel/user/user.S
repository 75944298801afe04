/*
 * The user process (PID 1): problem state, little-endian, linked at its own
 * virtual addresses (0x10000000, quadrant 0, mapped by PID 1's radix tree). It
 * talks to the kernel only through `sc` (Linux conventions: number in r0,
 * arguments in r3.., result in r3).
 *
 * It counts its own instructions in r31: every straight-line block starts with
 * COUNT(n), n being the block's length including the COUNT itself, so at exit
 * r31 is exactly the number of instructions the process executed (each `sc`
 * included). It stores that at USER_DATA_BASE before its exit system call; the
 * kernel's in-guest debugger compares it with the number of instructions it
 * single-stepped.
 */
	.abiversion 2

#define SYS_exit	1
#define SYS_write	4
#define SYS_getpid	20
#define USER_DATA_BASE	0x10010000
#define USER_ITERATIONS	50

#define COUNT(n)	addi r31, r31, n

	.section .user.text, "ax"

/* user_main: entered by rfid with r1 = the user stack (a 32-byte frame below its top). */
	.globl	user_main
	.type	user_main, @function
user_main:
	li	r31, 7
	li	r0, SYS_write
	li	r3, 1
	lis	r4, hello_msg@ha
	addi	r4, r4, hello_msg@l
	li	r5, hello_len
	sc
	COUNT(7)
	li	r0, SYS_getpid
	sc
	lis	r30, USER_DATA_BASE@ha
	std	r3, 16(r30)		/* the pid, checked by the kernel */
	li	r3, USER_ITERATIONS
	bl	user_compute
	COUNT(11)
	mr	r28, r3
	std	r28, 8(r30)		/* the result, compared between the two runs */
	li	r0, SYS_write
	li	r3, 1
	lis	r4, result_msg@ha
	addi	r4, r4, result_msg@l
	li	r5, result_len
	sc
	mr	r3, r28
	bl	user_puthex
	COUNT(11)
	li	r0, SYS_write
	li	r3, 1
	lis	r4, newline@ha
	addi	r4, r4, newline@l
	li	r5, 1
	sc
	std	r31, 0(r30)		/* instructions executed, this block included */
	li	r0, SYS_exit
	li	r3, 0
	.globl	user_exit_sc
user_exit_sc:
	sc
	trap
	.size	user_main, . - user_main

/* unsigned long user_compute(unsigned long n): n rounds of an LCG folded into a checksum. */
	.globl	user_compute
	.type	user_compute, @function
user_compute:
	COUNT(6)
	mtctr	r3
	li	r4, 0
	li	r5, 1
	lis	r6, 0x41c6
	ori	r6, r6, 0x4e6d		/* 1103515245 */
1:	COUNT(6)
	mulld	r5, r5, r6
	addi	r5, r5, 12345
	rotldi	r4, r4, 7
	xor	r4, r4, r5
	bdnz	1b
	COUNT(3)
	mr	r3, r4
	blr
	.size	user_compute, . - user_compute

/* void user_puthex(unsigned long v): writes v as 16 hexadecimal digits. */
	.globl	user_puthex
	.type	user_puthex, @function
user_puthex:
	COUNT(8)
	stdu	r1, -64(r1)
	addi	r6, r1, 48
	lis	r8, hex_digits@ha
	addi	r8, r8, hex_digits@l
	li	r5, 16
	mtctr	r5
	mr	r9, r3
1:	COUNT(6)
	clrldi	r7, r9, 60
	lbzx	r7, r8, r7
	stbu	r7, -1(r6)
	srdi	r9, r9, 4
	bdnz	1b
	COUNT(8)
	li	r0, SYS_write
	li	r3, 1
	mr	r4, r6
	li	r5, 16
	sc
	addi	r1, r1, 64
	blr
	.size	user_puthex, . - user_puthex

	.section .user.rodata, "a"
hello_msg:
	.ascii	"user: hello from problem state (pid 1)\n"
	.set	hello_len, . - hello_msg
result_msg:
	.ascii	"user: result 0x"
	.set	result_len, . - result_msg
newline:
	.ascii	"\n"
hex_digits:
	.ascii	"0123456789abcdef"

	/* the instruction count the process must report: 157 + 6 * USER_ITERATIONS */
	.balign	4
	.globl	user_expected_instructions
user_expected_instructions:
	.long	157 + 6 * USER_ITERATIONS
