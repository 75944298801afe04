export { runOne, type RunTask, type RunResult } from './run-one.js';
export { runPool } from './pool.js';
export { SCENARIOS, scenarioById } from './scenarios/index.js';
export { parseOptions, type RunnerOptions } from './options.js';
export { textTable, markdownReport, failureReport, counts } from './report.js';
export type { Scenario, ScenarioContext } from './scenario.js';
