import { describe, it, expect } from '@jest/globals';
import { prebuiltStatementsJson, parseSource, statementsOf } from './prebuilt-statements.js';
import { blockStatementSources } from './engine-block.js';
import { hotSemantics } from '../../isa/semantics/hot.js';

/** A tree as acorn made it, without positions, its literal values kept as they are (not through JSON). */
function withoutPositions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPositions);
  if (node === null || typeof node !== 'object' || node instanceof RegExp) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'start' && key !== 'end') copy[key] = withoutPositions(value);
  return copy;
}

describe("the template compiler's prebuilt statements", () => {
  const sources = blockStatementSources();

  it('cover every template, the block frame and the helpers', () => {
    expect(sources.length).toBeGreaterThan(hotSemantics.length + 4);
    expect(new Set(sources).size).toBe(sources.length);
  });

  it('come back from their JSON as acorn parses each text, but for positions', () => {
    const file = JSON.parse(prebuiltStatementsJson(sources)) as { format: number; statements: Record<string, string> };
    expect(Object.keys(file.statements).sort()).toEqual([...sources].sort());
    for (const source of sources) {
      expect(JSON.parse(file.statements[source]!)).toEqual(withoutPositions(parseSource(source)));
    }
  });

  it('refuse a literal JSON cannot carry', () => {
    expect(() => prebuiltStatementsJson(['x = /a+/g;'])).toThrow(RangeError);
    expect(() => prebuiltStatementsJson(['x = 1n;'])).toThrow(RangeError);
  });

  it('are parsed when no file is beside the module (the unbundled packages)', () => {
    const source = 'let a = 1; a += 2;';
    expect(statementsOf(source)).toEqual(parseSource(source));
  });
});
