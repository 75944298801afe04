import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Assembles Power ISA source with the real GNU assembler (binutils-powerpc64le-linux-gnu)
 * and returns the instruction words in host order, so tests state instructions by
 * their mnemonics and never by hand-computed encodings.
 */
export function assemble(source: string, bigEndian = false, origin = 0): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'hvstep-asm-'));
  try {
    const src = join(dir, 'a.S'), obj = join(dir, 'a.o'), elf = join(dir, 'a.elf'), bin = join(dir, 'a.bin');
    writeFileSync(src, `${source}\n`);
    execFileSync('powerpc64le-linux-gnu-as', [bigEndian ? '-mbig' : '-mlittle', '-mpower9', '-o', obj, src], { stdio: 'pipe' });
    // link at the load address so that absolute references (lis r,label@h) are resolved
    execFileSync('powerpc64le-linux-gnu-ld', [bigEndian ? '-EB' : '-EL', `-Ttext=0x${origin.toString(16)}`, '-e', '0', '-o', elf, obj], { stdio: 'pipe' });
    execFileSync('powerpc64le-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', elf, bin], { stdio: 'pipe' });
    const bytes = readFileSync(bin);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const words: number[] = [];
    for (let i = 0; i < bytes.length; i += 4) words.push(view.getInt32(i, !bigEndian));
    return words;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
