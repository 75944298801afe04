import { describe, expect, it } from '@jest/globals';
import { FIELD_SPECS, fieldValue, fieldWidth, fieldMask, type FieldName } from './field-specs.js';
import * as generated from './fields.generated.js';

/**
 * The three readings of a declared field agree: the generated extractor (the
 * interpreter's), the generic evaluator (the translator's, at translation time) and the
 * generated encoder (difftest's), for every field on random words and values.
 */
const names = Object.keys(FIELD_SPECS) as FieldName[];
const extractors = generated as unknown as Record<string, (w: number) => number>;

function rng(seed: number): () => number {
  let s = seed;
  return () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return s >>> 0; };
}

describe('declared fields', () => {
  it('extractor and evaluator agree on 20,000 random words per field', () => {
    const next = rng(0x2545f491);
    for (const f of names) {
      const extract = extractors[`f${f}`]!;
      for (let i = 0; i < 20000; i++) {
        const w = next() | 0;
        if (extract(w) !== fieldValue(FIELD_SPECS[f], w)) expect({ f, w, extracted: extract(w) }).toEqual({ f, w, extracted: fieldValue(FIELD_SPECS[f], w) });
      }
    }
  });

  it('the encoder puts every value back where the extractor finds it, and nowhere else', () => {
    const next = rng(0x9e3779b9);
    for (const f of names) {
      const spec = FIELD_SPECS[f], width = fieldWidth(spec), scale = 2 ** (spec.scale ?? 0);
      for (let i = 0; i < 2000; i++) {
        let v = next() % 2 ** width;
        if (spec.signed && v >= 2 ** (width - 1)) v -= 2 ** width;
        const word = generated.fieldEncoder[f](v * scale);
        expect((word & ~fieldMask(spec)) >>> 0).toBe(0);
        expect(extractors[`f${f}`]!(word)).toBe(v * scale);
      }
    }
  });
});
