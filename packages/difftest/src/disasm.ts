import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decoder } from '@hvstep/emulator-core';
import { wordsToBytes } from './elf.js';

const OBJDUMP = process.env['HVSTEP_OBJDUMP'] ?? '/usr/bin/powerpc64le-linux-gnu-objdump';

/**
 * Disassembles instruction words with binutils when it is installed (POWER9
 * mnemonics), else names them from the emulator's decode table.
 */
export function disassemble(words: readonly number[]): string[] {
  const fallback = (): string[] => words.map((w) => decoder.lookup(w)?.mnemonic ?? '.long (not in decode table)');
  if (words.length === 0) return [];
  if (!existsSync(OBJDUMP)) return fallback();
  const dir = mkdtempSync(join(tmpdir(), 'hvstep-disasm-'));
  try {
    const file = join(dir, 'code.bin');
    writeFileSync(file, wordsToBytes(words));
    const r = spawnSync(OBJDUMP, ['-D', '-b', 'binary', '-m', 'powerpc:common64', '-M', 'power9', '-EL', file], { encoding: 'utf8' });
    if (r.status !== 0) return fallback();
    const out = words.map(() => '');
    for (const line of r.stdout.split('\n')) {
      const m = /^\s*([0-9a-f]+):\t(?:[0-9a-f]{2} ){4}\t?(.*)$/.exec(line);
      if (!m) continue;
      const i = parseInt(m[1]!, 16) / 4;
      if (Number.isInteger(i) && i < out.length) out[i] = m[2]!.replace(/\s+/g, ' ').trim();
    }
    return out.map((s, i) => s || (decoder.lookup(words[i]!)?.mnemonic ?? '?'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
