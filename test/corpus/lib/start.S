/*
 * Process entry for the freestanding corpus programs. The kernel leaves r1 at
 * argc (then argv[], envp[], auxv); we pass that pointer to __start_c in r3
 * after making a first stack frame with a null back chain.
 *
 * ELFv2 (ppc64le): _start is a global entry point; r12 holds its address, from
 * which the TOC pointer is derived. ELFv1 (big-endian): the ELF entry is a
 * function descriptor in .opd whose second doubleword the kernel loads into r2.
 */
#if defined(_CALL_ELF) && _CALL_ELF == 2
	.abiversion 2
	.text
	.globl	_start
	.type	_start, @function
_start:
	addis	2, 12, .TOC.-_start@ha
	addi	2, 2, .TOC.-_start@l
	.localentry _start, .-_start
	mr	3, 1
	clrrdi	1, 1, 4
	li	0, 0
	stdu	0, -128(1)
	bl	__start_c
	nop
	trap
	.size	_start, .-_start
#else
	.section ".opd", "aw"
	.align	3
	.globl	_start
_start:
	.quad	.L_start_code, .TOC.@tocbase, 0
	.text
.L_start_code:
	mr	3, 1
	clrrdi	1, 1, 4
	li	0, 0
	stdu	0, -128(1)
	bl	__start_c
	nop
	trap
#endif
	.section .note.GNU-stack, "", @progbits
