/**
 * The instruction field extractors the handlers use: generated from the declared
 * fields (decode/field-specs.ts) into decode/fields.generated.ts.
 */
export * from '../decode/fields.generated.js';
