import type { InstructionDef } from '../../decode/instruction.js';

/** Scalar floating point (Book I chapter 4). */
export const floatingPointDefs: InstructionDef[] = [];
