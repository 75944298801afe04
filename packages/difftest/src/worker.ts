import { runBatch, type BatchTask, type BatchResult } from './batch.js';

/** The piscina worker: one batch per task. */
export default async function worker(task: BatchTask): Promise<BatchResult> {
  return runBatch(task);
}
