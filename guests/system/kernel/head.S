/*
 * hvstep system kernel: entry, exception vectors and the assembly the C code
 * cannot do. Linked at KERNELBASE (0xc000000000000000) with its load address at
 * real address 0, so the real-mode vectors (0x100..0xf60) and the AIL=3 ones
 * (0xc000000000004100..4f60) are both in place; every branch from a vector is
 * relative, so the same code runs at its real address (MSR[IR]=MSR[DR]=0, an
 * interrupt with relocation off or before AIL is set) and at its virtual one.
 * In real mode the top 4 bits of an effective address are ignored, so absolute
 * addresses 0xc000... (the TOC, the stacks, the PACAs) work in both modes.
 */
#include "asm-offsets.h"

	.abiversion 2
	.cfi_sections .debug_frame

/*
 * DWARF CFI for an exception frame (a "signal frame" to a debugger): register
 * \reg of the interrupted context is saved at r1 + \off. DW_CFA_expression
 * (0x10) with DW_OP_breg1 (0x71) and a 1- or 2-byte SLEB128 offset.
 */
.macro CFI_SAVED_AT reg, off
	.if (\off) < 64
	.cfi_escape 0x10, \reg, 2, 0x71, (\off)
	.else
	.cfi_escape 0x10, \reg, 3, 0x71, ((\off) & 0x7f) | 0x80, (\off) >> 7
	.endif
.endm

#define LOAD_ADDR(reg, sym)		\
	lis	reg, sym@highest;	\
	ori	reg, reg, sym@higher;	\
	rldicr	reg, reg, 32, 31;	\
	oris	reg, reg, sym@high;	\
	ori	reg, reg, sym@l

#define GPR(n)	(STACK_FRAME_HEADER + 8 * (n))
#define REG(f)	(STACK_FRAME_HEADER + (f))

/*
 * One exception vector: free r11-r13 through SPRG1 and the PACA, r12 = vector.
 * Labelled <name>_vector (real mode) and <name>_vector_ail (AIL=3 alias), as
 * plain labels so that a debugger's breakpoint on one lands on its first word.
 */
.macro VECTOR vec, base, name, suffix
	.org	\base + \vec
	.globl	\name\()_vector\suffix
\name\()_vector\suffix\():
	mtsprg1	r13
	mfsprg0	r13
	std	r12, PACA_SCRATCH0(r13)
	std	r11, PACA_SCRATCH1(r13)
	li	r12, \vec
	b	exception_common
.endm

.macro VECTORS base, suffix
	VECTOR 0x100, \base, system_reset, \suffix
	VECTOR 0x200, \base, machine_check, \suffix
	VECTOR 0x300, \base, data_storage, \suffix
	VECTOR 0x380, \base, data_segment, \suffix
	VECTOR 0x400, \base, instruction_storage, \suffix
	VECTOR 0x480, \base, instruction_segment, \suffix
	VECTOR 0x500, \base, external, \suffix
	VECTOR 0x600, \base, alignment, \suffix
	VECTOR 0x700, \base, program, \suffix
	VECTOR 0x800, \base, fp_unavailable, \suffix
	VECTOR 0x900, \base, decrementer, \suffix
	VECTOR 0x980, \base, hdecrementer, \suffix		/* never in a guest */
	VECTOR 0xa00, \base, doorbell, \suffix		/* directed privileged doorbell */
	VECTOR 0xb00, \base, reserved_b00, \suffix
	VECTOR 0xc00, \base, system_call, \suffix
	VECTOR 0xd00, \base, trace, \suffix
	VECTOR 0xe00, \base, hdsi, \suffix			/* hypervisor interrupts: never in a guest */
	VECTOR 0xe20, \base, hisi, \suffix
	VECTOR 0xe40, \base, hv_emulation_assist, \suffix
	VECTOR 0xe60, \base, hmi, \suffix
	VECTOR 0xe80, \base, hdoorbell, \suffix
	VECTOR 0xf00, \base, performance_monitor, \suffix
	VECTOR 0xf20, \base, vector_unavailable, \suffix
	VECTOR 0xf40, \base, vsx_unavailable, \suffix
	VECTOR 0xf60, \base, facility_unavailable, \suffix
.endm

	.section .head.text, "ax"

/*
 * Kernel entry, real address 0, from the firmware: real mode, little-endian,
 * r3 = the flattened device tree.
 */
	.globl	_start
	.type	_start, @function
_start:
	b	start_real
	.size	_start, . - _start

	.org	0x80
	.globl	kernel_signature
kernel_signature:
	.asciz	"hvstep system kernel"

	/* real-mode vectors, used while relocation is off (and before AIL=3) */
	VECTORS 0, 

/*
 * Common exception entry. r13 = PACA, r12 = vector, SPRG1 = r13, the PACA's
 * scratch slots hold r12 and r11. Builds a struct pt_regs on the kernel stack
 * (the PACA's kstack when coming from problem state, below the red zone
 * otherwise), calls exception_dispatch(regs) and returns with rfid to whatever
 * regs->nip/regs->msr say.
 */
	.org	0x1000
	.globl	exception_common
	.type	exception_common, @function
exception_common:
	.cfi_startproc
	.cfi_signal_frame
	.cfi_undefined 65		/* no return address until the frame is saved */
	std	r10, PACA_SCRATCH2(r13)
	mfcr	r10			/* before the andi. below sets CR0 */
	std	r10, PACA_SCRATCH_CR(r13)
	mr	r10, r1
	mfsrr1	r11
	andi.	r11, r11, MSR_PR
	beq	1f
	ld	r1, PACA_KSTACK(r13)
	li	r11, 0
	b	2f
1:	subi	r1, r1, REDZONE
	mr	r11, r10
2:	clrrdi	r1, r1, 4
	stdu	r11, -EXC_FRAME_SIZE(r1)
	std	r0, GPR(0)(r1)
	std	r10, GPR(1)(r1)
	.irp n, 2, 3, 4, 5, 6, 7, 8, 9
	std	\n, GPR(\n)(r1)
	.endr
	ld	r10, PACA_SCRATCH2(r13)
	std	r10, GPR(10)(r1)
	ld	r10, PACA_SCRATCH1(r13)
	std	r10, GPR(11)(r1)
	ld	r10, PACA_SCRATCH0(r13)
	std	r10, GPR(12)(r1)
	mfsprg1	r10
	std	r10, GPR(13)(r1)
	.irp n, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	std	\n, GPR(\n)(r1)
	.endr
	mfsrr0	r10
	std	r10, REG(PT_NIP)(r1)
	mfsrr1	r10
	std	r10, REG(PT_MSR)(r1)
	mfctr	r10
	std	r10, REG(PT_CTR)(r1)
	mflr	r10
	std	r10, REG(PT_LR)(r1)
	mfxer	r10
	std	r10, REG(PT_XER)(r1)
	ld	r10, PACA_SCRATCH_CR(r13)
	std	r10, REG(PT_CCR)(r1)
	std	r12, REG(PT_TRAP)(r1)
	mfdar	r10
	std	r10, REG(PT_DAR)(r1)
	mfdsisr	r10
	std	r10, REG(PT_DSISR)(r1)
	/*
	 * From here to the restore of r1 the interrupted context is in the frame:
	 * CFA = its r1 (DW_CFA_def_cfa_expression: *(r1 + GPR(1))), its pc is the
	 * return address column (65, LR), its GPRs are in the frame.
	 */
	.cfi_escape 0x0f, 3, 0x71, GPR(1), 0x06
	CFI_SAVED_AT 65, REG(PT_NIP)
	.irp n, 0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	CFI_SAVED_AT \n, GPR(\n)
	.endr
	/*
	 * With AIL=0 (bootargs ail=0) an interrupt from a relocating context arrives
	 * in real mode: turn relocation back on before the C handler, which may touch
	 * quadrant-0 (user) addresses. Not for a context that ran with IR or DR off.
	 */
	mfmsr	r10
	andi.	r10, r10, MSR_IR
	bne	exception_relocated
	ld	r10, REG(PT_MSR)(r1)
	andi.	r10, r10, MSR_IR | MSR_DR
	cmpdi	r10, MSR_IR | MSR_DR
	bne	exception_relocated
	mfmsr	r10
	ori	r10, r10, MSR_IR | MSR_DR
	mtsrr1	r10
	LOAD_ADDR(r10, exception_relocated)
	mtsrr0	r10
	rfid
exception_relocated:
	ld	r2, PACA_TOC(r13)
	addi	r3, r1, STACK_FRAME_HEADER
	bl	exception_dispatch
	nop
	.globl	exception_return
exception_return:
	ld	r10, REG(PT_NIP)(r1)
	mtsrr0	r10
	ld	r10, REG(PT_MSR)(r1)
	mtsrr1	r10
	ld	r10, REG(PT_CTR)(r1)
	mtctr	r10
	ld	r10, REG(PT_LR)(r1)
	mtlr	r10
	ld	r10, REG(PT_XER)(r1)
	mtxer	r10
	ld	r10, REG(PT_CCR)(r1)
	mtcr	r10
	ld	r0, GPR(0)(r1)
	.irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld	\n, GPR(\n)(r1)
	.endr
	ld	r1, GPR(1)(r1)
	.cfi_def_cfa r1, 0
	.cfi_undefined 65
	.globl	exception_rfid
exception_rfid:
	rfid
	.cfi_endproc
	.size	exception_common, . - exception_common

/* From ail2_common, relocation on, at the kernel's own address: CTR back, then the common entry. */
	.globl	ail2_to_common
ail2_to_common:
	mfsprg2	r11
	mtctr	r11
	b	exception_common

/*
 * Secondary vCPU entry (RTAS start-cpu): real mode, little-endian, r3 = the
 * logical CPU number the boot CPU gave. The boot CPU has filled this CPU's
 * PACA (stack, TOC) and the partition already has its process table and AIL=3.
 */
	.globl	secondary_entry
	.type	secondary_entry, @function
secondary_entry:
	LOAD_ADDR(r13, pacas)
	mulli	r4, r3, PACA_SIZE
	add	r13, r13, r4
	mtsprg0	r13
	ld	r1, PACA_STACK_TOP(r13)
	ld	r2, PACA_TOC(r13)
	li	r0, 0
	stdu	r0, -STACK_FRAME_HEADER(r1)
	LOAD_ADDR(r4, secondary_virt)
	mtsrr0	r4
	mfmsr	r4
	ori	r4, r4, MSR_IR | MSR_DR
	mtsrr1	r4
	.globl	secondary_mmu_on
secondary_mmu_on:
	rfid
secondary_virt:
	bl	secondary_main
	nop
	b	.
	.size	secondary_entry, . - secondary_entry

/*
 * The Trace vector's code out of line: with bootargs trace_branch, the first
 * word of trace_vector and trace_vector_ail becomes a branch here, so that the
 * handler's first instruction is a branch (the single-step spec's scenario 11).
 */
	.globl	trace_vector_ool
trace_vector_ool:
	mtsprg1	r13
	mfsprg0	r13
	std	r12, PACA_SCRATCH0(r13)
	std	r11, PACA_SCRATCH1(r13)
	li	r12, 0xd00
	b	exception_common

	/* AIL=3 vectors: 0xc000000000004000 + vector, relocation on */
	VECTORS 0x4000, _ail

/*
 * AIL=2 vectors (bootargs ail=2): the interrupt goes to effective address
 * 0x18000 + vector with relocation on. That is quadrant 0, PID 1's table, so
 * mmu_init maps this page (real 0x5000) there, privileged and executable. Code
 * here runs at 0x18xxx, not at its link address: a relative branch is right only
 * within this page, so each vector branches to ail2_common, which reaches
 * exception_common at its absolute address through CTR (saved in SPRG2 until
 * ail2_to_common puts it back).
 */
.macro VECTOR_AIL2 vec, name
	.org	0x5000 + \vec
	.globl	\name\()_vector_ail2
\name\()_vector_ail2\():
	mtsprg1	r13
	mfsprg0	r13
	std	r12, PACA_SCRATCH0(r13)
	std	r11, PACA_SCRATCH1(r13)
	li	r12, \vec
	b	ail2_common
.endm

	.org	0x5000
	.globl	ail2_vectors
ail2_vectors:
	VECTOR_AIL2 0x300, data_storage
	VECTOR_AIL2 0x380, data_segment
	VECTOR_AIL2 0x400, instruction_storage
	VECTOR_AIL2 0x480, instruction_segment
	VECTOR_AIL2 0x500, external
	VECTOR_AIL2 0x600, alignment
	VECTOR_AIL2 0x700, program
	VECTOR_AIL2 0x800, fp_unavailable
	VECTOR_AIL2 0x900, decrementer
	VECTOR_AIL2 0x980, hdecrementer
	VECTOR_AIL2 0xa00, doorbell
	VECTOR_AIL2 0xb00, reserved_b00
	VECTOR_AIL2 0xc00, system_call
	VECTOR_AIL2 0xd00, trace
	VECTOR_AIL2 0xe00, hdsi
	VECTOR_AIL2 0xe20, hisi
	VECTOR_AIL2 0xe40, hv_emulation_assist
	VECTOR_AIL2 0xe60, hmi
	VECTOR_AIL2 0xe80, hdoorbell
	VECTOR_AIL2 0xf00, performance_monitor
	VECTOR_AIL2 0xf20, vector_unavailable
	VECTOR_AIL2 0xf40, vsx_unavailable
	VECTOR_AIL2 0xf60, facility_unavailable

	.org	0x5f80
ail2_common:
	mfctr	r11
	mtsprg2	r11
	LOAD_ADDR(r11, ail2_to_common)
	mtctr	r11
	bctr

	.org	0x6000

	.text
/*
 * Boot CPU, real mode: make interrupts little-endian first (H_SET_MODE LE; the
 * firmware left LPCR[ILE]=0), clear the BSS, point SPRG0 at PACA 0, set up the
 * boot stack and TOC, and call kernel_start(fdt, H_SET_MODE's return code) at
 * its 0xc000... address (the top address bits are ignored while relocation is
 * off).
 */
	.globl	start_real
	.type	start_real, @function
start_real:
	mr	r31, r3
	li	r3, 0x31c		/* H_SET_MODE */
	li	r4, 1			/* mflags: little-endian */
	li	r5, 4			/* resource: LE */
	li	r6, 0
	li	r7, 0
	.globl	set_interrupts_le
set_interrupts_le:
	sc	1
	mr	r30, r3
	LOAD_ADDR(r4, __bss_start)
	LOAD_ADDR(r5, __bss_end)
	li	r0, 0
1:	cmpld	r4, r5
	bge	2f
	std	r0, 0(r4)
	addi	r4, r4, 8
	b	1b
2:	LOAD_ADDR(r13, pacas)
	mtsprg0	r13
	LOAD_ADDR(r2, .TOC.)
	std	r2, PACA_TOC(r13)
	LOAD_ADDR(r1, boot_stack_top)
	std	r1, PACA_STACK_TOP(r13)
	li	r0, 0
	stdu	r0, -STACK_FRAME_HEADER(r1)
	mr	r3, r31
	mr	r4, r30
	LOAD_ADDR(r12, kernel_start)
	mtctr	r12
	bctrl
	b	.
	.size	start_real, . - start_real

/* void enable_mmu(void): returns to the caller with MSR[IR]=MSR[DR]=1. */
	.globl	enable_mmu
	.type	enable_mmu, @function
enable_mmu:
	mflr	r3
	mtsrr0	r3
	mfmsr	r3
	ori	r3, r3, MSR_IR | MSR_DR
	mtsrr1	r3
	.globl	enable_mmu_rfid
enable_mmu_rfid:
	rfid
	.size	enable_mmu, . - enable_mmu

/*
 * long run_user(entry, sp, msr): enters problem state with rfid (SRR0 = entry,
 * SRR1 = msr, r1 = sp) and comes back, returning the exit code, when the
 * process's exit system call calls user_return(code). Exceptions from problem
 * state use the stack below this frame (PACA kstack).
 */
#define RUN_USER_FRAME	(STACK_FRAME_HEADER + 19 * 8 + 8)
	.globl	run_user
	.type	run_user, @function
run_user:
	mflr	r0
	std	r0, 16(r1)
	mfcr	r12
	std	r12, 8(r1)
	stdu	r1, -RUN_USER_FRAME(r1)
	std	r2, 24(r1)
	.irp n, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	std	\n, (STACK_FRAME_HEADER + 8 * (\n - 14))(r1)
	.endr
	std	r1, PACA_USER_KSP(r13)
	subi	r6, r1, 512
	clrrdi	r6, r6, 4
	std	r6, PACA_KSTACK(r13)
	mtsrr0	r3
	mtsrr1	r5
	mr	r1, r4
	li	r0, 0
	.irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	li	\n, 0
	.endr
	mtctr	r0
	mtlr	r0
	mtxer	r0
	mtcr	r0
	.globl	run_user_rfid
run_user_rfid:
	rfid
	.size	run_user, . - run_user

/* void user_return(long code): leaves the exception that ended the process and returns from run_user. */
	.globl	user_return
	.type	user_return, @function
user_return:
	ld	r1, PACA_USER_KSP(r13)
	ld	r2, 24(r1)
	.irp n, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld	\n, (STACK_FRAME_HEADER + 8 * (\n - 14))(r1)
	.endr
	addi	r1, r1, RUN_USER_FRAME
	ld	r0, 16(r1)
	mtlr	r0
	ld	r12, 8(r1)
	mtcr	r12
	blr
	.size	user_return, . - user_return

/*
 * long kstep_selftest(void): the kernel traces itself. mtmsrd sets MSR[SE] in
 * supervisor state (not through rfid); the Trace handler counts every
 * instruction that completes with SE=1, including the mtmsrd that clears it
 * (SE is taken from the MSR an instruction runs under). Returns the MSR that
 * mfmsr read while tracing (the guest's own SE must be visible there).
 */
	.globl	kstep_selftest
	.type	kstep_selftest, @function
kstep_selftest:
	mfmsr	r5
	rldicl	r6, r5, 48, 1		/* rotate EE (0x8000) to the top and clear it */
	rotldi	r6, r6, 16
	mtmsrd	r6, 1
	ori	r7, r6, MSR_SE
	.globl	kstep_set_se
kstep_set_se:
	mtmsrd	r7			/* not traced: SE was 0 when it ran */
	li	r3, 0			/* 1 */
	addi	r3, r3, 1		/* 2 */
	addi	r3, r3, 2		/* 3 */
	mfmsr	r8			/* 4 */
	b	1f			/* 5 */
	trap
1:	cmpdi	r3, 3			/* 6 */
	beq	2f			/* 7 */
	trap
2:
	.globl	kstep_clear_se
kstep_clear_se:
	mtmsrd	r6			/* 8: traced, SE was 1 when it ran */
	mtmsrd	r5, 1
	mr	r3, r8
	blr
	.size	kstep_selftest, . - kstep_selftest

/*
 * uint64_t mixed_mode_load(const uint64_t *p): loads *p with MSR[IR]=1 and
 * MSR[DR]=0 (the data address is then real: its top bits are ignored), which an
 * interrupt treats as relocation off (no AIL). Interrupts are off meanwhile.
 */
	.globl	mixed_mode_load
	.type	mixed_mode_load, @function
mixed_mode_load:
	mfmsr	r5
	rldicl	r6, r5, 48, 1		/* EE off */
	rotldi	r6, r6, 16
	mtmsrd	r6, 1
	li	r7, MSR_DR
	andc	r7, r6, r7
	.globl	mixed_mode_dr_off
mixed_mode_dr_off:
	mtmsrd	r7			/* IR=1, DR=0 */
	ld	r3, 0(r3)
	.globl	mixed_mode_dr_on
mixed_mode_dr_on:
	mtmsrd	r6			/* IR=1, DR=1 */
	mtmsrd	r5, 1
	blr
	.size	mixed_mode_load, . - mixed_mode_load

/*
 * long fault_probe(addr, *value): loads a doubleword that may not be mapped.
 * A DSI at fault_probe_load is recovered by the DSI handler, which resumes at
 * fault_probe_fixup (returns -1).
 */
	.globl	fault_probe
	.type	fault_probe, @function
fault_probe:
	.globl	fault_probe_load
fault_probe_load:
	ld	r5, 0(r3)
	std	r5, 0(r4)
	li	r3, 0
	blr
	.globl	fault_probe_fixup
fault_probe_fixup:
	li	r3, -1
	blr
	.size	fault_probe, . - fault_probe

	.section .rodata
	.balign	4
	.globl	kstep_expected
kstep_expected:
	.long	8

	.section .bss.stack, "aw", @nobits
	.balign	16
boot_stack:
	.space	65536
	.globl	boot_stack_top
boot_stack_top:
