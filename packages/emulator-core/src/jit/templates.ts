import type { Semantics } from '../isa/semantics/template.js';
import { hotSemantics } from '../isa/semantics/hot.js';
import { guardHolds } from '../gen/block.js';
import { decoder } from '../isa/index.js';
import { InsnFlag } from '../decode/instruction.js';

/**
 * How the translator puts an instruction word in a block:
 * - a word whose decode-table row has a template (isa/semantics/hot.ts) and whose form
 *   passes the template's guard is expanded inline (gen/block.ts);
 * - any other valid word calls its row's handler, the one the interpreter calls, from
 *   the block (block-source.ts), so no instruction is written a second time and a
 *   block does not end at every instruction without a template;
 * - an invalid word ends the block; the interpreter runs it and delivers its interrupt.
 */
export type BlockEntry =
  | { readonly kind: 'template'; readonly s: Semantics; readonly ends: boolean }
  | { readonly kind: 'handler'; readonly op: number; readonly stores: boolean; readonly ends: boolean };

const byMnemonic = new Map<string, Semantics>(hotSemantics.map((s) => [s.mnemonic, s]));

/**
 * Handler rows after which nothing else of the block would run: they always write NIP
 * (branches without a template, rfid and the MSR writes, sc).
 */
const ALWAYS_JUMPS = InsnFlag.WritesMsr | InsnFlag.ReturnFromInterrupt | InsnFlag.SystemCall;

/** Whether the template can end a block by branching (it contains JUMP). */
const endsBlock = (s: Semantics): boolean => /\bJUMP\(/.test(s.body);

/** Answers per word, remembered: a guard is evaluated by compiling it, once per word. */
const known = new Map<number, BlockEntry | null>();
const KNOWN_LIMIT = 1 << 16;

/** How word `w` runs in a block, or undefined when it is not a valid instruction. */
export function blockEntryFor(w: number): BlockEntry | undefined {
  let e = known.get(w);
  if (e === undefined) {
    const def = decoder.lookup(w);
    const t = def ? byMnemonic.get(def.mnemonic) : undefined;
    if (!def) e = null;
    else if (t && guardHolds(t, w)) e = { kind: 'template', s: t, ends: endsBlock(t) };
    else {
      const flags = def.flags ?? 0;
      e = {
        kind: 'handler', op: decoder.coldOpOf(w), stores: (flags & InsnFlag.Store) !== 0,
        ends: def.branch !== undefined || (flags & ALWAYS_JUMPS) !== 0,
      };
    }
    if (known.size >= KNOWN_LIMIT) known.clear();
    known.set(w, e);
  }
  return e ?? undefined;
}
