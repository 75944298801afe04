/**
 * Every SPR number hvstep uses, in one place (Power ISA 3.0B: the mtspr/mfspr SPR
 * table of Book III 5.4.4, which also lists the problem-state registers of Books I
 * and II; cross-checked with Linux arch/powerpc/include/asm/reg.h SPRN_*). The number is the 10-bit field of
 * mfspr/mtspr with its halves already swapped back, i.e. the value the ISA tables
 * list and the register file indexes its SPR slots by (state/layout.ts).
 *
 * Rules for this file: each number is written once, here. Other modules import it
 * (state/layout.ts re-exports the problem-state ones under their old names); the
 * jest check arch-numbers.test.ts fails when a package defines an SPR_* constant of
 * its own. A number with bit 0x10 set is privileged; when several numbers name one
 * register (a read-only alias, a problem-state alias) each number gets its own
 * constant and the table in isa/spr-table.ts says where the value lives.
 */

// --- Problem state (Book I and II) -------------------------------------------

export const SPR_XER = 1;
/** DSCR through its problem-state number (Book II; the value lives in SPR 17's slot). */
export const SPR_DSCR_USER = 3;
export const SPR_LR = 8;
export const SPR_CTR = 9;
/** AMR through its problem-state number (Linux SPRN_UAMR); privileged SPR 29 names the same register. */
export const SPR_AMR = 13;
export const SPR_VRSAVE = 256;
/** Read-only time base through mfspr (same values as mftb). */
export const SPR_TBL_READ = 268;
export const SPR_TBU_READ = 269;
/** Problem-state views of the performance monitor (Book III 9.4: each is the privileged number - 16). */
export const SPR_USIER = 768;
export const SPR_UMMCR2 = 769;
export const SPR_UMMCRA = 770;
export const SPR_UPMC1 = 771;
export const SPR_UPMC4 = 774;
export const SPR_UPMC5 = 775;
export const SPR_UPMC6 = 776;
export const SPR_UMMCR0 = 779;
export const SPR_USIAR = 780;
export const SPR_USDAR = 781;
export const SPR_UMMCR1 = 782;
/** Event-based branch registers (Book II, Event-Based Branch Facility). */
export const SPR_BESCRS = 800;
export const SPR_BESCRSU = 801;
export const SPR_BESCRR = 802;
export const SPR_BESCRRU = 803;
export const SPR_EBBHR = 804;
export const SPR_EBBRR = 805;
export const SPR_BESCR = 806;
/** 808-811: defined by ISA 2.07 as no-ops (mfspr leaves RT alone, mtspr does nothing). */
export const SPR_NOP_FIRST = 808;
export const SPR_NOP_LAST = 811;
/** Target Address Register for bctar (Book I, Branch Facility). */
export const SPR_TAR = 815;
/** Program Priority Register (Book II) and its 32-bit view of the upper word. */
export const SPR_PPR = 896;
export const SPR_PPR32 = 898;

// --- Transactional memory (Book II; the registers only, no transactions) -------

export const SPR_TFHAR = 128;
export const SPR_TFIAR = 129;
export const SPR_TEXASR = 130;
/** The upper 32 bits of TEXASR. */
export const SPR_TEXASRU = 131;

// --- Privileged (Book III) ---------------------------------------------------

export const SPR_DSCR = 17;
export const SPR_DSISR = 18;
export const SPR_DAR = 19;
export const SPR_DEC = 22;
export const SPR_SRR0 = 26;
export const SPR_SRR1 = 27;
export const SPR_CFAR = 28;
/** AMR through its privileged number (the value lives in SPR 13's slot). */
export const SPR_AMR_PRIV = 29;
export const SPR_PID = 48;
export const SPR_IAMR = 61;
/** Authority Mask Override: hypervisor only; a partition's is all ones (see isa/spr-table.ts). */
export const SPR_AMOR = 93;
/** CTRL: read with 136, written with 152. */
export const SPR_CTRL_READ = 136;
export const SPR_TIDR = 144;
export const SPR_CTRL_WRITE = 152;
export const SPR_FSCR = 153;
export const SPR_UAMOR = 157;
export const SPR_PSPB = 159;
export const SPR_DPDES = 176;
export const SPR_DAWR0 = 180;
export const SPR_CIABR = 187;
export const SPR_DAWRX0 = 188;
export const SPR_HFSCR = 190;
/** SPRG3 through its problem-state read-only number. */
export const SPR_SPRG3_READ = 259;
export const SPR_SPRG0 = 272;
export const SPR_SPRG1 = 273;
export const SPR_SPRG2 = 274;
export const SPR_SPRG3 = 275;
/** Time base write numbers (hypervisor only). */
export const SPR_TBL_WRITE = 284;
export const SPR_TBU_WRITE = 285;
export const SPR_PVR = 287;
export const SPR_HSPRG0 = 304;
export const SPR_HSPRG1 = 305;
export const SPR_HDSISR = 306;
export const SPR_HDAR = 307;
export const SPR_SPURR = 308;
export const SPR_PURR = 309;
export const SPR_HDEC = 310;
export const SPR_HRMOR = 313;
export const SPR_HSRR0 = 314;
export const SPR_HSRR1 = 315;
export const SPR_LPCR = 318;
export const SPR_LPIDR = 319;
/** Hypervisor Emulation Instruction Register: the image of the instruction an HEAI was taken for. */
export const SPR_HEIR = 339;
export const SPR_TIR = 446;
export const SPR_PTCR = 464;
/** Performance monitor (Book III; not modelled, named for the one-reg table). */
export const SPR_SIER = 784;
export const SPR_MMCR2 = 785;
export const SPR_MMCRA = 786;
export const SPR_PMC1 = 787;
export const SPR_PMC2 = 788;
export const SPR_PMC3 = 789;
export const SPR_PMC4 = 790;
export const SPR_PMC5 = 791;
export const SPR_PMC6 = 792;
export const SPR_MMCR0 = 795;
export const SPR_SIAR = 796;
export const SPR_SDAR = 797;
export const SPR_MMCR1 = 798;
/** Instruction Counter and Virtual Time Base (Book III). */
export const SPR_IC = 848;
export const SPR_VTB = 849;
export const SPR_PSSCR = 855;
export const SPR_PIR = 1023;

/** POWER9 DD2.2 processor version (PVR_POWER9 = 0x004e, revision 0x1202): the value SPR_PVR reads. */
export const PVR_POWER9 = 0x004e1202;
