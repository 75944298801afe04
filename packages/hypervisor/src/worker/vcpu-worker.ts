import { parentPort, workerData } from 'node:worker_threads';
import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { VcpuRunner } from './vcpu-runner.js';
import { makeInspector } from './inspector.js';
import * as M from '../mailbox.js';
import type { VcpuShared } from '../shared.js';

/*
 * A vCPU thread: waits in its mailbox for a run request, runs the guest until an
 * exit for userspace, posts the exit record and waits again. The wait is
 * asynchronous so that the thread answers comlink calls (worker/inspector.ts)
 * while its vCPU is stopped, but only after a short synchronous one (SYNC_WAIT_MS):
 * a run request that follows soon (a resume after an exit handled at once) is then
 * taken without a trip through the event loop. The main thread notifies MB_STATE
 * before a comlink call (Vcpu.inspector), so that the call is not held up. A guest or
 * emulator error becomes a Failed state carrying the message; the thread then ends.
 * The main thread waits for the exit with Atomics.waitAsync on EXIT_SEQ. A debugger's
 * step or continue starts on the main thread instead (Vcpu.runInline); this
 * thread takes the vCPU back at its next run (runner-handover.ts).
 */
const shared = workerData as VcpuShared;
const mailbox = new Int32Array(shared.mailbox);
/** How long the thread waits synchronously for its next run request before it lets the event loop serve calls (ms). */
const SYNC_WAIT_MS = 20;

function finish(state: number): void {
  Atomics.store(mailbox, M.MB_STATE, state);
  Atomics.add(mailbox, M.MB_EXIT_SEQ, 1);
  Atomics.notify(mailbox, M.MB_EXIT_SEQ);
}

async function main(): Promise<void> {
  const runner = new VcpuRunner(shared);
  if (parentPort) Comlink.expose(makeInspector(runner), nodeEndpoint(parentPort));
  for (;;) {
    let state = Atomics.load(mailbox, M.MB_STATE);
    if (state !== M.VcpuState.RunRequested && state !== M.VcpuState.Terminate) {
      Atomics.wait(mailbox, M.MB_STATE, state, SYNC_WAIT_MS);
      state = Atomics.load(mailbox, M.MB_STATE);
    }
    while (state !== M.VcpuState.RunRequested && state !== M.VcpuState.Terminate) {
      const wait = Atomics.waitAsync(mailbox, M.MB_STATE, state);
      if (wait.async) await wait.value;
      state = Atomics.load(mailbox, M.MB_STATE);
    }
    if (state === M.VcpuState.Terminate) break;
    Atomics.store(mailbox, M.MB_STATE, M.VcpuState.Running);
    runner.runUntilExit();
    finish(M.VcpuState.Exited);
  }
}

main().then(
  () => { parentPort?.close(); },
  (e: unknown) => {
    M.writeError(mailbox, e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));
    finish(M.VcpuState.Failed);
    parentPort?.close();
  },
);
