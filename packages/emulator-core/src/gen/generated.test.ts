import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wholeFiles, regions, replaceRegion } from './outputs.js';

/** The committed generated code is what the templates and field specs produce (`pnpm gen` rewrites it). */
const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));

describe('generated code is up to date', () => {
  for (const f of wholeFiles()) {
    it(f.path, () => expect(readFileSync(srcDir + f.path, 'utf8')).toBe(f.text));
  }
  for (const r of regions()) {
    it(`${r.path} (${r.name})`, () => {
      const text = readFileSync(srcDir + r.path, 'utf8');
      expect(text).toBe(replaceRegion(text, r.name, r.text));
    });
  }
});
