/**
 * Privileged SPR numbers (Power ISA 3.0B Book III, SPR table). A number with
 * bit 0x10 set is privileged; the hypervisor-privileged ones are listed in
 * isa/privileged-spr.ts.
 */
export { SPR_VRSAVE, SPR_PPR } from '../state/layout.js';
export const SPR_DSISR = 18;
export const SPR_DAR = 19;
export const SPR_DEC = 22;
export const SPR_SRR0 = 26;
export const SPR_SRR1 = 27;
export const SPR_CFAR = 28;
export const SPR_AMR = 13;
export const SPR_PID = 48;
export const SPR_IAMR = 61;
export const SPR_CTRL_READ = 136;
export const SPR_CTRL_WRITE = 152;
export const SPR_FSCR = 153;
export const SPR_UAMOR = 157;
export const SPR_PSPB = 159;
export const SPR_DPDES = 176;
export const SPR_CIABR = 187;
export const SPR_HFSCR = 190;
export const SPR_SPRG3_READ = 259;
export const SPR_SPRG0 = 272;
export const SPR_SPRG1 = 273;
export const SPR_SPRG2 = 274;
export const SPR_SPRG3 = 275;
export const SPR_TBL_WRITE = 284;
export const SPR_TBU_WRITE = 285;
export const SPR_PVR = 287;
export const SPR_HSPRG0 = 304;
export const SPR_HSPRG1 = 305;
export const SPR_HDSISR = 306;
export const SPR_HDAR = 307;
export const SPR_HDEC = 310;
export const SPR_HRMOR = 313;
export const SPR_HSRR0 = 314;
export const SPR_HSRR1 = 315;
export const SPR_LPCR = 318;
export const SPR_LPIDR = 319;
export const SPR_HEIR = 339;
export const SPR_PTCR = 464;
export const SPR_DAWR0 = 180;
export const SPR_DAWRX0 = 188;
export const SPR_PIR = 1023;
export const SPR_TIR = 446;

/** POWER9 DD2.2 processor version (PVR_POWER9 = 0x004e, revision 0x1202). */
export const PVR_POWER9 = 0x004e1202;
