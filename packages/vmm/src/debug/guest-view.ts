import { RadixTranslation, MSR_DR, MSR_IR, W_MSR, sprWord, SPR_PID, type GuestMemory } from '@hvstep/emulator-core';
import type { Vm, Vcpu } from '@hvstep/hypervisor';

/**
 * Real addresses of 4 KiB pages (-1: does not translate) by EA page number, for a batch
 * of translations in one stopped vCPU's unchanged context: an emulated step translates a
 * dozen interrupt handlers that share one page.
 */
export type TranslationMemo = Map<bigint, number>;

/**
 * The debugger's view of guest memory: effective addresses translated in a stopped
 * vCPU's current context (MSR[DR], PID, the partition's process table), without any
 * side effect on the guest — radix walks go through `peek`, which sets no R/C bit.
 */
export class GuestView {
  private readonly radix: RadixTranslation;

  constructor(private readonly vm: Vm) {
    this.radix = new RadixTranslation(vm.memory);
  }

  get memory(): GuestMemory { return this.vm.memory; }

  /** Real address of data EA for the vCPU (MSR[DR]), or undefined when it does not translate. */
  realAddress(vcpu: Vcpu, ea: bigint): number | undefined {
    return this.realAddressFor(vcpu, ea, (vcpu.state.w[W_MSR]! & MSR_DR) !== 0);
  }

  /** Real address of an instruction EA for the vCPU (MSR[IR]): where a breakpoint goes. */
  instructionAddress(vcpu: Vcpu, ea: bigint): number | undefined {
    return this.realAddressFor(vcpu, ea, (vcpu.state.w[W_MSR]! & MSR_IR) !== 0);
  }

  /**
   * Real address of EA in the vCPU's address space with translation on or off (as an
   * interrupt handler or an rfid target will fetch it), or undefined.
   */
  realAddressFor(vcpu: Vcpu, ea: bigint, relocate: boolean, memo?: TranslationMemo): number | undefined {
    let real: bigint;
    if (!relocate) {
      real = ea & 0x0fffffffffffffffn; // real mode ignores EA bits 0:3
    } else if (memo) {
      // one walk per 4 KiB page (the smallest radix page) while the vCPU stays stopped
      const page = ea >> 12n;
      let base = memo.get(page);
      if (base === undefined) {
        const pa = this.realAddressFor(vcpu, ea & ~0xfffn, true);
        base = pa === undefined ? -1 : pa;
        memo.set(page, base);
      }
      if (base < 0) return undefined;
      real = BigInt(base) + (ea & 0xfffn);
    } else {
      const table = this.vm.partition.processTable;
      if (!table) return undefined;
      this.radix.setProcessTable(table.base, table.sizeLog2);
      const pid = vcpu.state.w[sprWord(SPR_PID)]!;
      const hi = Number((ea >> 32n) & 0xffffffffn) | 0, lo = Number(ea & 0xffffffffn) | 0;
      const pa = this.radix.peek(hi, lo, pid);
      return pa >= 0 && pa < this.vm.memory.size ? pa : undefined;
    }
    return real >= 0n && real < BigInt(this.vm.memory.size) ? Number(real) : undefined;
  }

  /**
   * The real address of byte `offset` (0..0xfff) of the 4 KiB EA page `page` (EA >> 12),
   * translated with MSR[IR/DR]=1 through `memo` (one walk per page while the vCPU stays
   * stopped), or -1: realAddressFor for the stepper's cached handler breakpoints, without
   * BigInt arithmetic per breakpoint.
   */
  pageAddress(vcpu: Vcpu, page: bigint, offset: number, memo: TranslationMemo): number {
    let base = memo.get(page);
    if (base === undefined) {
      const pa = this.realAddressFor(vcpu, page << 12n, true);
      base = pa === undefined ? -1 : pa;
      memo.set(page, base);
    }
    return base < 0 || base + offset >= this.vm.memory.size ? -1 : base + offset;
  }

  /**
   * Walks [ea, ea+length) in pieces that do not cross a 4 KiB boundary (the smallest
   * radix page), translating once per piece: fn(realAddress, offset, length). Stops at
   * the first piece that does not translate; returns the number of bytes covered.
   */
  private walk(vcpu: Vcpu, ea: bigint, length: number, fn: (pa: number, offset: number, length: number) => void): number {
    let done = 0;
    while (done < length) {
      const at = ea + BigInt(done);
      const inPage = 4096 - Number(at & 0xfffn);
      const piece = Math.min(inPage, length - done);
      const pa = this.realAddress(vcpu, at);
      if (pa === undefined || pa + piece > this.vm.memory.size) break;
      fn(pa, done, piece);
      done += piece;
    }
    return done;
  }

  /** Reads up to `length` bytes (fewer if a page does not translate); `patch` may replace bytes by real address. */
  read(vcpu: Vcpu, ea: bigint, length: number, patch?: (pa: number) => number | undefined): Uint8Array {
    const out = new Uint8Array(length);
    const got = this.walk(vcpu, ea, length, (pa, offset, n) => {
      out.set(this.vm.memory.u8.subarray(pa, pa + n), offset);
      if (patch) for (let i = 0; i < n; i++) { const b = patch(pa + i); if (b !== undefined) out[offset + i] = b; }
    });
    return out.subarray(0, got);
  }

  /** Writes all of `data` or nothing; `under(pa, byte)` may take a byte instead of memory (a planted breakpoint). */
  write(vcpu: Vcpu, ea: bigint, data: Uint8Array, under?: (pa: number, byte: number) => boolean): boolean {
    const pieces: [number, number, number][] = [];
    if (this.walk(vcpu, ea, data.length, (pa, offset, n) => pieces.push([pa, offset, n])) !== data.length) return false;
    for (const [pa, offset, n] of pieces) {
      for (let i = 0; i < n; i++) if (!under?.(pa + i, data[offset + i]!)) this.vm.memory.u8[pa + i] = data[offset + i]!;
    }
    return true;
  }
}
