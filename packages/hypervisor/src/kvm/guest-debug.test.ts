import { describe, it, expect } from '@jest/globals';
import {
  encodeGuestDebug, decodeGuestDebug, encodeDebugExitArch, decodeDebugExitArch, KvmAbiError,
  GUEST_DEBUG_SIZE, GUEST_DEBUG_ARCH_SIZE, GUEST_DEBUG_ARCH_OFFSET, GUEST_DEBUG_BP_SIZE, GUEST_DEBUG_MAX_BREAKPOINTS,
  DEBUG_EXIT_ARCH_SIZE, guestDebugBreakpointOffset, type GuestDebugBreakpoint,
} from './guest-debug.js';
import {
  KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_SW_BP, KVM_GUESTDBG_USE_HW_BP,
  KVMPPC_DEBUG_NONE, KVMPPC_DEBUG_BREAKPOINT, KVMPPC_DEBUG_WATCH_WRITE, KVMPPC_DEBUG_WATCH_READ,
} from './constants.js';

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const zeros = (n: number): string => '00'.repeat(n);

describe('struct kvm_guest_debug (hvstep powerpc layout: 128 x {u64 addr; u32 type; u32 pad1; u64 pad2})', () => {
  it('has the sizes of the C structure', () => {
    expect(GUEST_DEBUG_BP_SIZE).toBe(24);
    expect(GUEST_DEBUG_ARCH_SIZE).toBe(3072);
    expect(GUEST_DEBUG_ARCH_OFFSET).toBe(8);
    expect(GUEST_DEBUG_SIZE).toBe(3080);
    expect(GUEST_DEBUG_SIZE % 8).toBe(0); // the u64 members give the struct 8-byte alignment: no tail padding
    expect(guestDebugBreakpointOffset(1)).toBe(32);
    expect(guestDebugBreakpointOffset(127)).toBe(3056);
  });

  it('encodes two breakpoints byte for byte, little-endian', () => {
    const control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP | KVM_GUESTDBG_USE_HW_BP; // 0x00030001
    const bytes = encodeGuestDebug(control, [
      { addr: 0xc000000000004d00n, type: KVMPPC_DEBUG_BREAKPOINT },
      { addr: 0x0000000012345678n, type: KVMPPC_DEBUG_WATCH_WRITE | KVMPPC_DEBUG_WATCH_READ },
    ]);
    expect(bytes.length).toBe(3080);
    // offset 0: control, offset 4: pad
    expect(hexOf(bytes.subarray(0, 8))).toBe('01000300' + '00000000');
    // offset 8: bp[0] = addr 0xc000000000004d00, type 2, pad1 0, pad2 0
    expect(hexOf(bytes.subarray(8, 8 + 24))).toBe('004d0000000000c0' + '02000000' + '00000000' + zeros(8));
    // offset 8+24: bp[1] = addr 0x12345678, type 0xc
    expect(hexOf(bytes.subarray(8 + 24, 8 + 48))).toBe('7856341200000000' + '0c000000' + '00000000' + zeros(8));
    // every other slot is NONE at address 0
    expect(hexOf(bytes.subarray(8 + 48))).toBe(zeros(3080 - 56));
  });

  it('round-trips: decode(encode(x)) = x', () => {
    const cases: Array<[number, GuestDebugBreakpoint[]]> = [
      [0, []],
      [KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP, []],
      [KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP, [
        { addr: 0n, type: KVMPPC_DEBUG_BREAKPOINT },
        { addr: 0xffffffffffffffffn, type: KVMPPC_DEBUG_WATCH_READ },
        { addr: 0x18d00n, type: KVMPPC_DEBUG_WATCH_WRITE },
      ]],
      [KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP,
        Array.from({ length: 128 }, (_, i) => ({ addr: 0xc000000000000000n + BigInt(i) * 4n, type: KVMPPC_DEBUG_BREAKPOINT }))],
    ];
    for (const [control, breakpoints] of cases) {
      expect(decodeGuestDebug(encodeGuestDebug(control, breakpoints))).toEqual({ control, breakpoints });
    }
  });

  it('decodes from a view into a larger buffer (byteOffset honoured)', () => {
    const inner = encodeGuestDebug(KVM_GUESTDBG_ENABLE, [{ addr: 0x700n, type: KVMPPC_DEBUG_BREAKPOINT }]);
    const outer = new Uint8Array(16 + GUEST_DEBUG_SIZE).fill(0xee);
    outer.set(inner, 16);
    expect(decodeGuestDebug(outer.subarray(16))).toEqual({
      control: KVM_GUESTDBG_ENABLE, breakpoints: [{ addr: 0x700n, type: KVMPPC_DEBUG_BREAKPOINT }],
    });
  });

  it('skips NONE slots wherever they are, ignoring their address', () => {
    const bytes = new Uint8Array(GUEST_DEBUG_SIZE);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP, true);
    view.setBigUint64(guestDebugBreakpointOffset(0), 0xdeadn, true);            // NONE with an address: ignored
    view.setBigUint64(guestDebugBreakpointOffset(5), 0x1000n, true);
    view.setUint32(guestDebugBreakpointOffset(5) + 8, KVMPPC_DEBUG_BREAKPOINT, true);
    view.setBigUint64(guestDebugBreakpointOffset(127), 0x2000n, true);
    view.setUint32(guestDebugBreakpointOffset(127) + 8, KVMPPC_DEBUG_WATCH_READ, true);
    expect(decodeGuestDebug(bytes).breakpoints).toEqual([
      { addr: 0x1000n, type: KVMPPC_DEBUG_BREAKPOINT },
      { addr: 0x2000n, type: KVMPPC_DEBUG_WATCH_READ },
    ]);
  });

  describe('rejects bad input', () => {
    const good = (): Uint8Array => encodeGuestDebug(KVM_GUESTDBG_ENABLE, [{ addr: 0x100n, type: KVMPPC_DEBUG_BREAKPOINT }]);

    it('wrong length', () => {
      expect(() => decodeGuestDebug(new Uint8Array(3079))).toThrow(KvmAbiError);
      expect(() => decodeGuestDebug(new Uint8Array(3081))).toThrow(/expected 3080 bytes, got 3081/);
      // Linux's 16-entry layout (264 bytes) is not hvstep's
      expect(() => decodeGuestDebug(new Uint8Array(8 + 16 * 16))).toThrow(/expected 3080 bytes, got 264/);
    });

    it('non-zero padding: the header pad, pad1 and pad2 of any entry, used or not', () => {
      const at = (bytes: Uint8Array, offset: number): Uint8Array => { bytes[offset] = 1; return bytes; };
      expect(() => decodeGuestDebug(at(good(), 4))).toThrow(/pad \(offset 4\) must be 0, got 0x1/);
      expect(() => decodeGuestDebug(at(good(), 7))).toThrow(/pad \(offset 4\) must be 0, got 0x1000000/);
      expect(() => decodeGuestDebug(at(good(), 8 + 12))).toThrow(/bp\[0\]\.pad1 \(offset 20\) must be 0/);
      expect(() => decodeGuestDebug(at(good(), 8 + 23))).toThrow(/bp\[0\]\.pad2 \(offset 24\) must be 0/);
      expect(() => decodeGuestDebug(at(good(), guestDebugBreakpointOffset(127) + 16))).toThrow(/bp\[127\]\.pad2/);
      try {
        decodeGuestDebug(at(good(), 8 + 12));
        throw new Error('not rejected');
      } catch (e) {
        expect(e).toBeInstanceOf(KvmAbiError);
        expect(e).toBeInstanceOf(RangeError);
        expect((e as KvmAbiError).offset).toBe(20);
        expect((e as KvmAbiError).struct).toBe('kvm_guest_debug');
      }
    });

    it('unknown type bits', () => {
      for (const type of [1, KVMPPC_DEBUG_BREAKPOINT | KVMPPC_DEBUG_WATCH_READ, 0x10, 0x80000000]) {
        const bytes = good();
        new DataView(bytes.buffer).setUint32(8 + 8, type >>> 0, true);
        expect(() => decodeGuestDebug(bytes)).toThrow(/bp\[0\]\.type 0x[0-9a-f]+ is not a breakpoint type/);
        expect(() => encodeGuestDebug(0, [{ addr: 0n, type }])).toThrow(RangeError);
      }
      expect(() => encodeGuestDebug(0, [{ addr: 0n, type: KVMPPC_DEBUG_NONE }])).toThrow(/not a breakpoint type/);
    });

    it('unknown control bits', () => {
      const bytes = good();
      new DataView(bytes.buffer).setUint32(0, KVM_GUESTDBG_ENABLE | 0x4, true);
      expect(() => decodeGuestDebug(bytes)).toThrow(/unknown bits 0x4/);
      expect(() => encodeGuestDebug(0x80000000, [])).toThrow(/unknown bits 0x80000000/);
      expect(() => encodeGuestDebug(-1, [])).toThrow(RangeError);
      expect(() => encodeGuestDebug(1.5, [])).toThrow(RangeError);
    });

    it('more than 128 entries', () => {
      const bps = Array.from({ length: GUEST_DEBUG_MAX_BREAKPOINTS + 1 }, () => ({ addr: 0n, type: KVMPPC_DEBUG_BREAKPOINT }));
      expect(() => encodeGuestDebug(KVM_GUESTDBG_ENABLE, bps)).toThrow(/129 breakpoints, at most 128 fit/);
    });

    it('addresses outside u64', () => {
      expect(() => encodeGuestDebug(0, [{ addr: -1n, type: KVMPPC_DEBUG_BREAKPOINT }])).toThrow(RangeError);
      expect(() => encodeGuestDebug(0, [{ addr: 1n << 64n, type: KVMPPC_DEBUG_BREAKPOINT }])).toThrow(/outside u64/);
      expect(() => encodeGuestDebug(0, [{ addr: 5 as unknown as bigint, type: KVMPPC_DEBUG_BREAKPOINT }])).toThrow(TypeError);
    });
  });
});

describe('struct kvm_debug_exit_arch (hvstep: {u32 exception; u32 status; u64 pc; u64 address})', () => {
  it('is 24 bytes, laid out field by field', () => {
    expect(DEBUG_EXIT_ARCH_SIZE).toBe(24);
    const bytes = encodeDebugExitArch({
      exception: 0xe40, status: KVMPPC_DEBUG_NONE, pc: 0xc000000000004d00n, address: 0xc000000000004d00n,
    });
    expect(hexOf(bytes)).toBe('400e0000' + '00000000' + '004d0000000000c0' + '004d0000000000c0');
  });

  it('carries a watchpoint hit: the PC of the access and the data address', () => {
    const exit = { exception: 0x300, status: KVMPPC_DEBUG_WATCH_WRITE, pc: 0xc000000000123456n, address: 0xc00000000badf00dn };
    const bytes = encodeDebugExitArch(exit);
    expect(hexOf(bytes)).toBe('00030000' + '04000000' + '563412000000' + '00c0' + '0df0ad0b000000c0');
    expect(decodeDebugExitArch(bytes)).toEqual(exit);
  });

  it('round-trips every status and extreme values', () => {
    for (const status of [0, 2, 4, 8, 12]) {
      const exit = { exception: 0xffffffff, status, pc: 0xffffffffffffffffn, address: 0n };
      expect(decodeDebugExitArch(encodeDebugExitArch(exit))).toEqual(exit);
    }
  });

  it('rejects bad input', () => {
    expect(() => decodeDebugExitArch(new Uint8Array(16))).toThrow(/expected 24 bytes, got 16/); // Linux's layout
    const bad = new Uint8Array(24);
    bad[4] = 1;
    expect(() => decodeDebugExitArch(bad)).toThrow(KvmAbiError);
    const base = { exception: 0xd00, status: 0, pc: 0n, address: 0n };
    expect(() => encodeDebugExitArch({ ...base, status: 6 })).toThrow(RangeError);
    expect(() => encodeDebugExitArch({ ...base, exception: 0x100000000 })).toThrow(RangeError);
    expect(() => encodeDebugExitArch({ ...base, pc: 1n << 64n })).toThrow(/pc .* outside u64/);
    expect(() => encodeDebugExitArch({ ...base, address: -1n })).toThrow(/address .* outside u64/);
  });
});
