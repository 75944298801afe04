import type { FieldName } from '../../decode/field-specs.js';

/**
 * One instruction's semantics, written once (rv32emu's RVOP bodies are the model).
 * src/gen (`pnpm gen`) turns it into the interpreter's inline switch case and into a
 * handler function (isa/generated/), and a translator can turn it into host code the
 * same way. The body is JavaScript over these names:
 *
 * - `$F`: the value of instruction field F (decode/field-specs.ts), e.g. `$RA`, `$SI`;
 * - `g$F`: the register file word of GPR F's low half (2 * F; the high half is +1);
 * - `r`: the register file (Int32Array), `cpu`: the Cpu, `w`: the instruction word;
 * - `PC_LO`, `PC_HI`: the halves of this instruction's address (CIA); `LE`: MSR[LE];
 * - `NEXT;`: the instruction completed, go on with the next one;
 * - `JUMP(hi, lo);`: the instruction completed and branches to hi:lo (identifiers);
 * - the exports of isa/semantics/helpers.ts;
 * - the 64-bit macros of gen/wide.ts (`SET_GPR(g$RT, ADD64(GPR_OR0(g$RA), EXTS($SI)));`),
 *   which compute with whole 64-bit values: src/gen expands them into Int32-halves code
 *   for the interpreter and the JavaScript blocks, the WebAssembly back end compiles
 *   them to i64 operations.
 *
 * No loops or nested switches in a body (NEXT becomes `break` in the inline case). The
 * only TypeScript beyond JavaScript a body may use is `r[i]!` and `: number` annotations:
 * the translator (gen/block.ts) strips exactly those before `new Function`.
 */
export interface Semantics {
  readonly mnemonic: string;
  /** The assembler form and the ISA section, for the comment above each generated copy. */
  readonly doc: string;
  /**
   * Field values the inline form is specialised for (only 0 here): the decoder sends a
   * word to the inline case only when these fields are zero, e.g. OE=0 and Rc=0.
   */
  readonly inlineWhen?: Partial<Record<FieldName, 0>>;
  /**
   * A further condition (over `$` fields) for the body: a word that fails it is
   * executed by the handler named in `otherwise` (a plain Handler), and never inline.
   */
  readonly guard?: string;
  /** The Handler for words failing `guard`: its export name and module (relative to isa/). */
  readonly otherwise?: { readonly handler: string; readonly module: string };
  readonly body: string;
}
