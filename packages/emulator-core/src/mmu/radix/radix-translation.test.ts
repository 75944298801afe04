import { describe, it, expect } from '@jest/globals';
import { GuestMemory } from '../../memory/guest-memory.js';
import { ACCESS_EXECUTE, ACCESS_READ, ACCESS_WRITE, type Translation } from '../translation.js';
import { RadixTranslation, type RcMode } from './radix-translation.js';
import {
  RadixTableBuilder, halves, type RadixGeometry,
  V, L, EXEC, WRITE, READ, PRIV, ATT_GUARDED, ATT_TOLERANT, C, R, KiB, MiB, GiB,
} from './test-support.js';

const RAM = 16 * MiB;
const PRTB = 0x10000; // process table: 4 KiB, 256 entries
const USER_PID = 5;
const OTHER_PID = 9;

function setup(geometry: RadixGeometry, options: { rcMode?: RcMode } = {}) {
  const memory = new GuestMemory(RAM);
  const b = new RadixTableBuilder(memory, geometry, 8 * MiB, RAM);
  const kernelRoot = b.newRoot();
  const userRoot = b.newRoot();
  const otherRoot = b.newRoot();
  b.setProcessEntry(PRTB, 0, kernelRoot);
  b.setProcessEntry(PRTB, USER_PID, userRoot);
  b.setProcessEntry(PRTB, OTHER_PID, otherRoot);
  const mmu = new RadixTranslation(memory, options);
  mmu.setProcessTable(PRTB, 12);
  /** translatePage on a BigInt EA. */
  const tr = (ea: bigint, access: number, problemState = false, pid = USER_PID): number =>
    mmu.translatePage(...halves(ea), access, problemState, pid);
  const pte = (address: number): bigint => memory.read64Big(address, false);
  return { memory, b, mmu, tr, pte, kernelRoot, userRoot, otherRoot };
}

const USER_RWX = READ | WRITE | EXEC;
const f = (mmu: RadixTranslation) => ({
  kind: mmu.fault.kind, dsisr: mmu.fault.dsisr, srr1Bits: mmu.fault.srr1Bits, segment: mmu.fault.segment,
});
const dsi = (dsisr: number) => ({ kind: 'dsi', dsisr, srr1Bits: 0, segment: false });
const isi = (srr1Bits: number) => ({ kind: 'isi', dsisr: 0, srr1Bits, segment: false });

describe('radix translation: page sizes', () => {
  it('4K geometry: a 4 KiB page in quadrant 0 with a user PID', () => {
    const { b, tr, userRoot } = setup('4k');
    b.map(userRoot, 0x0000_1234_5678_9000n, 0x10_0000, 4 * KiB, USER_RWX);
    expect(tr(0x0000_1234_5678_9abcn, ACCESS_READ)).toBe(0x10_0000);
    expect(tr(0x0000_1234_5678_9ffcn, ACCESS_WRITE)).toBe(0x10_0000);
    expect(tr(0x0000_1234_5678_9000n, ACCESS_EXECUTE)).toBe(0x10_0000);
  });

  it('4K geometry: a 2 MiB page at the PMD level keeps EA bits 12:20 as the offset', () => {
    const { b, tr, userRoot } = setup('4k');
    const leaf = b.map(userRoot, 0x4060_0000n, 0x40_0000, 2 * MiB, USER_RWX);
    expect(leaf).toBe(b.entryAddress(userRoot, 0x4060_0000n, 2));
    expect(tr(0x4061_2345n, ACCESS_READ)).toBe(0x41_2000);
    expect(tr(0x407f_ffffn, ACCESS_READ)).toBe(0x5f_f000);
    expect(tr(0x4060_0000n, ACCESS_READ)).toBe(0x40_0000);
  });

  it('4K geometry: a 1 GiB page at the PUD level', () => {
    const { b, tr, userRoot } = setup('4k');
    b.map(userRoot, 0x1_4000_0000n, 0, GiB, USER_RWX);
    expect(tr(0x1_4012_3456n, ACCESS_READ)).toBe(0x12_3000);
    expect(tr(0x1_40ff_f000n, ACCESS_WRITE)).toBe(0xff_f000);
  });

  it('64K geometry: a 64 KiB page at the PTE level keeps EA bits 12:15', () => {
    const { b, tr, userRoot } = setup('64k');
    const leaf = b.map(userRoot, 0x1001_0000n, 0x20_0000, 64 * KiB, USER_RWX);
    expect(leaf).toBe(b.entryAddress(userRoot, 0x1001_0000n, 3));
    expect(tr(0x1001_5abcn, ACCESS_READ)).toBe(0x20_5000);
    expect(tr(0x1001_0000n, ACCESS_READ)).toBe(0x20_0000);
    expect(tr(0x1001_f000n, ACCESS_READ)).toBe(0x20_f000);
    // the next 64K page is not mapped
    expect(tr(0x1002_0000n, ACCESS_READ)).toBe(-1);
  });

  it('64K geometry: 2 MiB and 1 GiB pages', () => {
    const { b, tr, userRoot } = setup('64k');
    b.map(userRoot, 0x7fe0_0000n, 0x60_0000, 2 * MiB, USER_RWX);
    b.map(userRoot, 0x2_0000_0000n, 0, GiB, USER_RWX);
    expect(tr(0x7fe1_2345n, ACCESS_READ)).toBe(0x61_2000);
    expect(tr(0x2_00ab_c123n, ACCESS_READ)).toBe(0xab_c000);
  });

  it('4K geometry rejects 64K pages and the reverse (builder check)', () => {
    expect(() => setup('4k').b.map(0, 0n, 0, 64 * KiB, READ)).toThrow(RangeError);
    expect(() => setup('64k').b.map(0, 0n, 0, 4 * KiB, READ)).toThrow(RangeError);
  });
});

describe('radix translation: peek (the debugger\'s translation)', () => {
  it('gives describe\'s real address for every page size, -1 where describe has none, and touches no R/C bit', () => {
    const { b, mmu, pte, userRoot } = setup('4k');
    const leaf4k = b.map(userRoot, 0x0000_1234_5678_9000n, 0x10_0000, 4 * KiB, USER_RWX);
    b.map(userRoot, 0x4060_0000n, 0x40_0000, 2 * MiB, USER_RWX);
    b.map(userRoot, 0x1_4000_0000n, 0, GiB, USER_RWX);
    const before = pte(leaf4k);
    for (const ea of [0x0000_1234_5678_9abcn, 0x4061_2345n, 0x407f_ffffn, 0x1_4012_3456n, 0x1_40ff_f001n, 0x9999_0000n, 0x4000_0000_0000_0000n]) {
      const d = mmu.describe(...halves(ea), USER_PID);
      expect(mmu.peek(...halves(ea), USER_PID)).toBe(d.status === 'ok' ? d.realAddress : -1);
    }
    expect(mmu.peek(...halves(0x0000_1234_5678_9abcn), USER_PID)).toBe(0x10_0abc);
    expect(pte(leaf4k)).toBe(before);
  });
});

describe('radix translation: quadrants and PIDs', () => {
  it('quadrant 0 uses the PID given, quadrant 3 always uses PID 0', () => {
    const { b, tr, kernelRoot, userRoot, otherRoot } = setup('4k');
    b.map(userRoot, 0x3000n, 0x10_0000, 4 * KiB, USER_RWX);
    b.map(otherRoot, 0x3000n, 0x10_1000, 4 * KiB, USER_RWX);
    b.map(kernelRoot, 0xc000_0000_0000_3000n, 0x10_2000, 4 * KiB, PRIV | READ | WRITE | EXEC);
    expect(tr(0x3000n, ACCESS_READ, true, USER_PID)).toBe(0x10_0000);
    expect(tr(0x3000n, ACCESS_READ, true, OTHER_PID)).toBe(0x10_1000);
    // quadrant 3, whatever PIDR holds
    expect(tr(0xc000_0000_0000_3000n, ACCESS_READ, false, USER_PID)).toBe(0x10_2000);
    expect(tr(0xc000_0000_0000_3000n, ACCESS_EXECUTE, false, OTHER_PID)).toBe(0x10_2000);
    // with PIDR = 0, quadrant 0 walks the kernel's tree too, whose index bits ignore
    // the quadrant: 0x3000 aliases 0xc000000000003000 (why Linux gives kernel
    // contexts a zero entry at a PID other than 0)
    expect(tr(0x3000n, ACCESS_READ, false, 0)).toBe(0x10_2000);
  });

  it('quadrant 3 of the kernel: the linear map shape (0xc000...)', () => {
    const { b, tr, kernelRoot } = setup('4k');
    b.map(kernelRoot, 0xc000_0000_0000_0000n, 0, GiB, PRIV | READ | WRITE | EXEC | R | C);
    expect(tr(0xc000_0000_00ab_cdefn, ACCESS_WRITE)).toBe(0xab_c000);
    expect(tr(0xc000_0000_00ab_cdefn, ACCESS_READ, true)).toBe(-1); // problem state
  });

  it('EA bits 2:11 non-zero: segment interrupt, reported as no-translation DSI/ISI', () => {
    const { mmu, tr } = setup('4k');
    for (const ea of [0x0010_0000_0000_0000n, 0x2000_0000_0000_0000n, 0xc010_0000_0000_0000n]) {
      expect(tr(ea, ACCESS_READ)).toBe(-1);
      expect(f(mmu)).toEqual({ kind: 'dsi', dsisr: 0x40000000, srr1Bits: 0, segment: true });
      expect([mmu.fault.eaHi >>> 0, mmu.fault.eaLo]).toEqual([Number(ea >> 32n), 0]);
      expect(tr(ea, ACCESS_WRITE)).toBe(-1);
      expect(f(mmu)).toEqual({ kind: 'dsi', dsisr: 0x42000000, srr1Bits: 0, segment: true });
      expect(tr(ea, ACCESS_EXECUTE)).toBe(-1);
      expect(f(mmu)).toEqual({ kind: 'isi', dsisr: 0, srr1Bits: 0x40000000, segment: true });
    }
  });

  it('quadrants 1 and 2 are not usable by a guest: segment interrupt', () => {
    const { b, mmu, tr, userRoot, kernelRoot } = setup('4k');
    b.map(userRoot, 0x1000n, 0x10_0000, 4 * KiB, USER_RWX);
    b.map(kernelRoot, 0x1000n, 0x10_0000, 4 * KiB, USER_RWX);
    for (const ea of [0x4000_0000_0000_1000n, 0x8000_0000_0000_1000n]) {
      expect(tr(ea, ACCESS_READ)).toBe(-1);
      expect(f(mmu)).toEqual({ kind: 'dsi', dsisr: 0x40000000, srr1Bits: 0, segment: true });
      expect(tr(ea, ACCESS_EXECUTE)).toBe(-1);
      expect(f(mmu)).toEqual({ kind: 'isi', dsisr: 0, srr1Bits: 0x40000000, segment: true });
    }
    expect(tr(0x1000n, ACCESS_READ)).toBe(0x10_0000);
  });
});

describe.each(['4k', '64k'] as const)('radix translation faults (%s geometry)', (geometry) => {
  const EA = 0x0000_1234_5678_0000n;

  it('an invalid entry at each level: no translation (DSISR/SRR1 0x40000000), walk stopped there', () => {
    const { b, mmu, tr, userRoot } = setup(geometry);
    b.map(userRoot, EA, 0x10_0000, 2 ** b.pageShift, USER_RWX);
    expect(tr(EA, ACCESS_READ)).toBe(0x10_0000);
    const cases: [bigint, number][] = [
      [EA ^ (1n << 45n), 0], // another root entry
      [EA ^ (1n << 30n), 1], // another PUD entry
      [EA ^ (1n << 21n), 2], // another PMD entry
      [EA ^ (1n << BigInt(b.pageShift)), 3], // the missing leaf: a zero PTE next to the mapped one
    ];
    for (const [ea, level] of cases) {
      const steps = mmu.describe(...halves(ea), USER_PID).steps;
      expect(steps.length).toBe(level + 1);
      expect(steps[level]!.entry).toBe(0n);
      expect(tr(ea, ACCESS_READ)).toBe(-1);
      expect(f(mmu)).toEqual(dsi(0x40000000));
      expect(mmu.fault.eaHi).toBe(Number(ea >> 32n));
      expect(mmu.fault.eaLo).toBe(Number(ea & 0xffffffffn) | 0);
      expect(mmu.fault.access).toBe(ACCESS_READ);
      expect(tr(ea, ACCESS_WRITE)).toBe(-1);
      expect(f(mmu)).toEqual(dsi(0x42000000));
      expect(tr(ea, ACCESS_EXECUTE)).toBe(-1);
      expect(f(mmu)).toEqual(isi(0x40000000));
    }
  });

  it('an entry with V=0 but other bits set is invalid too', () => {
    const { b, mmu, tr, userRoot, memory } = setup(geometry);
    const leaf = b.map(userRoot, EA, 0x10_0000, 2 ** b.pageShift, USER_RWX);
    memory.write64Big(leaf, L | 0x10_0000n | USER_RWX | R | C, false);
    expect(tr(EA, ACCESS_READ)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x40000000));
  });

  it('a non-leaf entry at the last level is an unsupported configuration (0x00080000)', () => {
    const { b, mmu, tr, userRoot, memory } = setup(geometry);
    const leaf = b.map(userRoot, EA, 0x10_0000, 2 ** b.pageShift, USER_RWX);
    memory.write64Big(leaf, V | BigInt(b.alloc(4096)) | 9n, false);
    expect(tr(EA, ACCESS_READ)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x00080000));
    expect(tr(EA, ACCESS_WRITE)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x02080000));
    expect(tr(EA, ACCESS_EXECUTE)).toBe(-1);
    expect(f(mmu)).toEqual(isi(0x00080000));
  });

  it('privileged page from problem state: DSI 0x08000000 (0x0a000000 store), ISI 0x10000000', () => {
    const { b, mmu, tr, userRoot } = setup(geometry);
    b.map(userRoot, EA, 0x10_0000, 2 ** b.pageShift, PRIV | READ | WRITE | EXEC);
    expect(tr(EA, ACCESS_READ, true)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x08000000));
    expect(tr(EA, ACCESS_WRITE, true)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x0a000000));
    expect(tr(EA, ACCESS_EXECUTE, true)).toBe(-1);
    expect(f(mmu)).toEqual(isi(0x10000000));
    // privileged state: allowed
    expect(tr(EA, ACCESS_READ, false)).toBe(0x10_0000);
    expect(tr(EA, ACCESS_WRITE, false)).toBe(0x10_0000);
    expect(tr(EA, ACCESS_EXECUTE, false)).toBe(0x10_0000);
  });

  it('privileged state may read, write and execute a user page (no AMR/IAMR model)', () => {
    const { b, tr, userRoot } = setup(geometry);
    b.map(userRoot, EA, 0x10_0000, 2 ** b.pageShift, USER_RWX);
    expect(tr(EA, ACCESS_READ, false)).toBe(0x10_0000);
    expect(tr(EA, ACCESS_WRITE, false)).toBe(0x10_0000);
    expect(tr(EA, ACCESS_EXECUTE, false)).toBe(0x10_0000);
  });

  it('write to a read-only page: DSI 0x0a000000; read-only still reads; RW alone grants read', () => {
    const { b, mmu, tr, userRoot } = setup(geometry);
    const page = 2 ** b.pageShift;
    b.map(userRoot, EA, 0x10_0000, page, READ);
    b.map(userRoot, EA + BigInt(page), 0x20_0000, page, WRITE);
    expect(tr(EA, ACCESS_READ, true)).toBe(0x10_0000);
    expect(tr(EA, ACCESS_WRITE, true)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x0a000000));
    expect(tr(EA, ACCESS_WRITE, false)).toBe(-1); // privileged too: EAA has no write
    expect(f(mmu)).toEqual(dsi(0x0a000000));
    expect(tr(EA + BigInt(page), ACCESS_READ, true)).toBe(0x20_0000);
    expect(tr(EA + BigInt(page), ACCESS_WRITE, true)).toBe(0x20_0000);
  });

  it('execute without X: ISI 0x10000000; a page with no EAA rights refuses everything', () => {
    const { b, mmu, tr, userRoot } = setup(geometry);
    const page = 2 ** b.pageShift;
    b.map(userRoot, EA, 0x10_0000, page, READ | WRITE);
    b.map(userRoot, EA + BigInt(page), 0x20_0000, page, PRIV); // Linux PAGE_NONE
    expect(tr(EA, ACCESS_EXECUTE, true)).toBe(-1);
    expect(f(mmu)).toEqual(isi(0x10000000));
    expect(tr(EA, ACCESS_EXECUTE, false)).toBe(-1);
    expect(f(mmu)).toEqual(isi(0x10000000));
    expect(tr(EA + BigInt(page), ACCESS_READ, false)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x08000000));
    // execute-only page: no read
    b.map(userRoot, EA + 2n * BigInt(page), 0x30_0000, page, EXEC);
    expect(tr(EA + 2n * BigInt(page), ACCESS_EXECUTE, true)).toBe(0x30_0000);
    expect(tr(EA + 2n * BigInt(page), ACCESS_READ, true)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x08000000));
  });

  it('fetch from guarded (non-idempotent I/O) storage: ISI 0x10000000 even with X; data access allowed', () => {
    const { b, mmu, tr, userRoot } = setup(geometry);
    const page = 2 ** b.pageShift;
    b.map(userRoot, EA, 0x10_0000, page, USER_RWX | ATT_GUARDED);
    b.map(userRoot, EA + BigInt(page), 0x20_0000, page, USER_RWX | ATT_TOLERANT);
    expect(tr(EA, ACCESS_EXECUTE, false)).toBe(-1);
    expect(f(mmu)).toEqual(isi(0x10000000));
    expect(tr(EA, ACCESS_READ, false)).toBe(0x10_0000);
    expect(tr(EA, ACCESS_WRITE, true)).toBe(0x10_0000);
    // tolerant I/O is cache-inhibited but not guarded: fetch allowed (as QEMU)
    expect(tr(EA + BigInt(page), ACCESS_EXECUTE, false)).toBe(0x20_0000);
  });

  it('R on a read or fetch, R and C on a store, set in the big-endian PTE', () => {
    const { b, tr, pte, userRoot, memory } = setup(geometry);
    const page = 2 ** b.pageShift;
    const a = b.map(userRoot, EA, 0x10_0000, page, USER_RWX);
    const x = b.map(userRoot, EA + BigInt(page), 0x20_0000, page, READ | EXEC);
    const w = b.map(userRoot, EA + 2n * BigInt(page), 0x30_0000, page, READ | WRITE);
    expect(tr(EA, ACCESS_READ)).toBe(0x10_0000);
    expect(pte(a)).toBe(V | L | 0x10_0000n | USER_RWX | R);
    expect(memory.u8[a + 6]).toBe(0x01); // R is bit 0 of byte 6, big-endian
    expect(memory.u8[a + 7]).toBe(0x07);
    expect(tr(EA, ACCESS_WRITE)).toBe(0x10_0000);
    expect(pte(a)).toBe(V | L | 0x10_0000n | USER_RWX | R | C);
    expect(memory.u8[a + 7]).toBe(0x87);
    expect(tr(EA + BigInt(page), ACCESS_EXECUTE)).toBe(0x20_0000);
    expect(pte(x)).toBe(V | L | 0x20_0000n | READ | EXEC | R);
    // a store first sets both at once
    expect(tr(EA + 2n * BigInt(page), ACCESS_WRITE)).toBe(0x30_0000);
    expect(pte(w)).toBe(V | L | 0x30_0000n | READ | WRITE | R | C);
    // and an entry that already has them is left as it is
    expect(tr(EA + 2n * BigInt(page), ACCESS_READ)).toBe(0x30_0000);
    expect(pte(w)).toBe(V | L | 0x30_0000n | READ | WRITE | R | C);
  });

  it('nothing is written on a faulting access', () => {
    const { b, mmu, tr, pte, userRoot } = setup(geometry);
    const page = 2 ** b.pageShift;
    const ro = b.map(userRoot, EA, 0x10_0000, page, READ);
    const priv = b.map(userRoot, EA + BigInt(page), 0x20_0000, page, PRIV | READ | WRITE);
    const far = b.map(userRoot, EA + 2n * BigInt(page), 0x4000_0000, page, READ | WRITE);
    const snapshot = [pte(ro), pte(priv), pte(far)];
    expect(tr(EA, ACCESS_WRITE)).toBe(-1);
    expect(tr(EA, ACCESS_EXECUTE)).toBe(-1);
    expect(tr(EA + BigInt(page), ACCESS_READ, true)).toBe(-1);
    expect(tr(EA + 2n * BigInt(page), ACCESS_WRITE)).toBe(-1);
    expect(mmu.fault.kind).toBe('outsideRam');
    expect([pte(ro), pte(priv), pte(far)]).toEqual(snapshot);
  });

  it("rcMode 'fault': DSI/ISI 0x00040000 while R (or C for a store) is clear, PTE untouched", () => {
    const { b, mmu, tr, pte, userRoot } = setup(geometry, { rcMode: 'fault' });
    const page = 2 ** b.pageShift;
    const a = b.map(userRoot, EA, 0x10_0000, page, USER_RWX);
    expect(tr(EA, ACCESS_READ)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x00040000));
    expect(tr(EA, ACCESS_WRITE)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x02040000));
    expect(tr(EA, ACCESS_EXECUTE)).toBe(-1);
    expect(f(mmu)).toEqual(isi(0x00040000));
    expect(pte(a)).toBe(V | L | 0x10_0000n | USER_RWX);
    // the guest sets R: reads and fetches go, stores still need C
    const rOnly = b.map(userRoot, EA, 0x10_0000, page, USER_RWX | R);
    expect(rOnly).toBe(a);
    expect(tr(EA, ACCESS_READ)).toBe(0x10_0000);
    expect(tr(EA, ACCESS_EXECUTE)).toBe(0x10_0000);
    expect(tr(EA, ACCESS_WRITE)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x02040000));
    b.map(userRoot, EA, 0x10_0000, page, USER_RWX | R | C);
    expect(tr(EA, ACCESS_WRITE)).toBe(0x10_0000);
    // protection is checked first
    b.map(userRoot, EA, 0x10_0000, page, READ);
    expect(tr(EA, ACCESS_WRITE)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x0a000000));
  });

  it('a real address outside RAM is a hypervisor-level event, not a guest interrupt', () => {
    const { b, mmu, tr, pte, userRoot } = setup(geometry);
    const page = 2 ** b.pageShift;
    const leaf = b.map(userRoot, EA, RAM, page, USER_RWX);
    expect(tr(EA + 0x234n, ACCESS_READ)).toBe(-1);
    expect(mmu.fault.kind).toBe('outsideRam');
    expect(mmu.fault.realAddress).toBe(RAM);
    expect([mmu.fault.realAddressHi, mmu.fault.realAddressLo]).toEqual([0, RAM]);
    expect(mmu.fault.tableWalk).toBe(false);
    expect(mmu.fault.dsisr).toBe(0);
    expect(mmu.fault.srr1Bits).toBe(0);
    expect(mmu.fault.access).toBe(ACCESS_READ);
    expect(pte(leaf)).toBe(V | L | BigInt(RAM) | USER_RWX);
    // far above 4 GiB
    b.map(userRoot, EA, 0x1234_5678_0000n, page, USER_RWX);
    expect(tr(EA, ACCESS_EXECUTE)).toBe(-1);
    expect([mmu.fault.kind, mmu.fault.realAddressHi, mmu.fault.realAddressLo]).toEqual(['outsideRam', 0x1234, 0x5678_0000]);
    // the last page of RAM is inside
    b.map(userRoot, EA, RAM - page, page, USER_RWX);
    expect(tr(EA + BigInt(page) - 1n, ACCESS_READ)).toBe(RAM - 0x1000);
  });
});

describe('radix translation: huge pages past RAM', () => {
  it('a 1 GiB page is usable for the part of it that is RAM', () => {
    const { b, mmu, tr, userRoot } = setup('4k');
    b.map(userRoot, 0x4000_0000n, 0, GiB, USER_RWX);
    expect(tr(0x4000_0000n + BigInt(RAM) - 1n, ACCESS_READ)).toBe(RAM - 0x1000);
    expect(tr(0x4000_0000n + BigInt(RAM), ACCESS_READ)).toBe(-1);
    expect([mmu.fault.kind, mmu.fault.realAddress, mmu.fault.tableWalk]).toEqual(['outsideRam', RAM, false]);
  });
});

describe('radix translation: a leaf in the root directory', () => {
  it('maps 512 GiB, as QEMU allows (POWER9 lists no such page size)', () => {
    const { mmu, tr, userRoot, memory } = setup('4k');
    // root index 1 covers EAs 0x80_0000_0000..0xff_ffff_ffff
    memory.write64Big(userRoot + 8, V | L | 0n | USER_RWX | R | C, false);
    expect(tr(0x80_0012_3456n, ACCESS_READ)).toBe(0x12_3000);
    expect(tr(0xff_0000_0000n, ACCESS_READ)).toBe(-1);
    expect([mmu.fault.kind, mmu.fault.realAddressHi, mmu.fault.realAddressLo]).toEqual(['outsideRam', 0x7f, 0]);
    expect(mmu.describe(0x80, 0x12_3456, USER_PID).pageSize).toBe(2 ** 39);
  });
});

describe('radix translation: process table and tree configuration', () => {
  const EA = 0x5000n;

  it('PID past the process table: no translation', () => {
    const { b, mmu, tr, userRoot } = setup('4k');
    b.map(userRoot, EA, 0x10_0000, 4 * KiB, USER_RWX);
    expect(tr(EA, ACCESS_READ, false, 256)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x40000000));
    expect(tr(EA, ACCESS_EXECUTE, false, 0x7fff_ffff)).toBe(-1);
    expect(f(mmu)).toEqual(isi(0x40000000));
    // an 8 KiB table reaches PID 256, whose entry is zero: unsupported configuration
    mmu.setProcessTable(0x20000, 13);
    expect(tr(EA, ACCESS_READ, false, 256)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x00080000));
  });

  it('a zero process table entry (Linux: kernel context without user space) is BADCONFIG', () => {
    const { mmu, tr } = setup('4k');
    expect(tr(EA, ACCESS_WRITE, false, 3)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x02080000));
  });

  it('unsupported geometries: RTS other than 52 bits, root other than 2^13, inner levels other than 2^9', () => {
    const { b, mmu, tr, userRoot, memory } = setup('4k');
    b.map(userRoot, EA, 0x10_0000, 4 * KiB, USER_RWX);
    expect(tr(EA, ACCESS_READ)).toBe(0x10_0000);
    b.setProcessEntry(PRTB, USER_PID, userRoot, { treeBits: 51 });
    expect(tr(EA, ACCESS_READ)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x00080000));
    b.setProcessEntry(PRTB, USER_PID, userRoot, { rpds: 12 });
    expect(tr(EA, ACCESS_EXECUTE)).toBe(-1);
    expect(f(mmu)).toEqual(isi(0x00080000));
    b.setProcessEntry(PRTB, USER_PID, userRoot);
    expect(tr(EA, ACCESS_READ)).toBe(0x10_0000);
    // root entry pointing at a PUD with NLS 8
    const rootEntry = b.entryAddress(userRoot, EA, 0);
    const value = memory.read64Big(rootEntry, false);
    memory.write64Big(rootEntry, (value & ~0x1fn) | 8n, false);
    expect(tr(EA, ACCESS_READ)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x00080000));
  });

  it('the RTS fields are split: RTS1 in bits 1:2, RTS2 in bits 56:58 of the entry', () => {
    expect(RadixTableBuilder.processEntry(0x80_0000, { treeBits: 52 })).toBe(0x4000_0000_0080_00adn);
    const { b, tr, userRoot, memory } = setup('4k');
    b.map(userRoot, EA, 0x10_0000, 4 * KiB, USER_RWX);
    // Linux's radix__get_tree_size on POWER9: (0x2 << 61) | (0x5 << 5)
    memory.write64Big(PRTB + 16 * USER_PID, (0x2n << 61n) | (0x5n << 5n) | BigInt(userRoot) | 13n, false);
    expect(tr(EA, ACCESS_READ)).toBe(0x10_0000);
  });

  it('a directory base not aligned on its size has its low bits dropped (QEMU)', () => {
    const { b, tr, userRoot, memory } = setup('4k');
    b.map(userRoot, EA, 0x10_0000, 4 * KiB, USER_RWX);
    const pmdEntry = b.entryAddress(userRoot, EA, 2);
    memory.write64Big(pmdEntry, memory.read64Big(pmdEntry, false) | 0x800n, false);
    expect(tr(EA, ACCESS_READ)).toBe(0x10_0000);
    b.setProcessEntry(PRTB, USER_PID, userRoot + 0x100);
    expect(tr(EA, ACCESS_READ)).toBe(0x10_0000);
  });

  it('a process table not aligned on its size, or none at all: BADCONFIG', () => {
    const { b, mmu, tr, userRoot } = setup('4k');
    b.map(userRoot, EA, 0x10_0000, 4 * KiB, USER_RWX);
    mmu.setProcessTable(PRTB + 0x800, 12);
    expect(tr(EA, ACCESS_READ)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x00080000));
    mmu.clearProcessTable();
    expect(tr(EA, ACCESS_READ)).toBe(-1);
    expect(f(mmu)).toEqual(dsi(0x00080000));
    mmu.setProcessTable(PRTB, 12);
    expect(tr(EA, ACCESS_READ)).toBe(0x10_0000);
    expect(() => mmu.setProcessTable(PRTB, 11)).toThrow(RangeError);
    expect(() => mmu.setProcessTable(-4096, 12)).toThrow(RangeError);
  });

  it('process table or page table entries outside RAM: outsideRam with tableWalk', () => {
    const { b, mmu, tr, userRoot, memory } = setup('4k');
    b.map(userRoot, EA, 0x10_0000, 4 * KiB, USER_RWX);
    const pudEntry = b.entryAddress(userRoot, EA, 1);
    const saved = memory.read64Big(pudEntry, false);
    memory.write64Big(pudEntry, V | 0x40_0000_0000n | 9n, false);
    expect(tr(EA, ACCESS_READ)).toBe(-1);
    // PMD index of EA 0x5000 is 0
    expect([mmu.fault.kind, mmu.fault.realAddress, mmu.fault.tableWalk]).toEqual(['outsideRam', 0x40_0000_0000, true]);
    expect([mmu.fault.realAddressHi, mmu.fault.realAddressLo]).toEqual([0x40, 0]);
    memory.write64Big(pudEntry, saved, false);
    expect(tr(EA, ACCESS_READ)).toBe(0x10_0000);
    mmu.setProcessTable(2 * RAM, 12);
    expect(tr(EA, ACCESS_READ)).toBe(-1);
    expect([mmu.fault.kind, mmu.fault.realAddress, mmu.fault.tableWalk]).toEqual(['outsideRam', 2 * RAM + 16 * USER_PID, true]);
  });
});

describe('radix translation: the fault record and the Translation interface', () => {
  it('one record, overwritten by each fault', () => {
    const { mmu, tr } = setup('4k');
    const record = mmu.fault;
    expect(tr(0x4000_0000_0000_0000n, ACCESS_READ)).toBe(-1);
    expect(record.segment).toBe(true);
    expect(tr(0x1000n, ACCESS_WRITE)).toBe(-1);
    expect(mmu.fault).toBe(record);
    expect(f(mmu)).toEqual(dsi(0x42000000));
  });

  it('the 3-argument call uses the problemState and pid fields', () => {
    const { b, mmu, userRoot, otherRoot } = setup('4k');
    b.map(userRoot, 0x7000n, 0x10_0000, 4 * KiB, PRIV | READ);
    b.map(otherRoot, 0x7000n, 0x20_0000, 4 * KiB, READ);
    const t: Translation = mmu;
    mmu.pid = USER_PID;
    mmu.problemState = false;
    expect((t.translatePage as (h: number, l: number, a: number) => number).call(mmu, 0, 0x7000, ACCESS_READ)).toBe(0x10_0000);
    expect(mmu.translatePage(0, 0x7000, ACCESS_READ)).toBe(0x10_0000);
    mmu.problemState = true;
    expect(mmu.translatePage(0, 0x7000, ACCESS_READ)).toBe(-1);
    mmu.pid = OTHER_PID;
    expect(mmu.translatePage(0, 0x7000, ACCESS_READ)).toBe(0x20_0000);
    expect(t.translatePage(0, 0x7000, ACCESS_READ, true, USER_PID)).toBe(-1);
  });

  it('generation moves on table changes and invalidate()', () => {
    const { mmu } = setup('4k');
    const g = mmu.generation;
    mmu.invalidate();
    mmu.setProcessTable(PRTB, 12);
    mmu.clearProcessTable();
    expect(mmu.generation).toBe(g + 3);
  });
});

describe('radix translation: describe()', () => {
  it('lays out a 4K walk level by level', () => {
    const { b, mmu, userRoot } = setup('4k');
    const leaf = b.map(userRoot, 0x0000_1234_5678_9000n, 0x10_0000, 4 * KiB, READ | WRITE | R);
    const d = mmu.describe(0x1234, 0x5678_9abc, USER_PID);
    expect(d.status).toBe('ok');
    expect(d.quadrant).toBe(0);
    expect(d.pid).toBe(USER_PID);
    expect(d.processEntryAddress).toBe(PRTB + 16 * USER_PID);
    expect(d.processEntry).toBe(RadixTableBuilder.processEntry(userRoot));
    expect(d.treeBits).toBe(52);
    expect(d.steps.map((s) => [s.level, s.entriesLog2, s.leaf])).toEqual([[0, 13, false], [1, 9, false], [2, 9, false], [3, 9, true]]);
    expect(d.steps[0]!.tableBase).toBe(userRoot);
    expect(d.steps[0]!.index).toBe(0x1234 >>> 7);
    expect(d.steps[3]!.entryAddress).toBe(leaf);
    expect(d.pte).toBe(V | L | 0x10_0000n | READ | WRITE | R);
    expect(d.pageSize).toBe(4096);
    expect(d.realAddress).toBe(0x10_0abc);
    expect(d.access).toBe('-rw-');
    expect(d.attribute).toBe('normal');
    expect([d.referenced, d.changed]).toEqual([true, false]);
  });

  it('reports huge pages, faults and does not touch R/C or the fault record', () => {
    const { b, mmu, userRoot, kernelRoot, pte, tr } = setup('64k');
    const leaf = b.map(userRoot, 0x4000_0000n, 0x40_0000, 2 * MiB, PRIV | READ | EXEC | ATT_GUARDED);
    b.map(kernelRoot, 0xc000_0000_0000_0000n, 0, GiB, PRIV | READ | WRITE);
    expect(tr(0x1000n, ACCESS_READ)).toBe(-1);
    const d = mmu.describe(0, 0x4012_3456, USER_PID);
    expect([d.status, d.pageSize, d.realAddress, d.access, d.attribute, d.steps.length]).toEqual(['ok', 2 * MiB, 0x52_3456, 'pr-x', 'nonIdempotentIo', 3]);
    expect(pte(leaf)).toBe(V | L | 0x40_0000n | PRIV | READ | EXEC | ATT_GUARDED);
    expect(f(mmu)).toEqual(dsi(0x40000000));
    const k = mmu.describe(0xc000_0000 | 0, 0x1234_5678, USER_PID);
    expect([k.status, k.pid, k.pageSize, k.realAddress, k.steps.length]).toEqual(['ok', 0, GiB, 0x1234_5678, 2]);
    expect(mmu.describe(0x4000_0000, 0, USER_PID).status).toBe('segment');
    expect(mmu.describe(0, 0x1000, USER_PID).status).toBe('noTranslation');
    expect(mmu.describe(0, 0x1000, 3).status).toBe('badConfig');
    expect(mmu.describe(0, 0x1000, 3).treeBits).toBe(null);
  });
});
