import type { InstructionDef } from '../decode/instruction.js';
import { isaBits } from '../decode/field-specs.js';

/**
 * A row with reserved bits, given as the ISA's form diagrams mark them (MSB-0
 * positions, "16:20 31"): a word with any of them set is an illegal instruction.
 * Which bits QEMU checks per row is measured by packages/difftest/src/reserved-map.ts.
 */
export const withReserved = (positions: string, def: InstructionDef): InstructionDef =>
  ({ ...def, reserved: ((def.reserved ?? 0) | isaBits(positions)) >>> 0 });
