import type { Instruction } from '../guest-image.js';
import type { SessionResult } from '../session.js';
import type { CodeView } from '../step-oracle.js';
import { disassembleWords, type FetchedWord } from '../word-disassembly.js';

/**
 * The instructions at every probe, as each vCPU was about to fetch them (binutils'
 * reading of the words in guest memory, not of vmlinux: the kernel patches its code), and
 * the words read after a load-and-reserve for GDB's atomic-sequence step.
 */
export function probedCode(session: SessionResult): CodeView {
  const words: FetchedWord[] = [];
  const wordAt = new Map<bigint, number>();
  for (const snapshot of session.probes.values()) {
    for (const v of snapshot.vcpus) {
      if (v.insn === undefined) continue;
      words.push({ address: v.nip, word: v.insn });
      wordAt.set(v.nip, v.insn);
      v.ahead?.forEach((w, i) => wordAt.set(v.nip + 4n * BigInt(i + 1), w));
    }
  }
  const byAddress: Map<bigint, Instruction> = disassembleWords(words);
  return { instruction: (address) => byAddress.get(address), word: (address) => wordAt.get(address) };
}
