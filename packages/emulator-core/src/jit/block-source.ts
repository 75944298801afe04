import type { Semantics } from '../isa/semantics/template.js';
import { instructionInBlock } from '../gen/block.js';
import { W_NIP } from '../state/layout.js';

/**
 * The JavaScript for one guest basic block: each instruction is its own template
 * (isa/semantics/hot.ts) expanded by gen/block.ts with its fields as literals, so no
 * instruction is written twice. Around the instructions this adds what makes the block
 * exact against the interpreter:
 *
 * - entry check: every word of the block is compared with guest memory first, the way
 *   the interpreter's pre-decoded cache checks its slot on every fetch. A block whose
 *   code changed (self-modifying code, another vCPU, the debugger's breakpoint words)
 *   runs nothing and answers STALE;
 * - precise faults: before an instruction that can fault (a load or store) the block
 *   records its index; the fault (GuestFaultSignal) leaves NIP on that instruction and
 *   answers how many instructions completed before it — their effects are already in
 *   the register file and memory, since every template writes there directly;
 * - stores into the block itself: after a store, the words still to run are checked
 *   again, and the block ends there if one changed (the interpreter would fetch the
 *   new word);
 * - a block whose branch goes back to its own first instruction loops inside the
 *   function (chaining to itself) while the caller's limit allows a further pass, no
 *   request from another thread is pending (the control word the interpreter polls at
 *   every taken branch) and its words are unchanged.
 *
 * The function is `(cpu, r, le, words, limit, ctl, ci, Fault) => answer`: `words` is
 * guest RAM as host-order words, `limit` the instructions it may run (at least the
 * block's length), `ctl[ci]` the request word. It answers the number of instructions
 * retired (NIP written), STALE (-1, nothing ran), or -2 - n after a fault with n
 * instructions retired before the faulting one (NIP on it).
 */

export const STALE = -1;

export interface BlockInstruction {
  readonly s: Semantics;
  /** The instruction word as an instruction (guest byte order applied). */
  readonly w: number;
  /** The 32 bits in guest memory as the host-order word view reads them. */
  readonly raw: number;
}

/** Whether a template can raise a storage fault: it goes through the Cpu's translated accessors. */
const mayFault = (s: Semantics): boolean => /\bcpu\.(load|store)/.test(s.body);
const stores = (s: Semantics): boolean => /\bcpu\.store/.test(s.body);

/** The addresses of the block's instructions as (hi, lo) pairs, wrapping like NIP does under MSR[SF]. */
function instructionAddresses(count: number, ciaHi: number, ciaLo: number, mode64: boolean): [number, number][] {
  const out: [number, number][] = [];
  let lo = ciaLo >>> 0, hi = mode64 ? ciaHi : 0;
  for (let i = 0; i <= count; i++) {
    out.push([hi | 0, lo | 0]);
    lo += 4;
    if (lo >= 2 ** 32) { lo -= 2 ** 32; hi = mode64 ? (hi + 1) | 0 : 0; }
  }
  return out;
}

/** `words[i] !== raw || ...` for instructions first..last-1 of the block at word index `wordIndex`. */
function changedTest(list: readonly BlockInstruction[], wordIndex: number, first: number): string {
  const terms: string[] = [];
  for (let i = first; i < list.length; i++) terms.push(`words[${wordIndex + i}] !== ${list[i]!.raw | 0}`);
  return terms.join(' || ');
}

/**
 * The source of the block function body (see above). `pa` is the block's real
 * address (word aligned, the block does not cross its page), (ciaHi, ciaLo) its
 * effective address, `mode64` MSR[SF] it was translated under.
 */
export function blockSource(list: readonly BlockInstruction[], pa: number, ciaHi: number, ciaLo: number, mode64: boolean): string {
  if (list.length === 0) throw new Error('translate: an empty block');
  const wordIndex = pa >>> 2;
  const cia = instructionAddresses(list.length, ciaHi, ciaLo, mode64);
  const len = list.length;
  const [startHi, startLo] = cia[0]!;
  const [fallHi, fallLo] = cia[len]!;
  const setNip = (hi: string | number, lo: string | number): string => `r[${W_NIP}] = ${lo}; r[${W_NIP + 1}] = ${hi};`;
  const body: string[] = [];
  list.forEach(({ s, w }, i) => {
    if (mayFault(s)) body.push(`at = ${i};`);
    body.push(instructionInBlock(s, w, cia[i]![0], cia[i]![1], `i${i}`));
    if (stores(s) && i < len - 1) {
      const [h, l] = cia[i + 1]!;
      body.push(`if (${changedTest(list, wordIndex, i + 1)}) { ${setNip(h, l)} return n + ${i + 1}; }`);
    }
  });
  const last = list[len - 1]!.s;
  const branches = /\bJUMP\(/.test(last.body);
  const faultTargets = list.map((_, i) => `case ${i}: ${setNip(cia[i]![0], cia[i]![1])} break;`).join(' ');
  const anyFault = list.some(({ s }) => mayFault(s));
  const pass = `
      let nipHi = ${fallHi}, nipLo = ${fallLo};
      block: {
${body.join('\n')}
      }
      n += ${len};`;
  // a loop only where the block can branch to its own start
  const loop = branches
    ? `for (;;) {${pass}
      if (nipLo !== ${startLo} || nipHi !== ${startHi} || n + ${len} > limit || ctl[ci] !== 0 || ${changedTest(list, wordIndex, 0)}) { ${setNip('nipHi', 'nipLo')} return n; }
    }`
    : `{${pass}
      ${setNip('nipHi', 'nipLo')} return n;
    }`;
  return `
  if (${changedTest(list, wordIndex, 0)}) return ${STALE};
  let n = 0, at = 0;
  ${anyFault ? `try {
    ${loop}
  } catch (e) {
    if (!(e instanceof Fault)) throw e;
    switch (at) { ${faultTargets} }
    return -2 - (n + at);
  }` : loop}`;
}
