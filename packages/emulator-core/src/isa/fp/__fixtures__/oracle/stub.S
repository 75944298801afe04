/*
 * The code template the oracle copies into an RWX page and runs once per case.
 * r3 = struct case *: f[8] at 0, fpscr at 64, cr at 72, g[4] (r4..r7) at 80,
 * mem[64] at 112. The word at fp_stub_slot is replaced by the instruction under test.
 */
	.machine power9
	.text
	.globl fp_stub_start, fp_stub_slot, fp_stub_end
fp_stub_start:
	mfcr 10
	stfd 14, -160(1)
	stfd 15, -152(1)
	stfd 16, -144(1)
	stfd 17, -136(1)
	stfd 18, -128(1)
	stfd 19, -120(1)
	stfd 20, -112(1)
	stfd 21, -104(1)
	stfd 22, -96(1)
	stfd 23, -88(1)
	stfd 24, -80(1)
	stfd 25, -72(1)
	stfd 26, -64(1)
	stfd 27, -56(1)
	stfd 28, -48(1)
	stfd 29, -40(1)
	stfd 30, -32(1)
	stfd 31, -24(1)
	lfd 0, 64(3)
	mtfsf 0xff, 0, 1, 0
	lwz 9, 72(3)
	mtcrf 0xff, 9
	ld 4, 80(3)
	ld 5, 88(3)
	ld 6, 96(3)
	ld 7, 104(3)
	lfd 0, 0(3)
	lfd 1, 8(3)
	lfd 2, 16(3)
	lfd 3, 24(3)
	lfd 4, 32(3)
	lfd 5, 40(3)
	lfd 6, 48(3)
	lfd 7, 56(3)
fp_stub_slot:
	nop
	stfd 0, 0(3)
	stfd 1, 8(3)
	stfd 2, 16(3)
	stfd 3, 24(3)
	stfd 4, 32(3)
	stfd 5, 40(3)
	stfd 6, 48(3)
	stfd 7, 56(3)
	mfcr 9
	std 9, 72(3)
	std 4, 80(3)
	std 5, 88(3)
	std 6, 96(3)
	std 7, 104(3)
	mffs 0
	stfd 0, 64(3)
	li 9, 0
	std 9, -168(1)
	lfd 0, -168(1)
	mtfsf 0xff, 0, 1, 0
	mtcrf 0xff, 10
	lfd 14, -160(1)
	lfd 15, -152(1)
	lfd 16, -144(1)
	lfd 17, -136(1)
	lfd 18, -128(1)
	lfd 19, -120(1)
	lfd 20, -112(1)
	lfd 21, -104(1)
	lfd 22, -96(1)
	lfd 23, -88(1)
	lfd 24, -80(1)
	lfd 25, -72(1)
	lfd 26, -64(1)
	lfd 27, -56(1)
	lfd 28, -48(1)
	lfd 29, -40(1)
	lfd 30, -32(1)
	lfd 31, -24(1)
	blr
fp_stub_end:
	.section .note.GNU-stack,"",@progbits
