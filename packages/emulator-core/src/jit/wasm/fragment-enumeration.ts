import { hotSemantics } from '../../isa/semantics/hot.js';
import { instructionTemplate64, instructionBindingNames } from '../../gen/block.js';
import type * as es from 'acorn';
import type { Semantics } from '../../isa/semantics/template.js';
import { compileFragment, steeringKey, steeringWith, bindingRange, type Fragment, type FragmentContext, type Steering } from './fragments.js';
import { FRAGMENTS_FORMAT, type PrebuiltTemplate, type PrebuiltFragmentsFile } from './prebuilt-fragments.js';
import { NeedsConstant, TemplateCompileError } from './values.js';

/**
 * Every fragment of a template, found by compiling it for every combination of its
 * steering names' values: it starts with none; a compilation that asks for a name
 * (NeedsConstant) adds it, and the combinations start again. A template whose
 * combinations would exceed `limit` keeps the steering learned so far and no fragments
 * (its fragments are compiled when met). Open names take any value in their range
 * (fragments.ts bindingRange): the code does not depend on it.
 */
export function enumerateFragments(s: Semantics, statements: readonly es.Statement[], ctx: FragmentContext, limit: number): PrebuiltTemplate {
  const names = instructionBindingNames(s);
  let steering: Steering = { values: [], zero: [] };
  for (;;) {
    const combinations = steeringCombinations(names, steering, limit);
    if (combinations === undefined) return { text: instructionTemplate64(s), steering, fragments: {} };
    const fragments: Record<string, Fragment | null> = {};
    let asked: NeedsConstant | undefined;
    for (const bindings of combinations) {
      try {
        fragments[steeringKey(steering, bindings)] = compileFragment(statements, bindings, steering, ctx);
      } catch (e) {
        if (e instanceof NeedsConstant) { asked = e; break; }
        if (e instanceof TemplateCompileError) { fragments[steeringKey(steering, bindings)] = null; continue; }
        throw e;
      }
    }
    if (asked === undefined) return { text: instructionTemplate64(s), steering, fragments };
    steering = steeringWith(steering, asked.symbolName, asked.zero);
  }
}

/** Bindings for every combination of the steering names' values (zero tests: 0 and not 0), or undefined beyond `limit`. */
function steeringCombinations(names: readonly string[], steering: Steering, limit: number): Map<string, number>[] | undefined {
  let combinations: Map<string, number>[] = [new Map(names.map((n) => [n, bindingRange(n).lo]))];
  for (const name of names) {
    const { lo, hi, step } = bindingRange(name);
    let values: number[];
    if (steering.values.includes(name)) {
      if ((hi - lo) / step + 1 > limit) return undefined;
      values = [];
      for (let v = lo; v <= hi; v += step) values.push(v);
    } else if (steering.zero.includes(name)) {
      values = [0, lo === 0 ? step : lo];
    } else continue;
    if (combinations.length * values.length > limit) return undefined;
    combinations = combinations.flatMap((b) => values.map((v) => new Map(b).set(name, v)));
  }
  return combinations;
}

/** The JSON of fragments.json: every template's enumeration in each of the contexts. */
export function prebuiltFragmentsJson(contexts: ReadonlyMap<string, FragmentContext>, statementsOf: (s: Semantics) => readonly es.Statement[], limit: number): string {
  const out: Record<string, Record<string, PrebuiltTemplate>> = {};
  for (const [key, ctx] of contexts) {
    const templates: Record<string, PrebuiltTemplate> = {};
    for (const s of hotSemantics) templates[s.mnemonic] = enumerateFragments(s, statementsOf(s), ctx, limit);
    out[key] = templates;
  }
  return JSON.stringify({ format: FRAGMENTS_FORMAT, contexts: out } satisfies PrebuiltFragmentsFile);
}
