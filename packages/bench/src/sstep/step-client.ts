import { Worker } from 'node:worker_threads';

/** Round trips before the timed ones (stepLoop). */
export const STEP_WARMUP = 500;

/** What a run of the raw step loop measured: each round trip and the whole loop, in ms. */
export interface StepLoop {
  readonly latencies: number[];
  readonly totalMs: number;
}

/**
 * `steps` round trips of `packet` (RspClient, no-ack mode) from a worker thread, as a
 * debugger in another process would send them: a client on the stub's own thread
 * could not answer while the stub polls for its next packet (gdbstub/socket-poll.ts),
 * and would share that thread's event loop with it. QEMU's stub gets the same client.
 * Every reply must start with one of `accept`. The first `warmup` round trips are not
 * timed: hvstep's stub and step run as V8 compiles them for their first hundreds of
 * steps (a first 4,000 target steps ran at a fifth of the rate of the next ones), which
 * is not what a debugging session spends its time in; QEMU's side gets the same.
 */
export function stepLoop(port: number, packet: string, steps: number, accept: readonly string[], warmup = STEP_WARMUP): Promise<StepLoop> {
  const worker = new Worker(new URL('./step-client-worker.js', import.meta.url), { workerData: { port, packet, steps, accept, warmup } });
  return new Promise<StepLoop>((resolve, reject) => {
    worker.once('message', (m: { latencies: Float64Array; totalMs: number } | { error: string }) => {
      if ('error' in m) reject(new Error(m.error));
      else resolve({ latencies: [...m.latencies], totalMs: m.totalMs });
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`step client exited with ${code} before replying`)));
  });
}
