import type { InstructionDef } from '../../decode/instruction.js';

export const compareDefs: InstructionDef[] = [];
