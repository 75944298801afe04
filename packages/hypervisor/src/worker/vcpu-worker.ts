import { parentPort, workerData } from 'node:worker_threads';
import { VcpuRunner } from './vcpu-runner.js';
import * as M from '../mailbox.js';
import type { VcpuShared } from '../shared.js';

/*
 * A vCPU thread: waits in its mailbox for a run request, runs the guest until an
 * exit for userspace, posts the exit record and waits again. A guest or emulator
 * error becomes a Failed state carrying the message; the thread then ends. The
 * main thread never blocks on it: it waits with Atomics.waitAsync on EXIT_SEQ.
 */
const shared = workerData as VcpuShared;
const mailbox = new Int32Array(shared.mailbox);

function finish(state: number): void {
  Atomics.store(mailbox, M.MB_STATE, state);
  Atomics.add(mailbox, M.MB_EXIT_SEQ, 1);
  Atomics.notify(mailbox, M.MB_EXIT_SEQ);
}

try {
  const runner = new VcpuRunner(shared);
  for (;;) {
    let state = Atomics.load(mailbox, M.MB_STATE);
    while (state !== M.VcpuState.RunRequested && state !== M.VcpuState.Terminate) {
      Atomics.wait(mailbox, M.MB_STATE, state);
      state = Atomics.load(mailbox, M.MB_STATE);
    }
    if (state === M.VcpuState.Terminate) break;
    Atomics.store(mailbox, M.MB_STATE, M.VcpuState.Running);
    runner.runUntilExit();
    finish(M.VcpuState.Exited);
  }
} catch (e) {
  M.writeError(mailbox, e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));
  finish(M.VcpuState.Failed);
}
parentPort?.close();
