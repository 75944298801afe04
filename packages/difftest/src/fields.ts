/**
 * Operand field encoders for the rules: the core's, generated from its declared
 * fields (emulator-core decode/field-specs.ts), so the generator and the emulator
 * agree on every position by construction.
 */
export { fieldEncoder as F } from '@hvstep/emulator-core';
