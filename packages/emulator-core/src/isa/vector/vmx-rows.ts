import type { Handler, InstructionDef } from '../../decode/instruction.js';

/*
 * Row builders of primary opcode 4 (Power ISA 3.0B Book I, the opcode map of Appendix
 * D). Each row needs MSR[VEC] unless it says otherwise; `reserved` holds the bits QEMU
 * 7.2 checks (measured by packages/difftest/src/reserved-map.ts).
 */

/** VX-form: the 11-bit xo of ISA bits 21:31. */
export const VX = (mnemonic: string, xo: number, exec: Handler, reserved = 0): InstructionDef =>
  ({ mnemonic, form: 'VX', primary: 4, xo, exec, facility: 'vec', ...(reserved ? { reserved } : {}) });
/** VA-form: the 6-bit xo of ISA bits 26:31. */
export const VA = (mnemonic: string, xo: number, exec: Handler): InstructionDef =>
  ({ mnemonic, form: 'VA', primary: 4, xo, xoMask: 0x3f, exec, facility: 'vec' });
/** VC-form compares: the 10-bit xo of ISA bits 22:31; one row covers Rc (ISA bit 21). */
export const VC = (mnemonic: string, xo: number, exec: Handler): InstructionDef =>
  ({ mnemonic, form: 'VC', primary: 4, xo, xoMask: 0x3ff, exec, facility: 'vec' });
