import { runOne, type RunTask, type RunResult } from './run-one.js';

/** The piscina worker: one scenario run (its own Machine, stub and gdb-multiarch) per task. */
export default async function worker(task: RunTask): Promise<RunResult> {
  return runOne(task);
}
