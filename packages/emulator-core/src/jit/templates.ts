import type { Semantics } from '../isa/semantics/template.js';
import { hotSemantics } from '../isa/semantics/hot.js';
import { guardHolds } from '../gen/block.js';
import { decoder } from '../isa/index.js';

/**
 * Which instruction words the translator can put in a block: a word whose decode-table
 * row has a template (isa/semantics/hot.ts) and whose form passes the template's guard.
 * Every other word (no template, a guard that fails, an invalid word) ends the block
 * and runs in the interpreter, which also delivers its interrupts.
 */

const byMnemonic = new Map<string, Semantics>(hotSemantics.map((s) => [s.mnemonic, s]));

/** Answers per word, remembered: a guard is evaluated by compiling it, once per word. */
const known = new Map<number, Semantics | null>();
const KNOWN_LIMIT = 1 << 16;

/** The template that runs word `w` in a block, or undefined when the interpreter must run it. */
export function templateFor(w: number): Semantics | undefined {
  let s = known.get(w);
  if (s === undefined) {
    const def = decoder.lookup(w);
    const t = def ? byMnemonic.get(def.mnemonic) : undefined;
    s = t && guardHolds(t, w) ? t : null;
    if (known.size >= KNOWN_LIMIT) known.clear();
    known.set(w, s);
  }
  return s ?? undefined;
}

/** Whether the template can end a block by branching (it contains JUMP). */
export const endsBlock = (s: Semantics): boolean => /\bJUMP\(/.test(s.body);
