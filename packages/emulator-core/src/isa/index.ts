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
import { quadwordDefs } from './fixed/quadword.js';
import { randomDefs } from './fixed/random.js';
import { branchDefs } from './branch.js';
import { sprDefs } from './spr.js';
import { storageControlDefs } from './storage-control.js';
import { floatingPointDefs } from './fp/index.js';
import { vectorDefs } from './vector/index.js';
import { privilegedDefs, fpUnavailable, vectorUnavailable, vsxUnavailable } from './privileged.js';
import { tlbManagementDefs } from './tlb-management.js';
import { HOT_ROWS } from './generated/hot-handlers.js';
import { withProperties, mnemonicsWithProperties } from './properties.js';

/**
 * A row whose semantics are a template (isa/semantics/hot.ts) gets its generated
 * handler and inline form here; every other row carries its own handler.
 */
function withSemantics(def: InstructionDef): InstructionDef {
  const generated = HOT_ROWS[def.mnemonic];
  if (!generated) return def;
  if (def.exec) throw new Error(`decode table: ${def.mnemonic} has a template and a handler`);
  return { ...def, ...generated };
}

/** Every implemented instruction, one row each (see decode/instruction.ts). */
export const instructionDefs: readonly InstructionDef[] = [
  ...systemDefs, ...arithmeticDefs, ...logicalDefs, ...rotateDefs, ...compareDefs,
  ...loadStoreDefs, ...atomicDefs, ...quadwordDefs, ...randomDefs, ...branchDefs, ...sprDefs, ...storageControlDefs,
  ...privilegedDefs, ...tlbManagementDefs,
  ...floatingPointDefs.map((d): InstructionDef => ({ ...d, facility: 'fp' })),
  ...vectorDefs,
].map((d) => withProperties(withSemantics(d)));

for (const mnemonic of [...Object.keys(HOT_ROWS), ...mnemonicsWithProperties()]) {
  if (!instructionDefs.some((d) => d.mnemonic === mnemonic)) throw new Error(`decode table: ${mnemonic} has a template or properties but no row`);
}

export const decoder = new Decoder(instructionDefs, FIRST_COLD_OP, illegal, { fp: fpUnavailable, vec: vectorUnavailable, vsx: vsxUnavailable });
