import { Decoder } from '../decode/decoder.js';
import type { InstructionDef } from '../decode/instruction.js';
import { FIRST_COLD_OP } from '../interp/hot-ops.js';
import { systemDefs, illegal } from './system.js';
import { arithmeticDefs } from './fixed/arith.js';
import { logicalDefs } from './fixed/logical.js';
import { rotateDefs } from './fixed/rotate.js';
import { compareDefs } from './fixed/compare.js';
import { loadStoreDefs } from './fixed/load-store.js';
import { atomicDefs } from './fixed/atomic.js';
import { branchDefs } from './branch.js';
import { sprDefs } from './spr.js';
import { storageControlDefs } from './storage-control.js';
import { floatingPointDefs } from './fp/index.js';
import { privilegedDefs, fpUnavailable } from './privileged.js';

/** Every implemented instruction, one row each (see decode/instruction.ts). */
export const instructionDefs: readonly InstructionDef[] = [
  ...systemDefs, ...arithmeticDefs, ...logicalDefs, ...rotateDefs, ...compareDefs,
  ...loadStoreDefs, ...atomicDefs, ...branchDefs, ...sprDefs, ...storageControlDefs,
  ...privilegedDefs,
  ...floatingPointDefs.map((d): InstructionDef => ({ ...d, facility: 'fp' })),
];

export const decoder = new Decoder(instructionDefs, FIRST_COLD_OP, illegal, fpUnavailable);
