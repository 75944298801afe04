import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

/**
 * `node packages/bench/dist/gdbstub/step-ab.js <checkout A> <checkout B> [steps] [rounds] [hv|pr]`:
 * the raw `vCont;s` loop of the gdbstub benchmark (step-bench.ts protocolSteps: the
 * bundled guest run to smp_work, one vCPU, no-ack mode) against the stubs of two built
 * checkouts in one process, rounds alternating A and B (which goes first alternates
 * too). Prints each round's rates and median steps and the median of the B/A ratios.
 * Separate `pnpm bench` runs on the shared machine differ by more than a stub change;
 * this is interp-ab.ts's method for the stub. The A/A race (the same checkout twice)
 * gives the noise floor at that moment.
 */

interface RspClientLike { request(payload: string): Promise<string>; close(): void }
interface Side { client: RspClientLike; close: () => Promise<void> }

async function load<T>(root: string, path: string): Promise<T> {
  return (await import(pathToFileURL(join(root, path)).href)) as T;
}

async function setup(root: string, accel: 'hv' | 'pr'): Promise<Side> {
  const { GdbTcpServer } = await load<{ GdbTcpServer: new (target: unknown, o: { port: number; pollMicros?: number }) => { listen(): Promise<{ port: number }>; close(): Promise<void> } }>(root, 'packages/gdbstub/dist/index.js');
  const { DebugDriver } = await load<{ DebugDriver: new (o: { smp: number; accel: string; memoryBytes: number }) => { target: unknown; local(s: string): bigint; runTo(a: bigint): Promise<unknown>; kill(): Promise<void> } }>(root, 'packages/vmm/dist/testing/index.js');
  const { RspClient } = await load<{ RspClient: { open(port: number): Promise<RspClientLike> } }>(root, 'packages/bench/dist/sstep/rsp-client.js');
  const d = new DebugDriver({ smp: 1, accel, memoryBytes: 128 << 20 });
  await d.runTo(d.local('smp_work'));
  // the client runs on this thread: a poll for its next packet would hold it (socket-poll.ts)
  const server = new GdbTcpServer(d.target, { port: 0, pollMicros: 0 });
  const { port } = await server.listen();
  const client = await RspClient.open(port);
  return { client, close: async () => { client.close(); await server.close(); await d.kill(); } };
}

async function round(side: Side, steps: number): Promise<{ rate: number; medianUs: number }> {
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    const reply = await side.client.request('vCont;s:1');
    if (!reply.startsWith('T05')) throw new Error(`unexpected reply ${reply}`);
    latencies.push(performance.now() - t);
  }
  const total = performance.now() - start;
  latencies.sort((a, b) => a - b);
  return { rate: (steps * 1000) / total, medianUs: latencies[latencies.length >> 1]! * 1000 };
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;

async function main(): Promise<void> {
  const [a, b, stepsArg, roundsArg, accelArg] = process.argv.slice(2);
  if (!a || !b) throw new Error('usage: step-ab.js <checkout A> <checkout B> [steps] [rounds] [hv|pr]');
  const steps = Number(stepsArg ?? 3000), rounds = Number(roundsArg ?? 8), accel = (accelArg ?? 'hv') as 'hv' | 'pr';
  const sideA = await setup(a, accel), sideB = await setup(b, accel);
  try {
    await round(sideA, steps); await round(sideB, steps); // warm-up (V8's tiers), not counted
    const rate: number[] = [], med: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const bFirst = r % 2 === 1;
      const rb0 = bFirst ? await round(sideB, steps) : undefined;
      const ra = await round(sideA, steps);
      const rb = rb0 ?? await round(sideB, steps);
      rate.push(rb.rate / ra.rate); med.push(ra.medianUs / rb.medianUs);
      console.log(`round ${r}: A ${Math.round(ra.rate)}/s median ${ra.medianUs.toFixed(1)} µs, B ${Math.round(rb.rate)}/s median ${rb.medianUs.toFixed(1)} µs: B/A rate ${(rb.rate / ra.rate).toFixed(3)}, by the median step ${(ra.medianUs / rb.medianUs).toFixed(3)}`);
    }
    console.log(`median of ${rounds} rounds, B/A: rate ${median(rate).toFixed(3)} (${Math.min(...rate).toFixed(3)}-${Math.max(...rate).toFixed(3)}), by the median step ${median(med).toFixed(3)}`);
  } finally {
    await sideA.close(); await sideB.close();
  }
}

main().catch((e: unknown) => {
  console.error(`step-ab: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
