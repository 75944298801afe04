/*
 * Layouts shared by the assembly (head.S) and the C code: the per-CPU area (PACA,
 * reached through SPRG0) and the exception frame. Kept by hand; kernel.h checks
 * every offset against the C structures with _Static_assert.
 */
#ifndef ASM_OFFSETS_H
#define ASM_OFFSETS_H

#define KERNELBASE        0xc000000000000000

/* struct paca */
#define PACA_SCRATCH0     0     /* r12 at exception entry */
#define PACA_SCRATCH1     8     /* r11 */
#define PACA_SCRATCH2     16    /* r10 */
#define PACA_SCRATCH_CR   120   /* CR at exception entry, before anything sets CR0 */
#define PACA_KSTACK       24    /* kernel r1 for an exception taken in problem state */
#define PACA_TOC          32    /* kernel TOC pointer (r2) */
#define PACA_USER_KSP     40    /* r1 of run_user's frame, for user_return */
#define PACA_STACK_TOP    48    /* top of this CPU's kernel stack */
#define PACA_INDEX        56    /* logical CPU number */
#define PACA_SIZE         1024

/* struct pt_regs, at STACK_FRAME_HEADER(r1) in an exception frame */
#define STACK_FRAME_HEADER 32   /* ELFv2: back chain, CR save, LR save, TOC save */
#define REDZONE           288   /* ELFv2 protected zone below r1 */
#define PT_GPR(n)         ((n) * 8)
#define PT_NIP            256
#define PT_MSR            264
#define PT_CTR            272
#define PT_LR             280
#define PT_XER            288
#define PT_CCR            296
#define PT_TRAP           304
#define PT_DAR            312
#define PT_DSISR          320
#define PT_SIZE           336
#define EXC_FRAME_SIZE    (STACK_FRAME_HEADER + PT_SIZE)

/* MSR bits (low word) */
#define MSR_LE            0x1
#define MSR_RI            0x2
#define MSR_DR            0x10
#define MSR_IR            0x20
#define MSR_SE            0x400
#define MSR_ME            0x1000
#define MSR_FP            0x2000
#define MSR_PR            0x4000
#define MSR_EE            0x8000
/* SRR1 bits an interrupt sets (33:36, 42:47): never part of an MSR to restore */
#define SRR1_INTERRUPT_BITS 0x783f0000

/* SPR numbers */
#define SPRN_PID          48
#define SPRN_SPRG0        272
#define SPRN_SPRG1        273

#endif
