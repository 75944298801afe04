import { EXTENDED_FIELDS, decoder, type InstructionDef } from '@hvstep/emulator-core';
import { Gen } from '../gen.js';
import { Rng } from '../rng.js';
import { emptyState } from '../state.js';
import { fixedRules } from './fixed.js';
import { memoryRules } from './memory.js';
import { branchRules } from './branch.js';
import { fpRules, fpFormRule } from './fp.js';
import { vectorRules } from './vector.js';
import { vmxIntRules } from './vmx-int.js';
import { vsxFpRules } from './vsx-fp.js';
import { vmxFpRules } from './vmx-fp.js';
import { vsxQuadRules } from './vsx-quad.js';
import { vsxFpIntRules } from './vsx-fp-int.js';
import { vsxMiscRules } from './vsx-misc.js';
import { isExclusion, type Rule, type RuleEntry } from './rule.js';

export type { Rule, Generated, RuleEntry } from './rule.js';

/** Every mnemonic the generator knows, fixed-point, branch, memory, FP and vector. */
export const RULES: Readonly<Record<string, RuleEntry>> = { ...fixedRules, ...memoryRules, ...branchRules, ...fpRules, ...vectorRules, ...vmxIntRules, ...vsxFpRules, ...vmxFpRules, ...vsxQuadRules, ...vsxFpIntRules, ...vsxMiscRules };

export type Coverage = 'rule' | 'by-form' | 'excluded' | 'no-rule';

/** How the generator treats one row of the decode table. */
export interface PlanEntry {
  def: InstructionDef;
  coverage: Coverage;
  rule?: Rule;
  /** why excluded, or what the by-form rule assumes */
  note?: string;
  /** the def's primary and extended-opcode bits, and which bits they occupy */
  fixedValue: number;
  fixedMask: number;
}

const FP_PRIMARIES = new Set([59, 63]);

function lookupRule(mnemonic: string): RuleEntry | undefined {
  return RULES[mnemonic] ?? RULES[mnemonic.replace(/[._]$/, '')] ?? RULES[mnemonic.replace(/_$/, '.')] ?? RULES[`${mnemonic}.`];
}

export function fixedBits(def: InstructionDef): { value: number; mask: number } {
  let value = (def.primary & 63) << 26;
  let mask = 0xfc000000 | 0;
  const f = EXTENDED_FIELDS[def.primary];
  if (f && def.xo !== undefined) {
    const xm = (def.xoMask ?? (1 << f.bits) - 1) & ((1 << f.bits) - 1);
    value |= (def.xo & xm) << f.shift;
    mask |= xm << f.shift;
  }
  return { value: value >>> 0, mask: mask >>> 0 };
}

/** The generator's plan for every row of the decode table. */
export function makePlan(defs: readonly InstructionDef[]): PlanEntry[] {
  return defs.map((def) => {
    const { value, mask } = fixedBits(def);
    const base = { def, fixedValue: value, fixedMask: mask };
    const entry = lookupRule(def.mnemonic);
    if (entry && isExclusion(entry)) return { ...base, coverage: 'excluded', note: entry.exclude };
    if (entry) return validate({ ...base, coverage: 'rule', rule: entry, ...(entry.note ? { note: entry.note } : {}) });
    if (FP_PRIMARIES.has(def.primary)) {
      const r = fpFormRule(def.form);
      if (r) return validate({ ...base, coverage: 'by-form', rule: r, note: r.note ?? 'by form' });
    }
    return { ...base, coverage: 'no-rule', note: `no generator rule for form ${def.form}` };
  });
}

/**
 * Checks that a rule's words decode to its own row (a rule written for another
 * layout of the opcode, or a table row that overlaps another, would not): a rule
 * that fails is reported as no-rule with the reason.
 */
function validate(e: PlanEntry): PlanEntry {
  const rng = new Rng(0x5eed, e.fixedValue);
  let bad = 0, other = '';
  for (let i = 0; i < 16; i++) {
    const out = e.rule!.gen(new Gen(rng, 0, 2, emptyState()));
    const word = (e.fixedValue | (out.word & ~e.fixedMask)) >>> 0;
    const d = decoder.lookup(word);
    if (d !== e.def) { bad++; other = d?.mnemonic ?? '(illegal)'; }
  }
  if (bad > 8) return { ...e, coverage: 'no-rule', note: `rule's words decode as ${other}`, rule: undefined };
  return e;
}
