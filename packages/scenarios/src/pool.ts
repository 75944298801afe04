import { Piscina } from 'piscina';
import type { RunTask, RunResult } from './run-one.js';

/**
 * Runs the tasks on a piscina pool of `jobs` threads (each run boots its own Machine,
 * whose vCPUs are worker threads of that pool thread, and its own gdb-multiarch), and
 * reports each result as it finishes. Results come back in task order.
 */
export async function runPool(tasks: readonly RunTask[], jobs: number, onResult: (r: RunResult, done: number) => void): Promise<RunResult[]> {
  const pool = new Piscina<RunTask, RunResult>({
    filename: new URL('./worker.js', import.meta.url).href, minThreads: jobs, maxThreads: jobs, idleTimeout: 1000,
    // one run at a time per thread: runs measure their own time and must not share a thread's event loop
    concurrentTasksPerWorker: 1,
  });
  let done = 0;
  try {
    return await Promise.all(tasks.map(async (t) => {
      const r = await pool.run(t);
      onResult(r, ++done);
      return r;
    }));
  } finally {
    await pool.destroy();
  }
}
