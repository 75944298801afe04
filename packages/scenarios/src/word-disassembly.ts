import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fAA } from '@hvstep/emulator-core';
import type { Instruction } from './guest-image.js';

/** An instruction word as a vCPU fetched it, at its effective address. */
export interface FetchedWord {
  readonly address: bigint;
  readonly word: number;
}

const WRAP = 1n << 64n;

/**
 * Binutils' reading of instruction words taken from guest memory rather than from an
 * ELF file (a kernel patches its own code at boot: feature sections, static keys), all
 * in one objdump run: the words are laid out one after another from address 0, so a
 * relative branch's printed target is its displacement plus the word's offset there.
 */
export function disassembleWords(words: readonly FetchedWord[]): Map<bigint, Instruction> {
  const result = new Map<bigint, Instruction>();
  const unique = [...new Map(words.map((w) => [`${w.address}:${w.word}`, w])).values()];
  if (unique.length === 0) return result;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hvstep-words-'));
  try {
    const file = path.join(dir, 'words.bin');
    const bytes = Buffer.alloc(unique.length * 4);
    unique.forEach((w, i) => bytes.writeUInt32LE(w.word >>> 0, i * 4));
    writeFileSync(file, bytes);
    const text = execFileSync('powerpc64le-linux-gnu-objdump',
      ['-D', '-b', 'binary', '-m', 'powerpc:common64', '-M', 'power10', '-EL', '--no-show-raw-insn', file],
      { encoding: 'utf8', maxBuffer: 64 << 20 });
    for (const line of text.split('\n')) {
      const m = /^\s*([0-9a-f]+):\s+(\S+)\s*(.*?)\s*$/.exec(line);
      if (!m) continue;
      const offset = Number.parseInt(m[1]!, 16);
      const w = unique[offset / 4];
      if (!w || offset % 4 !== 0) continue;
      const mnemonic = m[2]!;
      const operands = (m[3] ?? '').replace(/\s*<[^>]*>$/, '');
      const last = (operands.split(',').pop() ?? '').trim();
      let target: bigint | undefined;
      if (mnemonic.startsWith('b') && /^0x[0-9a-f]+$/.test(last)) {
        const printed = BigInt(last);
        // absolute forms (ba, bla, bca, bcla: AA=1) name the address itself
        const absolute = fAA(w.word) === 1;
        target = absolute ? printed : (w.address + printed - BigInt(offset) + WRAP) % WRAP;
      }
      result.set(w.address, { address: w.address, mnemonic, operands, ...(target !== undefined ? { target } : {}) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
