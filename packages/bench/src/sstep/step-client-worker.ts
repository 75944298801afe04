/** The worker side of step-client.ts: the raw step loop, its latencies posted back. */
import { parentPort, workerData } from 'node:worker_threads';
import { RspClient } from './rsp-client.js';

const { port, packet, steps, accept, warmup } = workerData as { port: number; packet: string; steps: number; accept: string[]; warmup: number };

async function loop(): Promise<void> {
  const client = await RspClient.open(port);
  try {
    const check = (reply: string): void => { if (!accept.some((a) => reply.startsWith(a))) throw new Error(`unexpected reply ${reply.slice(0, 80)}`); };
    for (let i = 0; i < warmup; i++) check(await client.request(packet));
    const latencies = new Float64Array(steps);
    const start = performance.now();
    for (let i = 0; i < steps; i++) {
      const t = performance.now();
      check(await client.request(packet));
      latencies[i] = performance.now() - t;
    }
    parentPort!.postMessage({ latencies, totalMs: performance.now() - start });
  } finally {
    client.close();
  }
}

loop().catch((e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) }));
