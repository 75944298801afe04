import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setElfEntry } from './elf.js';
import type { ProgramImage } from './program.js';
import { RECORD_SIZE, RECORD_MAGIC } from './state.js';
import type { CaseOutcome, SideResult, Stop, StopKind } from './outcome.js';

export const QEMU = process.env['HVSTEP_QEMU'] ?? '/usr/bin/qemu-ppc64le';

export interface ProcessResult { stdout: Buffer; stderr: string; code: number | null; signal: string | null; timedOut: boolean }

/** Runs an ELF image under qemu-ppc64le from a temporary file. */
export async function runQemuImage(elf: Uint8Array, timeoutMs = 60000): Promise<ProcessResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hvstep-difftest-'));
  const file = join(dir, 'case.elf');
  try {
    writeFileSync(file, elf, { mode: 0o755 });
    return await new Promise<ProcessResult>((resolve, reject) => {
      const child = spawn(QEMU, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let err = '';
      let timedOut = false;
      const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => { if (err.length < 8192) err += b.toString(); });
      child.on('error', (e) => { clearTimeout(timer); reject(e); });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ stdout: Buffer.concat(out), stderr: err, code, signal, timedOut });
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SIGNAL_KIND: Record<string, StopKind> = {
  SIGILL: 'SIGILL', SIGTRAP: 'SIGTRAP', SIGSEGV: 'SIGSEGV', SIGBUS: 'SIGBUS', SIGFPE: 'SIGFPE',
};

/** Classifies how a QEMU process that did not finish all cases ended. */
export function qemuStop(r: ProcessResult): Stop {
  const firstLine = r.stderr.split('\n').find((l) => l.trim() !== '') ?? '';
  if (r.timedOut) return { kind: 'timeout', detail: 'qemu killed after timeout' };
  if (r.signal && SIGNAL_KIND[r.signal]) return { kind: SIGNAL_KIND[r.signal]!, detail: `qemu: ${r.signal} ${firstLine}`.trim() };
  // QEMU 7.2 linux-user has no handler for the alignment interrupt that lmw/stmw and the
  // string instructions raise in little-endian mode: it aborts with "Unknown exception 0x5"
  // (POWERPC_EXCP_ALIGN). Linux would deliver SIGBUS.
  if (r.signal === 'SIGABRT' && /Unknown exception 0x5\b/.test(r.stderr)) {
    return { kind: 'SIGBUS', detail: 'qemu: alignment interrupt (qemu aborts: Unknown exception 0x5)' };
  }
  return { kind: 'crash', detail: `qemu: exit code ${r.code} signal ${r.signal} ${firstLine}`.trim() };
}

/** Splits a stdout stream into records, checking that they come in case order from `first`. */
export function splitRecords(stdout: Uint8Array, first: number): { records: Uint8Array[]; garbled: boolean } {
  const records: Uint8Array[] = [];
  const n = Math.floor(stdout.length / RECORD_SIZE);
  for (let i = 0; i < n; i++) {
    const rec = stdout.subarray(i * RECORD_SIZE, (i + 1) * RECORD_SIZE);
    const v = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    if (v.getUint32(0, true) !== RECORD_MAGIC || v.getUint32(4, true) !== first + i) return { records, garbled: true };
    records.push(rec.slice());
  }
  return { records, garbled: stdout.length % RECORD_SIZE !== 0 };
}

/**
 * Runs every case of the program under QEMU. When the process stops early the case
 * it was in gets that stop as its outcome and a new process starts at the next case
 * (the same image with another entry point, so addresses do not change).
 */
export async function runQemuProgram(image: ProgramImage, timeoutMs = 60000): Promise<SideResult> {
  const total = image.entries.length - 1;
  const outcomes: CaseOutcome[] = [];
  let starts = 0;
  const elf = image.elf.slice();
  while (outcomes.length < total) {
    const first = outcomes.length;
    setElfEntry(elf, image.entries[first]!);
    const r = await runQemuImage(elf, timeoutMs);
    starts++;
    const { records, garbled } = splitRecords(r.stdout, first);
    for (const rec of records) outcomes.push({ record: rec });
    if (outcomes.length >= total) break;
    const stop: Stop = garbled
      ? { kind: 'crash', detail: 'qemu: garbled output' }
      : r.code === 0 && !r.signal ? { kind: 'crash', detail: 'qemu: exited before the case ended' } : qemuStop(r);
    outcomes.push({ stop });
  }
  return { outcomes: outcomes.slice(0, total), starts };
}
