import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseOptions, UsageError, USAGE } from './options.js';
import { SCENARIOS } from './scenarios/index.js';
import { LINUX_SCENARIOS } from './linux/scenarios/index.js';
import { BUNDLED_REPORT, LINUX_REPORT } from './report-text.js';
import { runPool } from './pool.js';
import { Progress } from './progress.js';
import { textTable, markdownReport, failureReport, counts } from './report.js';
import { REPO_ROOT } from './paths.js';
import type { RunTask } from './run-one.js';

/** `pnpm scenarios`: every single-step scenario × vCPU counts × hypervisor models, with gdb-multiarch. */
async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`scenarios: ${e.message}\n\n${USAGE}`); return 2; }
    throw e;
  }
  if (options === 'help') { process.stdout.write(USAGE); return 0; }
  const tasks: RunTask[] = [];
  const { guest } = options;
  for (const scenario of options.scenarios) {
    for (const accel of options.accels) {
      for (const smp of options.smp) {
        tasks.push({ guest, scenario, accel, smp, ...(options.stepMode ? { stepMode: options.stepMode } : {}), ...(options.engine ? { engine: options.engine } : {}) });
      }
    }
  }
  const scenarios = (guest === 'linux' ? LINUX_SCENARIOS : SCENARIOS).filter((s) => options.scenarios.includes(s.id));
  process.stdout.write(`${tasks.length} runs (${scenarios.length} ${guest === 'linux' ? 'Linux ' : ''}scenarios × ${options.accels.join(',')} × smp ${options.smp.join(',')}), ${options.jobs} at a time\n`);
  const t0 = Date.now();
  const progress = new Progress(tasks.length);
  const alone = new Set(guest === 'linux' ? LINUX_SCENARIOS.filter((s) => s.alone).map((s) => s.id) : []);
  const results = await runPool(tasks, options.jobs, (r, done) => progress.result(r, done), (t) => alone.has(t.scenario));
  progress.end();
  const wallMs = Date.now() - t0;
  for (const r of results) if (r.outcome === 'fail') process.stdout.write(`\n${failureReport(r, true)}\n`);
  process.stdout.write(`\n${textTable(scenarios, results)}\n`);
  const n = counts(results);
  process.stdout.write(`\n${n.pass} passed, ${n.fail} failed, ${n.na} not applicable, in ${(wallMs / 1000).toFixed(1)} s\n`);
  if (options.write) {
    const file = path.join(REPO_ROOT, guest === 'linux' ? 'docs/scenarios-linux.md' : 'docs/scenarios.md');
    const command = `pnpm scenarios${process.argv.slice(2).filter((a) => a !== '--no-write').map((a) => ` ${a}`).join('')}`;
    writeFileSync(file, markdownReport(guest === 'linux' ? LINUX_REPORT : BUNDLED_REPORT, scenarios, results, command, wallMs, options.jobs));
    process.stdout.write(`written ${path.relative(process.cwd(), file)}\n`);
  }
  return n.fail > 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`scenarios: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
