import { Piscina } from 'piscina';
import type { RunTask, RunResult } from './run-one.js';

/**
 * Runs the tasks on a piscina pool of `jobs` threads (each run boots its own Machine,
 * whose vCPUs are worker threads of that pool thread, and its own gdb-multiarch), and
 * reports each result as it finishes. Tasks for which `alone` holds run after the
 * others, one at a time with nothing beside them (a run that needs its vCPUs' threads
 * scheduled at once, which a second machine booting on the same cores can prevent).
 * Results come back in task order.
 */
export async function runPool(tasks: readonly RunTask[], jobs: number, onResult: (r: RunResult, done: number) => void,
  alone: (t: RunTask) => boolean = () => false): Promise<RunResult[]> {
  const pool = new Piscina<RunTask, RunResult>({
    filename: new URL('./worker.js', import.meta.url).href, minThreads: jobs, maxThreads: jobs, idleTimeout: 1000,
    // one run at a time per thread: runs measure their own time and must not share a thread's event loop
    concurrentTasksPerWorker: 1,
  });
  let done = 0;
  const results: RunResult[] = [];
  const run = async (i: number): Promise<void> => {
    const r = await pool.run(tasks[i]!);
    onResult(r, ++done);
    results[i] = r;
  };
  try {
    await Promise.all(tasks.map((t, i) => (alone(t) ? undefined : run(i))));
    for (let i = 0; i < tasks.length; i++) if (alone(tasks[i]!)) await run(i);
    return results;
  } finally {
    await pool.destroy();
  }
}
