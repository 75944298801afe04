import { ACCESS_READ, ACCESS_WRITE, PAGE_SHIFT } from '@hvstep/emulator-core';
import type { AddressSpace } from './address-space.js';

/**
 * Kernel-side access to user memory (copy_from_user / copy_to_user): every range is
 * checked against the page protections first, and a bad pointer yields null/false
 * so that the syscall returns EFAULT instead of faulting the emulator. Multi-byte
 * values use the guest's byte order. Guest addresses are identity-mapped onto RAM.
 */
export class GuestAccess {
  readonly u8: Uint8Array;
  readonly view: DataView;

  constructor(readonly space: AddressSpace, public littleEndian: boolean) {
    this.u8 = space.memory.u8;
    this.view = space.memory.view;
  }

  /** The host offset of [addr, addr+len) when every page grants `access`, else -1. */
  check(addr: bigint | number, len: number, access: number): number {
    if (typeof addr === 'bigint') {
      if (addr < 0n || addr >= 0x100000000n) return -1;
      addr = Number(addr);
    }
    if (!this.space.inRam(addr, len)) return -1;
    if (len === 0) return addr;
    const prot = this.space.pageMap.protection;
    const last = (addr + len - 1) >>> PAGE_SHIFT;
    for (let p = addr >>> PAGE_SHIFT; p <= last; p++) if ((prot[p]! & access) !== access) return -1;
    return addr;
  }

  /** A copy of guest bytes, or null (EFAULT). */
  read(addr: bigint | number, len: number): Uint8Array | null {
    const at = this.check(addr, len, ACCESS_READ);
    return at < 0 ? null : this.u8.slice(at, at + len);
  }

  write(addr: bigint | number, bytes: Uint8Array): boolean {
    const at = this.check(addr, bytes.length, ACCESS_WRITE);
    if (at < 0) return false;
    this.u8.set(bytes, at);
    return true;
  }

  /** A NUL-terminated string (UTF-8), or null when unreadable or longer than `max`. */
  readCString(addr: bigint | number, max = 4096): string | null {
    if (typeof addr === 'bigint') {
      if (addr <= 0n || addr >= 0x100000000n) return null;
      addr = Number(addr);
    }
    for (let i = 0; i < max; i++) {
      if (this.check(addr + i, 1, ACCESS_READ) < 0) return null;
      if (this.u8[addr + i] === 0) return new TextDecoder().decode(this.u8.slice(addr, addr + i));
    }
    return null;
  }

  readU32(addr: bigint | number): number | null {
    const at = this.check(addr, 4, ACCESS_READ);
    return at < 0 ? null : this.view.getUint32(at, this.littleEndian);
  }

  readU64(addr: bigint | number): bigint | null {
    const at = this.check(addr, 8, ACCESS_READ);
    return at < 0 ? null : this.view.getBigUint64(at, this.littleEndian);
  }

  writeU32(addr: bigint | number, v: number): boolean {
    const at = this.check(addr, 4, ACCESS_WRITE);
    if (at < 0) return false;
    this.view.setUint32(at, v >>> 0, this.littleEndian);
    return true;
  }

  writeU64(addr: bigint | number, v: bigint | number): boolean {
    const at = this.check(addr, 8, ACCESS_WRITE);
    if (at < 0) return false;
    this.view.setBigUint64(at, BigInt.asUintN(64, BigInt(v)), this.littleEndian);
    return true;
  }
}

/**
 * Builds a guest structure in a byte buffer in the guest's byte order (for stat,
 * timespec, utsname...), written to guest memory in one checked copy.
 */
export class StructWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  constructor(size: number, private readonly le: boolean) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u16(at: number, v: number): this { this.view.setUint16(at, v, this.le); return this; }
  u32(at: number, v: number): this { this.view.setUint32(at, v >>> 0, this.le); return this; }
  i32(at: number, v: number): this { this.view.setInt32(at, v | 0, this.le); return this; }
  u64(at: number, v: bigint | number): this {
    this.view.setBigUint64(at, BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(v))), this.le);
    return this;
  }
  /** A NUL-padded string field of `size` bytes (truncated to size-1). */
  str(at: number, s: string, size: number): this {
    const b = new TextEncoder().encode(s).subarray(0, size - 1);
    this.bytes.set(b, at);
    return this;
  }
}
