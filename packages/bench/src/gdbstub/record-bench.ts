import { spawn } from 'node:child_process';
import { hvstepStub, qemuStub, type Stub } from './continue-bench.js';

/** GDB's process record (`record full`) over the stub, timed through gdb-multiarch batch sessions. */
export interface RecordResult {
  readonly target: string;
  readonly breakpoint: string;
  readonly steps: number;
  /** Seconds for `stepi N` under `record full` (start-up subtracted). */
  readonly recordSeconds: number;
  /** Seconds for `reverse-stepi N` back over them. */
  readonly reverseSeconds: number;
}

/** Wall time of one session: break, continue, `record full`, `stepi n`, optionally `reverse-stepi n`, kill. */
async function session(stub: Stub, breakpoint: string, n: number, reverse: boolean): Promise<number> {
  const args = ['-batch', '-nx', '-ex', 'set remotetimeout 60', '-ex', `file ${stub.file}`, '-ex', `target remote 127.0.0.1:${stub.port}`,
    '-ex', `break ${breakpoint}`, '-ex', 'continue', '-ex', 'delete', '-ex', 'record full', '-ex', `stepi ${n}`, '-ex', 'info record'];
  if (reverse) args.push('-ex', `reverse-stepi ${n}`);
  args.push('-ex', 'kill');
  const start = performance.now();
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn('gdb-multiarch', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    p.stdout!.on('data', (d: Buffer) => { text += d.toString(); });
    p.stderr!.on('data', (d: Buffer) => { text += d.toString(); });
    p.on('error', reject);
    p.on('close', () => resolve(text));
  });
  const ms = performance.now() - start;
  if (!out.includes(`Log contains ${n} instructions`)) throw new Error(`${breakpoint}: the record log does not hold ${n} instructions:\n${out}`);
  return ms;
}

/**
 * `record full` + `stepi N`, then `reverse-stepi N`: each recorded step is a real step
 * plus what GDB reads to record it (the registers and memory the instruction will
 * change); each reverse step is GDB writing them back (`P`, `M`). hvstep: the bundled
 * kernel's memset (a 4 KiB clear, integer code only); QEMU: the workload's quicksort.
 */
export async function gdbRecord(kind: 'hv' | 'pr' | 'qemu', n: number): Promise<RecordResult> {
  const breakpoint = kind === 'qemu' ? 'quicksort' : 'memset';
  const time = async (count: number, reverse: boolean) => {
    const stub = kind === 'qemu' ? await qemuStub() : await hvstepStub(kind);
    try { return await session(stub, breakpoint, count, reverse); } finally { await stub.stop(); }
  };
  const once = await time(1, false);
  const forward = await time(n, false);
  const both = await time(n, true);
  const target = kind === 'qemu' ? 'QEMU TCG (qemu-ppc64le -g), user mode' : `hvstep ${kind === 'hv' ? 'hv (emulated step)' : 'pr (native step)'}, system`;
  return { target, breakpoint, steps: n, recordSeconds: (forward - once) / 1000, reverseSeconds: (both - forward) / 1000 };
}
