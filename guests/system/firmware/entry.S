/*
 * hvstep firmware: the first code vCPU 0 runs, in real mode, big-endian, as
 * SLOF does on pseries. Entry: r3 = the device tree, r4 = the kernel's entry
 * point (real address), r5 = 0, MSR = SF|ME. It prints a banner and enters the
 * little-endian kernel with an rfid that switches the byte order: the
 * endianness-switching rfid a debugger steps (enter_kernel_rfid).
 */
	.abiversion 2

	.section .text.entry, "ax"
	.globl	_start
	.type	_start, @function
_start:
	mr	r31, r3			/* device tree */
	mr	r30, r4			/* kernel entry */
	lis	r1, fw_stack_top@ha
	addi	r1, r1, fw_stack_top@l
	li	r0, 0
	stdu	r0, -32(r1)
	lis	r2, .TOC.@ha
	addi	r2, r2, .TOC.@l
	mr	r3, r31
	mr	r4, r30
	bl	firmware_main
	nop
	.size	_start, . - _start

/* Enter the kernel: SRR0 = its entry, SRR1 = MSR | LE, r3 = the device tree. */
	.globl	enter_kernel
	.type	enter_kernel, @function
enter_kernel:
	mtsrr0	r30
	mfmsr	r5
	ori	r5, r5, 1		/* MSR[LE]: 0x8000000000001001 */
	mtsrr1	r5
	mr	r3, r31
	li	r4, 0
	li	r5, 0
	.globl	enter_kernel_rfid
enter_kernel_rfid:
	rfid
	.size	enter_kernel, . - enter_kernel

	.section .bss
	.balign	16
fw_stack:
	.space	16384
fw_stack_top:
