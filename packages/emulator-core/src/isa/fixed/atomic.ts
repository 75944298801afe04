import type { Cpu } from '../../cpu/cpu.js';
import { Exit } from '../../cpu/exit.js';
import { Flow, type InstructionDef } from '../../decode/instruction.js';
import { ACCESS_READ } from '../../mmu/translation.js';
import { alignmentInterrupt } from '../../cpu/interrupts.js';
import {
  W_CR, W_XER, XER_SO, W_RESERVE_VALID, W_RESERVE_ADDR, W_RESERVE_SIZE, W_RESERVE_VALUE,
} from '../../state/layout.js';
import { fRT, fRA, fRB } from '../fields.js';
import { lo, hi, setGpr, ea, eaX } from '../registers.js';

/*
 * Load and reserve / store conditional, Book II 4.4.2. The reservation is the
 * effective address and the value loaded (zero-extended), kept in the shared
 * register file. A store conditional at the reserved address compares memory, at the store's
 * size, with the reserved value truncated to that size and stores only if they are
 * equal; it reports success (CR0[EQ]) only if the old memory value, zero-extended,
 * equals the whole reserved value. For matching sizes — what real code does — that
 * is the ordinary semantics; for mismatched sizes it is what QEMU 7.2 does
 * (gen_conditional_store: a cmpxchg of the store's size, then a full-width compare
 * of the returned value), verified by running ldarx+stwcx. and lharx+stbcx. under
 * qemu-ppc64le: the store happens, CR0[EQ] stays 0. For words the compare-and-store
 * is one Atomics.compareExchange on guest RAM, so vCPUs on other threads race
 * correctly; halfwords and bytes compare-and-swap their containing word, and
 * doublewords use a 64-bit Atomics.compareExchange.
 */

function misaligned(c: Cpu, w: number, size: number): boolean {
  if ((ea.lo & (size - 1)) === 0) return false;
  c.exitWord = w;
  if (c.systemMode) { alignmentInterrupt(c, ea.hi, ea.lo); return true; }
  c.exitAddressHi = ea.hi; c.exitAddressLo = ea.lo;
  c.pendingExit = Exit.Alignment;
  return true;
}

function loadAndReserve(size: number) {
  return (c: Cpu, w: number): number => {
    eaX(c, fRA(w), fRB(w));
    if (misaligned(c, w, size)) return c.systemMode ? Flow.Jump : Flow.Exit;
    const pa = c.translate(ea.hi, ea.lo, size, ACCESS_READ);
    const le = c.littleEndian;
    let h = 0, l: number;
    switch (size) {
      case 1: l = c.u8[pa]!; break;
      case 2: l = c.view.getUint16(pa, le); break;
      case 4: l = c.view.getInt32(pa, le); break;
      default: l = c.load64(ea.hi, ea.lo, le); h = c.loadedHi;
    }
    setGpr(c, fRT(w), h, l);
    const r = c.r;
    r[W_RESERVE_ADDR] = ea.lo; r[W_RESERVE_ADDR + 1] = ea.hi;
    r[W_RESERVE_SIZE] = size;
    r[W_RESERVE_VALUE] = l; r[W_RESERVE_VALUE + 1] = h;
    r[W_RESERVE_VALID] = 1;
    return Flow.Next;
  };
}

function storeConditional(size: number) {
  return (c: Cpu, w: number): number => {
    eaX(c, fRA(w), fRB(w));
    const r = c.r;
    // QEMU compares the effective address with the reservation before touching
    // memory: without a matching reservation the store fails with no access at
    // all, so no alignment or storage interrupt either
    const reserved = r[W_RESERVE_VALID] === 1 && r[W_RESERVE_ADDR] === ea.lo && r[W_RESERVE_ADDR + 1] === ea.hi;
    if (!reserved) r[W_RESERVE_VALID] = 0;
    if (reserved && misaligned(c, w, size)) { r[W_RESERVE_VALID] = 0; return c.systemMode ? Flow.Jump : Flow.Exit; }
    // the reservation goes only once the store is sure to be attempted: a hypervisor
    // watchpoint stops before the access (the instruction runs again on resume, and
    // must still find its reservation, or a debugger's `watch` livelocks the loop);
    // a storage interrupt clears it anyway when it is delivered
    const pa = reserved ? c.probeWrite(ea.hi, ea.lo, size) : 0;
    r[W_RESERVE_VALID] = 0;
    let ok = false;
    if (reserved) {
      const rs = fRT(w), le = c.littleEndian;
      const expected = r[W_RESERVE_VALUE]!, expectedHi = r[W_RESERVE_VALUE + 1]!;
      let old: number, oldHi = 0;
      switch (size) {
        case 1: case 2: {
          // compare-and-swap the aligned word that holds the byte/halfword, retried while
          // other bytes of that word change under us: atomic against every other vCPU
          const words = c.memory.i32, index = pa >> 2;
          const mask = size === 1 ? 0xff : 0xffff;
          const want = expected & mask;
          let value = lo(c, rs) & mask;
          if (size === 2 && !le) value = ((value & 0xff) << 8) | (value >>> 8);
          const wantStored = size === 2 && !le ? ((want & 0xff) << 8) | (want >>> 8) : want;
          for (;;) {
            const word = Atomics.load(words, index);
            // the host word is little-endian: the unit sits at the byte offset in memory order
            const memShift = (pa & 3) * 8;
            const unit = (word >>> memShift) & mask;
            old = size === 2 && !le ? ((unit & 0xff) << 8) | (unit >>> 8) : unit;
            if (unit !== wantStored) break;
            const next = (word & ~(mask << memShift)) | (value << memShift);
            if (Atomics.compareExchange(words, index, word, next) === word) break;
          }
          break;
        }
        case 4: {
          // Int32Array atomics use host (little-endian) order: swap for a big-endian guest
          const words = c.memory.i32;
          const want = le ? expected : bswap32(expected);
          const value = le ? lo(c, rs) : bswap32(lo(c, rs));
          const seen = Atomics.compareExchange(words, pa >> 2, want, value);
          old = le ? seen : bswap32(seen);
          break;
        }
        default: {
          // a 64-bit compare-and-swap needs BigInt64Array atomics: this cold handler pays
          // for one BigInt so that ldarx/stdcx. is atomic across vCPU threads
          const doublewords = c.memory.i64;
          const want = pairToBig(le ? expected : bswap32(expectedHi), le ? expectedHi : bswap32(expected));
          const value = pairToBig(le ? lo(c, rs) : bswap32(hi(c, rs)), le ? hi(c, rs) : bswap32(lo(c, rs)));
          const seen = Atomics.compareExchange(doublewords, pa >> 3, want, value);
          const seenLo = Number(seen & 0xffffffffn) | 0, seenHi = Number((seen >> 32n) & 0xffffffffn) | 0;
          old = le ? seenLo : bswap32(seenHi);
          oldHi = le ? seenHi : bswap32(seenLo);
        }
      }
      ok = (old | 0) === (expected | 0) && oldHi === expectedHi;
    }
    // CR0 = 0b00 || success || XER[SO]
    r[W_CR] = (r[W_CR]! & 0x0fffffff) | ((ok ? 2 : 0) << 28) | ((r[W_XER]! & XER_SO) >>> 3);
    return Flow.Next;
  };
}

/** A little-endian doubleword (host order) from its two words, as a BigInt64Array element. */
function pairToBig(lowWord: number, highWord: number): bigint {
  return BigInt.asIntN(64, (BigInt(highWord >>> 0) << 32n) | BigInt(lowWord >>> 0));
}

function bswap32(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

const X = (mnemonic: string, xo: number, exec: (c: Cpu, w: number) => number): InstructionDef =>
  ({ mnemonic, form: 'X', primary: 31, xo, exec });

export const atomicDefs: InstructionDef[] = [
  X('lbarx', 52, loadAndReserve(1)),
  X('lharx', 116, loadAndReserve(2)),
  X('lwarx', 20, loadAndReserve(4)),
  X('ldarx', 84, loadAndReserve(8)),
  X('stbcx.', 694, storeConditional(1)),
  X('sthcx.', 726, storeConditional(2)),
  X('stwcx.', 150, storeConditional(4)),
  X('stdcx.', 214, storeConditional(8)),
];
