import type { InstructionDef } from '../decode/instruction.js';

export const storageControlDefs: InstructionDef[] = [];
