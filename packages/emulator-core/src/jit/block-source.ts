import type { Semantics } from '../isa/semantics/template.js';
import { instructionInBlock } from '../gen/block.js';
import { W_NIP } from '../state/layout.js';
import { Flow } from '../decode/instruction.js';
import { registerLocals } from './register-locals.js';
import { fAA, fBD, fLI } from '../decode/fields.generated.js';

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
 * - stores into the block itself: after a store, the words still to run (all of the
 *   block's, when it loops on itself) are checked again, and the block ends there if
 *   one changed (the interpreter would fetch the new word);
 * - a block whose branch goes back to its own first instruction loops inside the
 *   function (chaining to itself) while the caller's limit allows a further pass and no
 *   request from another thread is pending (the control word the interpreter polls at
 *   every taken branch). A block of templates only does not compare its words again at
 *   each pass: its own stores are checked where they happen (above), and a change made
 *   by another thread (a vCPU's store, the debugger's breakpoint word) is seen at the
 *   next entry, within the caller's limit (at most POLL_INSTRUCTIONS, run-blocks.ts),
 *   as the requests are. The ISA makes another thread's code change certain only after
 *   the running thread's own isync (Book II 1.8, instruction storage), which is a
 *   handler: a block calling any handler compares its words before each pass;
 * - the block is translated for one MSR[SF] (its cache key): the templates' reads of
 *   `cpu.mode64` are literals (an MSR write ends a block).
 *
 * - in a block of templates alone that loops on itself, the GPRs it names live in
 *   locals (register-locals.ts), written back to the register file at a fault in a
 *   template and at every return;
 *
 * - an instruction without a template calls its row's handler with NIP on it, as the
 *   interpreter does; a handler that writes NIP (an interrupt, rfid, an MSR write) or
 *   asks for an exit ends the block there.
 *
 * The function is `(cpu, r, le, words, limit, ctl, ci, Fault, handlers) => answer`:
 * `words` is guest RAM as host-order words, `limit` the instructions it may run (at
 * least the block's length), `ctl[ci]` the request word, `handlers` the decoder's
 * handler table for the facilities now enabled (decoder.byFacilities). The answer is
 * one of (see `blockAnswer`):
 * - n >= 0: n instructions retired, NIP written;
 * - STALE: the code changed, nothing ran;
 * - a fault: n instructions retired before the faulting one, NIP on it;
 * - a handler jump: n instructions retired (the handler's own included), NIP as the
 *   handler wrote it; the caller looks at everything again (MSR, interrupts);
 * - a handler exit: n instructions retired before it, `cpu.pendingExit` set.
 */

export const STALE = -1;

/** The answer ranges: a count n is below 2^26 (a block runs at most its caller's limit). */
const RANGE = 2 ** 26;
const FAULT_BASE = -2, JUMP_BASE = FAULT_BASE - RANGE, EXIT_BASE = JUMP_BASE - RANGE;

export const BlockEnd = { Retired: 0, Stale: 1, Fault: 2, HandlerJump: 3, HandlerExit: 4 } as const;

/** The answer of a block whose instruction after `count` completed ones faulted (NIP on it). */
export const faultAnswer = (count: number): number => FAULT_BASE - count;
/** The answer of a block whose handler wrote NIP, `count` instructions retired (the handler's own included). */
export const jumpAnswer = (count: number): number => JUMP_BASE - count;
/** The answer of a block whose handler asked for an exit after `count` retired instructions. */
export const exitAnswer = (count: number): number => EXIT_BASE - count;

/** The kind of a block's answer (BlockEnd) ... */
export function blockEnd(answer: number): number {
  if (answer >= 0) return BlockEnd.Retired;
  if (answer === STALE) return BlockEnd.Stale;
  if (answer > JUMP_BASE) return BlockEnd.Fault;
  return answer > EXIT_BASE ? BlockEnd.HandlerJump : BlockEnd.HandlerExit;
}
/** ... and its instruction count. */
export function blockCount(answer: number): number {
  if (answer >= 0) return answer;
  if (answer > JUMP_BASE) return FAULT_BASE - answer;
  return answer > EXIT_BASE ? JUMP_BASE - answer : EXIT_BASE - answer;
}

export interface BlockInstruction {
  /** The template expanded inline, or none: the row's handler `op` runs. */
  readonly s?: Semantics;
  readonly op?: number;
  /** A handler that may store (InsnFlag.Store): the words still to run are checked after it. */
  readonly handlerStores?: boolean;
  /** The instruction word as an instruction (guest byte order applied). */
  readonly w: number;
  /** The 32 bits in guest memory as the host-order word view reads them. */
  readonly raw: number;
}

/** Whether a template can raise a storage fault: it goes through the Cpu's translated accessors. */
const templateMayFault = (s: Semantics): boolean => templateAccesses(s).mayFault;
const templateStores = (s: Semantics): boolean => templateAccesses(s).stores;

/** What each template's body does with storage, read from its text once. */
const accessesOf = new WeakMap<Semantics, { mayFault: boolean; stores: boolean }>();

function templateAccesses(s: Semantics): { mayFault: boolean; stores: boolean } {
  let a = accessesOf.get(s);
  if (a === undefined) {
    a = { mayFault: /\bcpu\.(load|store)/.test(s.body), stores: /\bcpu\.store/.test(s.body) };
    accessesOf.set(s, a);
  }
  return a;
}
/** A handler may fault (any storage access) and may store; a template says which it does. */
export const mayFault = (i: BlockInstruction): boolean => (i.s ? templateMayFault(i.s) : true);
export const stores = (i: BlockInstruction): boolean => (i.s ? templateStores(i.s) : i.handlerStores === true);

/** The addresses of the block's instructions as (hi, lo) pairs, wrapping like NIP does under MSR[SF]. */
export function instructionAddresses(count: number, ciaHi: number, ciaLo: number, mode64: boolean): [number, number][] {
  const out: [number, number][] = [];
  let lo = ciaLo >>> 0, hi = mode64 ? ciaHi : 0;
  for (let i = 0; i <= count; i++) {
    out.push([hi | 0, lo | 0]);
    lo += 4;
    if (lo >= 2 ** 32) { lo -= 2 ** 32; hi = mode64 ? (hi + 1) | 0 : 0; }
  }
  return out;
}

/**
 * Whether the block's last instruction is a relative `b` or `bc` (no AA) whose target is
 * the block's first instruction: the block loops on itself.
 */
export function branchesToStart(last: BlockInstruction, [hi, lo]: [number, number], startHi: number, startLo: number, mode64: boolean): boolean {
  const mnemonic = last.s?.mnemonic;
  if ((mnemonic !== 'b' && mnemonic !== 'bc') || fAA(last.w) !== 0) return false;
  const s = (lo >>> 0) + (mnemonic === 'b' ? fLI(last.w) : fBD(last.w));
  const tLo = s | 0, tHi = mode64 ? (hi + Math.floor(s / 2 ** 32)) | 0 : 0;
  return tLo === startLo && tHi === startHi;
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
  // each instruction's code, templates expanded; the handler calls are put in below, once
  // it is known whether the GPRs live in locals (register-locals.ts)
  const expanded = list.map((insn, i) => (insn.s
    ? instructionInBlock(insn.s, insn.w, cia[i]![0], cia[i]![1], `i${i}`).replace(/\bcpu\.mode64\b/g, String(mode64)) : ''));
  // GPRs in locals only for a loop of templates alone (a block whose relative branch goes
  // back to its own start), where they stay in host registers across the passes. In
  // straight-line blocks they cost more than they gave: Debian's boot went from 25 to
  // 62-131 s with them in every block, the time in the blocks of jent's keccak rounds
  // (run once per entry) and in the calls into them.
  const loopsOnItself = list.every((insn) => insn.s !== undefined) && branchesToStart(list[len - 1]!, cia[len - 1]!, startHi, startLo, mode64);
  const locals = loopsOnItself ? registerLocals(expanded) : undefined;
  const code = locals?.parts ?? expanded;
  const writeBack = locals?.writeBack ?? '';
  const last = list[len - 1]!.s;
  const branches = last !== undefined && /\bJUMP\(/.test(last.body);
  const body: string[] = [];
  list.forEach((insn, i) => {
    const { s, w } = insn;
    if (mayFault(insn)) body.push(`at = ${i};`);
    if (s) body.push(code[i]!);
    else {
      // the interpreter's call (interp/fast-loop.ts): NIP on the instruction (a block with
      // a handler keeps its GPRs in the register file); a jump counts the instruction, an
      // exit leaves it to the caller (sc completes)
      body.push(`${setNip(cia[i]![0], cia[i]![1])}
      { const f = handlers[${insn.op}](cpu, ${w | 0});
        if (f !== ${Flow.Next}) return f === ${Flow.Jump} ? ${JUMP_BASE} - (n + ${i + 1}) : ${EXIT_BASE} - (n + ${i}); }`);
    }
    if (stores(insn) && i < len - 1) {
      const [h, l] = cia[i + 1]!;
      body.push(`if (${changedTest(list, wordIndex, branches ? 0 : i + 1)}) { ${writeBack} ${setNip(h, l)} return n + ${i + 1}; }`);
    }
  });
  // a fault in a template leaves its locals to be written back (blocks with locals hold templates only)
  const faultTargets = list.map((_, i) => `case ${i}: ${writeBack} ${setNip(cia[i]![0], cia[i]![1])} break;`).join(' ');
  const anyFault = list.some(mayFault);
  // a handler may be a context-synchronising instruction (isync, rfid): after one the
  // words are compared again before the next pass
  const perPassCheck = list.some((insn) => insn.s === undefined);
  const pass = `
      let nipHi = ${fallHi}, nipLo = ${fallLo};
      block: {
${body.join('\n')}
      }
      n += ${len};`;
  // a loop only where the block can branch to its own start
  const loop = branches
    ? `for (;;) {${pass}
      if (nipLo !== ${startLo} || nipHi !== ${startHi} || n + ${len} > limit || ctl[ci] !== 0${perPassCheck ? ` || ${changedTest(list, wordIndex, 0)}` : ''}) { ${writeBack} ${setNip('nipHi', 'nipLo')} return n; }
    }`
    : `{${pass}
      ${writeBack} ${setNip('nipHi', 'nipLo')} return n;
    }`;
  return `
  if (${changedTest(list, wordIndex, 0)}) return ${STALE};
  let n = 0, at = 0;
  ${locals?.declare ?? ''}
  ${anyFault ? `try {
    ${loop}
  } catch (e) {
    if (!(e instanceof Fault)) throw e;
    switch (at) { ${faultTargets} }
    return ${FAULT_BASE} - (n + at);
  }` : loop}`;
}
