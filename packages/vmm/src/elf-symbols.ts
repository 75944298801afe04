/**
 * Symbols of an ELF64 image (either byte order), from its SHT_SYMTAB section: what
 * tests and tools use to find `kernel_main` or `trace_vector_ail` without binutils.
 * ELFv2 functions have a global entry (the symbol) and a local entry that st_other
 * encodes (bits 5..7: 0/1 = same, n = 2^n bytes further); both are returned.
 */
export interface ElfSymbol { readonly name: string; readonly value: bigint; readonly size: bigint; readonly localEntry: bigint }

const SHT_SYMTAB = 2;

export function readElfSymbols(bytes: Uint8Array): Map<string, ElfSymbol> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 64 || view.getUint32(0, false) !== 0x7f454c46) throw new Error('not an ELF file');
  if (bytes[4] !== 2) throw new Error('not an ELF64 file');
  const le = bytes[5] === 1;
  const shoff = Number(view.getBigUint64(0x28, le));
  const shentsize = view.getUint16(0x3a, le), shnum = view.getUint16(0x3c, le);
  const section = (i: number) => {
    const at = shoff + i * shentsize;
    if (at + 64 > bytes.length) throw new Error('section header outside the file');
    return {
      type: view.getUint32(at + 4, le), offset: Number(view.getBigUint64(at + 0x18, le)),
      size: Number(view.getBigUint64(at + 0x20, le)), link: view.getUint32(at + 0x28, le), entsize: Number(view.getBigUint64(at + 0x38, le)),
    };
  };
  const symbols = new Map<string, ElfSymbol>();
  for (let i = 0; i < shnum; i++) {
    const symtab = section(i);
    if (symtab.type !== SHT_SYMTAB || symtab.entsize < 24) continue;
    const strtab = section(symtab.link);
    for (let at = symtab.offset; at + 24 <= symtab.offset + symtab.size; at += symtab.entsize) {
      const nameOffset = view.getUint32(at, le);
      const other = bytes[at + 5]!;
      const value = view.getBigUint64(at + 8, le), size = view.getBigUint64(at + 16, le);
      let end = strtab.offset + nameOffset;
      while (end < bytes.length && bytes[end] !== 0) end++;
      const name = new TextDecoder().decode(bytes.subarray(strtab.offset + nameOffset, end));
      if (!name || symbols.has(name)) continue;
      const localBits = (other >> 5) & 7;
      const localEntry = value + (localBits >= 2 ? 1n << BigInt(localBits) : 0n);
      symbols.set(name, { name, value, size, localEntry });
    }
  }
  return symbols;
}
