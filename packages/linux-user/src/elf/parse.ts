/**
 * ELF64 parser for ppc64 executables (System V gABI + the 64-bit PowerPC ELF ABI
 * supplements, v1 and v2). It reads the file header and program headers only and
 * rejects, with one human-readable reason, anything the linux-user loader cannot
 * run: not ELF, 32-bit, wrong machine, relocatable or core files, truncated
 * headers, segments whose file data lies past the end of the file.
 */
import { LoadError } from '../errors.js';

export const EM_PPC = 20;
export const EM_PPC64 = 21;

export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_STACK = 0x6474e551;

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

/** e_flags bits holding the ppc64 ABI version: 1 = ELFv1 (function descriptors), 2 = ELFv2. */
export const EF_PPC64_ABI = 3;

const ELF64_EHDR_SIZE = 64;
const ELF64_PHDR_SIZE = 56;

/** Why a file cannot be run; `message` is the reason shown after "hvstep: <file>: ". */
export class ElfError extends LoadError {
  override readonly name: string = 'ElfError';
}

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

export interface ElfFile {
  /** ELFDATA2LSB: the program runs little-endian (MSR[LE]=1). */
  littleEndian: boolean;
  type: number;
  machine: number;
  entry: number;
  phoff: number;
  phentsize: number;
  flags: number;
  /** 1 (ELFv1: the entry point is a function descriptor) or 2 (ELFv2). */
  abiVersion: 1 | 2;
  programHeaders: ProgramHeader[];
  /** Path named by PT_INTERP, when the program wants a dynamic linker. */
  interpreter?: string;
}

const MACHINE_NAMES: Record<number, string> = {
  2: 'EM_SPARC', 3: 'EM_386', 8: 'EM_MIPS', 20: 'EM_PPC', 21: 'EM_PPC64', 22: 'EM_S390', 40: 'EM_ARM',
  43: 'EM_SPARCV9', 50: 'EM_IA_64', 62: 'EM_X86_64', 183: 'EM_AARCH64', 243: 'EM_RISCV', 258: 'EM_LOONGARCH',
};
const TYPE_NAMES: Record<number, string> = { 0: 'ET_NONE', 1: 'ET_REL', 2: 'ET_EXEC', 3: 'ET_DYN', 4: 'ET_CORE' };

const machineName = (m: number): string => `${MACHINE_NAMES[m] ?? 'machine'} (${m})`;

/** A u64 field as a JS number; values beyond 2^53 lose precision but are only ever rejected. */
function u64(view: DataView, at: number, le: boolean): number {
  return Number(view.getBigUint64(at, le));
}

/** Parses the headers of an ELF64 ppc64 executable; throws ElfError with the reason otherwise. */
export function parseElf(bytes: Uint8Array): ElfFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError(bytes.length === 0 ? 'empty file, not an ELF executable' : 'not an ELF file (bad magic)');
  }
  if (bytes.length < 6) throw new ElfError(`truncated ELF header (${bytes.length} bytes)`);
  const cls = bytes[4]!;
  if (cls === 1) throw new ElfError('32-bit ELF (ELFCLASS32) is not supported, hvstep runs 64-bit ppc64 programs');
  if (cls !== 2) throw new ElfError(`invalid ELF class ${cls}`);
  const data = bytes[5]!;
  if (data !== 1 && data !== 2) throw new ElfError(`invalid ELF data encoding ${data}`);
  const le = data === 1;
  if (bytes.length < ELF64_EHDR_SIZE) throw new ElfError(`truncated ELF header (${bytes.length} of ${ELF64_EHDR_SIZE} bytes)`);
  if (bytes[6] !== 1) throw new ElfError(`unsupported ELF version ${bytes[6]}`);

  const type = view.getUint16(16, le);
  const machine = view.getUint16(18, le);
  if (machine !== EM_PPC64) {
    throw new ElfError(`wrong machine ${machineName(machine)}, expected EM_PPC64 (21)`);
  }
  if (type !== ET_EXEC && type !== ET_DYN) {
    throw new ElfError(`not an executable (${TYPE_NAMES[type] ?? `type ${type}`})`);
  }
  const entry = u64(view, 24, le);
  const phoff = u64(view, 32, le);
  const flags = view.getUint32(48, le);
  const phentsize = view.getUint16(54, le);
  const phnum = view.getUint16(56, le);
  if (phnum === 0) throw new ElfError('no program headers');
  if (phentsize !== ELF64_PHDR_SIZE) throw new ElfError(`bad program header size ${phentsize} (expected ${ELF64_PHDR_SIZE})`);
  if (phoff + phnum * phentsize > bytes.length) {
    throw new ElfError(`truncated program headers (${phnum} at offset 0x${phoff.toString(16)}, file is ${bytes.length} bytes)`);
  }

  const programHeaders: ProgramHeader[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    programHeaders.push({
      type: view.getUint32(at, le),
      flags: view.getUint32(at + 4, le),
      offset: u64(view, at + 8, le),
      vaddr: u64(view, at + 16, le),
      paddr: u64(view, at + 24, le),
      filesz: u64(view, at + 32, le),
      memsz: u64(view, at + 40, le),
      align: u64(view, at + 48, le),
    });
  }

  let interpreter: string | undefined;
  let loads = 0;
  programHeaders.forEach((ph, i) => {
    if (ph.type === PT_INTERP) {
      const end = Math.min(ph.offset + ph.filesz, bytes.length);
      interpreter = new TextDecoder().decode(bytes.subarray(ph.offset, end)).replace(/\0.*$/s, '');
    }
    if (ph.type !== PT_LOAD) return;
    loads++;
    if (ph.filesz > ph.memsz) throw new ElfError(`segment ${i}: file size 0x${ph.filesz.toString(16)} exceeds memory size 0x${ph.memsz.toString(16)}`);
    if (ph.filesz > 0 && ph.offset + ph.filesz > bytes.length) {
      throw new ElfError(`segment ${i}: data at offset 0x${ph.offset.toString(16)} size 0x${ph.filesz.toString(16)} lies past the end of the file (${bytes.length} bytes)`);
    }
    if (ph.filesz > 0 && (ph.vaddr - ph.offset) % 4096 !== 0 && ph.align >= 4096) {
      throw new ElfError(`segment ${i}: address 0x${ph.vaddr.toString(16)} and file offset 0x${ph.offset.toString(16)} are not congruent modulo the page size`);
    }
  });
  if (loads === 0) throw new ElfError('no PT_LOAD segment');

  const abi = flags & EF_PPC64_ABI;
  return {
    littleEndian: le, type, machine, entry, phoff, phentsize, flags,
    abiVersion: abi === 2 ? 2 : 1,
    programHeaders,
    ...(interpreter !== undefined ? { interpreter } : {}),
  };
}
