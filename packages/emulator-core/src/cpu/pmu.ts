/**
 * Performance monitor bits (Power ISA 3.0B Book III 9.4 "Performance Monitor"), as
 * masks on the low word of MMCR0 (ISA bits 32..63) and on both words of MMCR2.
 */
/** MMCR0[FC] (bit 32): freeze counters. */
export const MMCR0_FC = 0x80000000 | 0;
/** MMCR0[PMAE] (bit 37): performance monitor alert enable. */
export const MMCR0_PMAE = 0x04000000;
/** MMCR0[PMCC] (bits 44:45): what problem state may do with the PMU registers. */
export const MMCR0_PMCC0 = 0x00080000;
export const MMCR0_PMCC1 = 0x00040000;
/** MMCR0[PMAO] (bit 56): performance monitor alert occurred. */
export const MMCR0_PMAO = 0x00000080;
/** What problem state sees and may change of MMCR0 (QEMU MMCR0_UREG_MASK). */
export const MMCR0_UREG = MMCR0_FC | MMCR0_PMAE | MMCR0_PMAO;
/** ... and of MMCR2: the FCnP0 bits, ISA 0, 9, 18, 27 (high word) and 36, 45 (QEMU MMCR2_UREG_MASK). */
export const MMCR2_UREG_HI = (0x80000000 | 0x00400000 | 0x00002000 | 0x00000010) | 0;
export const MMCR2_UREG_LO = 0x08000000 | 0x00040000;
/** MMCR0 at power-on: counters frozen (QEMU registers MMCR0 with 0x80000000). */
export const MMCR0_RESET = MMCR0_FC;
