import { type Cpu, GuestFaultSignal } from '../cpu/cpu.js';
import { Exit } from '../cpu/exit.js';
import { W_NIP, W_INSN_COUNT } from '../state/layout.js';
import { CTL_REQUESTS } from '../cpu/control.js';
import { serviceEvents, EventOutcome } from '../cpu/events.js';
import { deliverStorageFault } from '../cpu/interrupts.js';
import { runFast, countRetired, TRACE_MODE, BREAKPOINT_PAGE } from '../interp/fast-loop.js';
import { stepTraced } from '../interp/trace-step.js';
import { blockCacheOf, BlockCache } from './block-cache.js';
import { blockEnd, blockCount, BlockEnd } from './block-source.js';
import { decoder } from '../isa/index.js';
import { translate, blockExtent, type Block } from './translate.js';
import { runFastWasm } from './wasm/interpreter.js';

/**
 * Instructions between two looks at the decrementer and doorbells (serviceEvents):
 * the interpreter looks every 256 taken branches; blocks end at every branch, so this
 * is the same order of latency, and requests from other threads (ctl[ci]) are seen
 * after every block, at most MAX_BLOCK instructions apart.
 */
const POLL_INSTRUCTIONS = 4096;

/**
 * Code met for the first times runs in the interpreter in stretches of
 * `cache.coldStretch` instructions, not a block at a time: a call of the interpreter per
 * block cost about half as much again as the instructions in a kernel's boot, where most
 * code runs a few times. A block entered WARM_ENTRIES times is then interpreted a block
 * at a time, so that its entries are counted until it is compiled (block-cache.ts
 * hotThreshold).
 */
const WARM_ENTRIES = 16;

/**
 * Whether one of the hypervisor's instruction breakpoints lies in the `length`
 * instructions from ciaHi:ciaLo. A block is entered at its first instruction only and
 * runs straight to its last (it ends at the first branch, at a page's end), so an
 * address outside that range cannot be fetched inside it.
 */
function breakpointIn(breakpoints: readonly { hi: number; lo: number }[], ciaHi: number, ciaLo: number, length: number): boolean {
  for (let i = 0; i < breakpoints.length; i++) {
    const b = breakpoints[i]!;
    if (b.hi === ciaHi && ((b.lo - ciaLo) >>> 0) < length * 4) return true;
  }
  return false;
}

const retired = (r: Int32Array): number => (r[W_INSN_COUNT + 1]! >>> 0) * 4294967296 + (r[W_INSN_COUNT]! >>> 0);

/**
 * The translator's counterpart of interp/fast-loop.ts runFast: runs the vCPU from NIP
 * for at most `budget` instructions, as translated blocks where the code has them and
 * through the interpreter (runFast for one instruction) where it does not, and answers
 * an Exit code, or TRACE_MODE when MSR[SE]/[BE] or a comparator became active. The
 * retired-instruction counter is kept exact: each block answers how many of its
 * instructions completed, a fault included. While the hypervisor has instruction
 * breakpoints armed, blocks that hold none of them still run, compiled or interpreted
 * one block at a time; a block that holds one goes one instruction at a time through
 * stepTraced, which stops before an armed address.
 */
export function runBlocks(cpu: Cpu, budget: number): number {
  const r = cpu.r;
  const ctl = cpu.controls;
  const ci = cpu.controlBase + CTL_REQUESTS;
  const words = cpu.memory.i32;
  const cache = blockCacheOf(cpu);
  let n = 0; // retired and not yet added to the counter
  let done = 0; // retired in this call, for the budget
  let untilPoll = POLL_INSTRUCTIONS;
  let pageLo = 1, pageHi = 0, pageBase = 0; // the fetch translation of the current page (pageLo 1: none)
  let blocks: (Block | undefined)[] | undefined;
  const breakpoints = cpu.hvBreakpoints;
  const wasmFor = cpu.arena !== undefined ? cpu : undefined;
  while (done < budget) {
    const mode64 = cpu.mode64, le = cpu.littleEndian;
    const pcLo = r[W_NIP]! | 0, pcHi = mode64 ? r[W_NIP + 1]! | 0 : 0;
    let block: Block | undefined;
    let pa = -1;
    if ((pcLo & -4096) !== pageLo || pcHi !== pageHi) {
      try {
        pageBase = cpu.translateFetch(pcHi, pcLo) - (pcLo & 0xfff);
        pageLo = pcLo & -4096; pageHi = pcHi;
        blocks = cache.page(pageBase);
      } catch (e) {
        if (!(e instanceof GuestFaultSignal)) throw e;
        pageLo = 1; blocks = undefined; // the interpreter fetches again and delivers the fault
      }
    }
    if (blocks !== undefined) {
      pa = pageBase + (pcLo & 0xfff);
      const key = BlockCache.key(pa, le, mode64);
      block = blocks[key];
      if (block !== undefined && (block.ciaLo !== pcLo || block.ciaHi !== pcHi || (block.length === 0 && words[pa >>> 2] !== block.firstRaw))) {
        cache.remove(blocks, key); block = undefined;
      }
      if (block === undefined) {
        block = translate(words, pa, pcHi, pcLo, le, mode64, cache.hotThreshold <= 1, wasmFor);
        cache.add(blocks, key, block);
      } else if (block.run === undefined && block.length !== 0 && ++block.entries >= cache.hotThreshold) {
        // hot: compiled from the words memory holds now
        block = translate(words, pa, pcHi, pcLo, le, mode64, true, wasmFor);
        cache.add(blocks, key, block);
      }
      if (block.run !== undefined && block.length <= budget - done
        && (breakpoints.length === 0 || !breakpointIn(breakpoints, r[W_NIP + 1]! | 0, pcLo, block.length))) {
        const limit = Math.min(budget - done, Math.max(untilPoll, block.length));
        const answer = block.run(cpu, r, le, words, limit, ctl, ci, GuestFaultSignal, decoder.byFacilities[cpu.facilities]!);
        const end = blockEnd(answer), count = blockCount(answer);
        if (end === BlockEnd.Stale) { cache.remove(blocks, key); continue; }
        n += count; done += count; untilPoll -= count;
        if (end === BlockEnd.Retired) {
          if (ctl[ci] === 0 && untilPoll > 0) continue;
        } else if (end === BlockEnd.Fault) {
          // a storage fault inside the block: NIP is on the faulting instruction
          const kind = cpu.exitDetail;
          if (!cpu.systemMode || kind === Exit.Mmio || kind === Exit.DebugWatchpoint) { countRetired(r, n); return kind; }
          deliverStorageFault(cpu);
        } else if (end === BlockEnd.HandlerExit) {
          // as the interpreter counts it: an exit that completed its instruction (sc) retired it
          const exit = cpu.pendingExit;
          if (exit === Exit.SystemCall || exit === Exit.Hypercall) { n++; done++; }
          countRetired(r, n);
          return exit;
        }
        // a handler's jump falls through here: the MSR, the facilities and the fetch translation may have changed
        // between blocks: requests from other threads, pending interrupts, MSR changes
        countRetired(r, n); n = 0;
        untilPoll = POLL_INSTRUCTIONS;
        if (serviceEvents(cpu) === EventOutcome.Stop) return Exit.StopRequested;
        if (cpu.traceActive) return TRACE_MODE;
        pageLo = 1;
        continue;
      }
    }
    // cold code on a page that holds an armed breakpoint: the interpreter runs one block
    // when none of them is in it, and returns at any event (fast-loop.ts), so it cannot
    // run on into unchecked code. A scanned block keeps no words (only compiled ones
    // check theirs on entry), so its extent is found again from memory as it is now
    // (blockExtent allocates nothing). Cold code on other pages runs as it does with no
    // breakpoint armed (below), the interpreter stopping before it enters a page that
    // holds one (Cpu.guardBreakpointPages).
    const checked = breakpoints.length > 0 && cpu.hvBreakpointOnPage(r[W_NIP + 1]! | 0, pcLo);
    const extent = checked && block !== undefined && block.length !== 0 && blocks !== undefined
      ? blockExtent(words, pa, le) : 0;
    if (extent !== 0 && extent <= budget - done && !breakpointIn(breakpoints, r[W_NIP + 1]! | 0, pcLo, extent)) {
      countRetired(r, n); n = 0;
      const first = retired(r);
      const exit = runFast(cpu, extent);
      const ran = retired(r) - first;
      done += Math.max(1, ran); untilPoll -= ran;
      pageLo = 1;
      if (exit === TRACE_MODE) { if (cpu.traceActive) return TRACE_MODE; continue; }
      if (exit !== Exit.Budget) return exit;
      continue;
    }
    if (checked) {
      // a breakpoint may be in what the interpreter would run: one instruction, checked
      countRetired(r, n); n = 0;
      const exit = stepTraced(cpu);
      done++; untilPoll--;
      pageLo = 1;
      if (exit !== Exit.Budget) return exit;
      if (cpu.traceActive) return TRACE_MODE;
      continue;
    }
    // no compiled block here: the interpreter runs a cold stretch or the scanned block
    // (one instruction for an invalid word or an untranslatable fetch; at most the budget left)
    countRetired(r, n); n = 0;
    const first = retired(r);
    const guard = breakpoints.length > 0;
    cpu.guardBreakpointPages = guard;
    let exit: number;
    try {
      exit = (wasmFor !== undefined ? runFastWasm : runFast)(cpu, block === undefined || block.length === 0 ? 1
        : Math.min(block.entries < WARM_ENTRIES ? Math.max(block.length, cache.coldStretch) : block.length, budget - done));
    } finally { cpu.guardBreakpointPages = false; }
    const ran = retired(r) - first;
    done += Math.max(1, ran); untilPoll -= ran;
    pageLo = 1;
    if (exit === BREAKPOINT_PAGE) continue;
    if (exit === TRACE_MODE && guard) { if (cpu.traceActive) return TRACE_MODE; continue; }
    if (exit !== Exit.Budget) return exit;
  }
  countRetired(r, n);
  return Exit.Budget;
}
