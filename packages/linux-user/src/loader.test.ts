import { describe, it, expect } from '@jest/globals';
import { ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE, GuestMemory } from '@hvstep/emulator-core';
import { parseElf, ElfError, PF_R, PF_W, PF_X } from './elf/parse.js';
import { AddressSpace } from './address-space.js';
import { loadElf } from './loader.js';
import { LinuxProcess } from './process.js';
import { LoadError } from './errors.js';
import { buildElf, asm } from './testing/elf-builder.js';
import { makeProcess, TEXT, DATA } from './testing/process.js';

const RAM = 1 << 30;

function load(spec: Parameters<typeof buildElf>[0]) {
  const bytes = buildElf(spec);
  const space = new AddressSpace(new GuestMemory(RAM));
  return { space, image: loadElf(parseElf(bytes), bytes, space) };
}

describe('loadElf', () => {
  it('places segments at their addresses with the protections of p_flags', () => {
    const { space, image } = load({
      entry: TEXT,
      segments: [
        { vaddr: TEXT, flags: PF_R | PF_X, words: [asm.li(3, 1), asm.sc()] },
        { vaddr: DATA, flags: PF_R | PF_W, bytes: new Uint8Array([1, 2, 3, 4]), memsz: 0x3000 },
        { vaddr: 0x10020000, flags: PF_R, bytes: new Uint8Array([9]) },
      ],
    });
    expect(space.memory.view.getUint32(TEXT, true)).toBe(asm.li(3, 1));
    expect(space.protectionAt(TEXT)).toBe(ACCESS_READ | ACCESS_EXECUTE);
    expect(space.protectionAt(DATA)).toBe(ACCESS_READ | ACCESS_WRITE);
    expect(space.protectionAt(DATA + 0x2fff)).toBe(ACCESS_READ | ACCESS_WRITE);
    expect(space.protectionAt(DATA + 0x3000)).toBe(0);
    expect(space.protectionAt(0x10020000)).toBe(ACCESS_READ);
    expect(space.protectionAt(TEXT + 0x1000)).toBe(0);
    expect([...space.memory.u8.subarray(DATA, DATA + 6)]).toEqual([1, 2, 3, 4, 0, 0]);
    expect(image.entry).toBe(TEXT);
    expect(image.brk).toBe(0x10021000);
    expect(image.start).toBe(TEXT);
    expect(image.end).toBe(0x10020001);
  });

  it('zeroes bss, including the rest of the last file page', () => {
    const { space } = load({
      entry: TEXT,
      segments: [{ vaddr: TEXT, flags: PF_R | PF_W, bytes: new Uint8Array(10).fill(0xaa), memsz: 0x2800 }],
    });
    expect(space.memory.u8[TEXT + 9]).toBe(0xaa);
    expect(space.memory.u8.subarray(TEXT + 10, TEXT + 0x2800).every((b) => b === 0)).toBe(true);
  });

  it('gives a page shared by two segments both protections', () => {
    const { space } = load({
      entry: TEXT,
      segments: [
        { vaddr: TEXT, flags: PF_R | PF_X, words: [asm.nop(), asm.nop()] },
        { vaddr: TEXT + 0x100, flags: PF_R | PF_W, bytes: new Uint8Array(8) },
      ],
    });
    expect(space.protectionAt(TEXT)).toBe(ACCESS_READ | ACCESS_WRITE | ACCESS_EXECUTE);
  });

  it('finds the program headers for AT_PHDR inside the first segment', () => {
    const bytes = buildElf({ entry: TEXT, segments: [{ vaddr: TEXT, words: [asm.nop()] }] });
    // make the first segment cover the headers too: offset 0 at vaddr TEXT - 0x1000
    const v = new DataView(bytes.buffer);
    v.setBigUint64(64 + 8, 0n, true);
    v.setBigUint64(64 + 16, BigInt(TEXT - 0x1000), true);
    v.setBigUint64(64 + 32, 0x1004n, true);
    v.setBigUint64(64 + 40, 0x1004n, true);
    const space = new AddressSpace(new GuestMemory(RAM));
    const image = loadElf(parseElf(bytes), bytes, space);
    expect(image.phdr).toBe(TEXT - 0x1000 + 64);
    expect(image.phnum).toBe(1);
    expect(image.phent).toBe(56);
  });

  it('rejects segments outside guest RAM or in the stack area', () => {
    expect(() => load({ entry: TEXT, segments: [{ vaddr: 0x80000000, words: [0] }] })).toThrow(/lies outside guest RAM/);
    expect(() => load({ entry: TEXT, segments: [{ vaddr: RAM - 0x1000, words: [0] }] })).toThrow(/lies outside guest RAM/);
    expect(() => load({ entry: TEXT, segments: [{ vaddr: 0, words: [0] }] })).toThrow(ElfError);
    expect(() => load({ entry: TEXT, segments: [{ vaddr: TEXT, words: [0], memsz: 0x40000000 }] })).toThrow(/outside guest RAM/);
  });

  it('rejects overlapping segments', () => {
    expect(() => load({
      entry: TEXT,
      segments: [{ vaddr: TEXT, words: [0, 0, 0, 0] }, { vaddr: TEXT + 8, words: [0] }],
    })).toThrow(/overlap/);
  });

  it('places static-pie (ET_DYN) programs at 0x10000000', () => {
    const { space, image } = load({ type: 3, entry: 0x100, segments: [{ vaddr: 0, words: [asm.nop(), asm.loop()] }] });
    expect(image.bias).toBe(0x10000000);
    expect(image.entry).toBe(0x10000100);
    expect(space.memory.view.getUint32(0x10000000, true)).toBe(asm.nop());
  });
});

describe('process entry', () => {
  it('sets r1 to argc, NIP and r12 to the entry for ELFv2, and MSR for 64-bit LE problem state', () => {
    const p = makeProcess();
    const st = p.cpu.state;
    expect(st.nip).toBe(BigInt(TEXT));
    expect(st.gpr(12)).toBe(BigInt(TEXT));
    expect(st.gpr(1)).toBe(BigInt(p.stack.sp));
    expect(st.gpr(2)).toBe(0n);
    expect(st.gpr(3)).toBe(0n);
    expect(p.cpu.littleEndian).toBe(true);
    expect(p.cpu.mode64).toBe(true);
    expect(st.msr & 0x8000000000004001n).toBe(0x8000000000004001n); // SF, PR, LE
    expect(p.space.brkStart).toBe(0x10020000);
  });

  it('reads the ELFv1 entry function descriptor: NIP from its first doubleword, r2 from the second', () => {
    const desc = new Uint8Array(24);
    const v = new DataView(desc.buffer);
    v.setBigUint64(0, BigInt(TEXT), false);
    v.setBigUint64(8, 0x10018000n, false);
    const p = makeProcess({
      elf: {
        littleEndian: false, abi: 1, entry: DATA,
        segments: [{ vaddr: TEXT, words: [asm.loop()] }, { vaddr: DATA, flags: 6, bytes: desc }],
      },
    });
    expect(p.cpu.littleEndian).toBe(false);
    expect(p.cpu.state.nip).toBe(BigInt(TEXT));
    expect(p.cpu.state.gpr(2)).toBe(0x10018000n);
    expect(p.cpu.state.gpr(12)).toBe(0n);
    expect(p.cpu.state.msr & 1n).toBe(0n);
  });

  it('refuses an ELFv1 entry descriptor outside the loaded segments', () => {
    expect(() => makeProcess({ elf: { littleEndian: false, abi: 1, entry: 0x20000000 } })).toThrow(/entry descriptor/);
  });

  it('a dynamically linked program whose interpreter is missing is a load error that names it', () => {
    const bytes = buildElf({ entry: TEXT, segments: [{ vaddr: TEXT, words: [0] }], interp: '/nonexistent/ld64.so.2' });
    expect(() => new LinuxProcess(bytes, { argv: ['x'] })).toThrow(LoadError);
    expect(() => new LinuxProcess(bytes, { argv: ['x'] })).toThrow(/^interpreter \/nonexistent\/ld64.so.2: No such file or directory, on the host/);
    expect(() => new LinuxProcess(bytes, { argv: ['x'], sysroot: '/nowhere/' })).toThrow(/neither under \/nowhere nor on the host$/);
  });
});
