import { describe, it, expect } from '@jest/globals';
import { parseElf, ElfError, PT_LOAD } from './parse.js';
import { buildElf, asm } from '../testing/elf-builder.js';

const good = (over: Partial<Parameters<typeof buildElf>[0]> = {}): Uint8Array =>
  buildElf({ entry: 0x10000000, segments: [{ vaddr: 0x10000000, words: [asm.li(3, 0), asm.sc()] }], ...over });

const reason = (bytes: Uint8Array): string => {
  try {
    parseElf(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ElfError);
    return (e as Error).message;
  }
  throw new Error('parsed without error');
};

describe('parseElf', () => {
  it('reads a little-endian ELFv2 executable', () => {
    const elf = parseElf(good());
    expect(elf.littleEndian).toBe(true);
    expect(elf.abiVersion).toBe(2);
    expect(elf.entry).toBe(0x10000000);
    expect(elf.machine).toBe(21);
    const loads = elf.programHeaders.filter((p) => p.type === PT_LOAD);
    expect(loads).toHaveLength(1);
    expect(loads[0]!.vaddr).toBe(0x10000000);
    expect(loads[0]!.filesz).toBe(8);
  });

  it('reads a big-endian ELFv1 executable', () => {
    const elf = parseElf(good({ littleEndian: false, abi: 1 }));
    expect(elf.littleEndian).toBe(false);
    expect(elf.abiVersion).toBe(1);
    expect(elf.entry).toBe(0x10000000);
  });

  it('treats e_flags ABI 0 as ELFv1, like the kernel', () => {
    expect(parseElf(good({ abi: 0 })).abiVersion).toBe(1);
  });

  it('rejects an empty file and bad magic', () => {
    expect(reason(new Uint8Array(0))).toMatch(/empty file/);
    expect(reason(new TextEncoder().encode('#!/bin/sh\necho hi\n'))).toMatch(/not an ELF file/);
    expect(reason(new Uint8Array([0x7f, 0x45, 0x4c]))).toMatch(/not an ELF file/);
  });

  it('rejects truncated headers', () => {
    const bytes = good();
    expect(reason(bytes.subarray(0, 5))).toMatch(/truncated ELF header/);
    expect(reason(bytes.subarray(0, 40))).toMatch(/truncated ELF header \(40 of 64 bytes\)/);
    expect(reason(bytes.subarray(0, 64 + 20))).toMatch(/truncated program headers/);
  });

  it('rejects 32-bit ELF and bad class/encoding/version', () => {
    expect(reason(good({ elfClass: 1 }))).toMatch(/32-bit ELF/);
    const bad = good();
    bad[4] = 3;
    expect(reason(bad)).toMatch(/invalid ELF class 3/);
    const enc = good();
    enc[5] = 0;
    expect(reason(enc)).toMatch(/invalid ELF data encoding 0/);
    const ver = good();
    ver[6] = 2;
    expect(reason(ver)).toMatch(/unsupported ELF version/);
  });

  it('rejects other machines by name', () => {
    expect(reason(good({ machine: 62 }))).toBe('wrong machine EM_X86_64 (62), expected EM_PPC64 (21)');
    expect(reason(good({ machine: 20 }))).toMatch(/EM_PPC \(20\)/);
    expect(reason(good({ machine: 183 }))).toMatch(/EM_AARCH64/);
    expect(reason(good({ machine: 999 }))).toMatch(/machine \(999\)/);
  });

  it('rejects relocatable objects and core files', () => {
    expect(reason(good({ type: 1 }))).toMatch(/not an executable \(ET_REL\)/);
    expect(reason(good({ type: 4 }))).toMatch(/ET_CORE/);
  });

  it('rejects programs without PT_LOAD', () => {
    expect(reason(good({ segments: [{ vaddr: 0x10000000, type: 4 /* PT_NOTE */, words: [0] }] }))).toBe('no PT_LOAD segment');
  });

  it('rejects segment data past the end of the file', () => {
    const bytes = good();
    expect(reason(bytes.subarray(0, bytes.length - 4))).toMatch(/segment 0: data at offset 0x1000 size 0x8 lies past the end of the file/);
  });

  it('rejects p_filesz > p_memsz', () => {
    const bytes = good();
    const v = new DataView(bytes.buffer);
    v.setBigUint64(64 + 40, 4n, true);
    expect(reason(bytes)).toMatch(/file size 0x8 exceeds memory size 0x4/);
  });

  it('rejects a bad program header entry size', () => {
    const bytes = good();
    new DataView(bytes.buffer).setUint16(54, 32, true);
    expect(reason(bytes)).toMatch(/bad program header size 32/);
  });

  it('reports the interpreter of dynamically linked programs', () => {
    const elf = parseElf(good({ interp: '/lib64/ld64.so.2' }));
    expect(elf.interpreter).toBe('/lib64/ld64.so.2');
  });
});
