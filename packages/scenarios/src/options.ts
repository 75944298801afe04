import os from 'node:os';
import type { HypervisorModel } from '@hvstep/hypervisor';
import { ENGINES, isEngine, type Engine } from '@hvstep/emulator-core';
import { SCENARIOS, scenarioNumber } from './scenarios/index.js';
import type { StepMode } from './session.js';

export interface RunnerOptions {
  /** Scenario ids to run ('1', '2a', '2b', ...). */
  readonly scenarios: readonly string[];
  readonly smp: readonly number[];
  readonly accels: readonly HypervisorModel[];
  readonly jobs: number;
  readonly write: boolean;
  readonly stepMode?: StepMode;
  /** The vCPUs' execution engine (default: the machine's). */
  readonly engine?: Engine;
}

export class UsageError extends Error {}

export const USAGE = `Usage: pnpm scenarios [options]

Runs the single-step scenarios of the spec (section 4) with gdb-multiarch against the
bundled guest, for every vCPU count and hypervisor model asked, prints a table and
writes docs/scenarios.md. Exits 1 if any run fails.

Options:
  --scenario N[,M]   scenarios to run (numbers of the spec; 2 runs 2a and 2b; default all)
  --smp 1,2,4        vCPU counts (default 1,2,4)
  --accel hv,pr      hypervisor models (default hv,pr)
  --jobs N           runs in parallel (default: the number of CPUs)
  --sstep emulated|native|off
                     force the debug target's single-step method (default: native on
                     pr, emulated on hv, as hvstep run); off shows the runaway step
  --engine interp|jit
                     the vCPUs' execution engine (default: the machine's, the interpreter)
  --no-write         do not write docs/scenarios.md
  -h, --help         this text
`;

function list(value: string | undefined, name: string): string[] {
  if (!value) throw new UsageError(`${name} needs a value`);
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

export function parseOptions(argv: readonly string[]): RunnerOptions | 'help' {
  let scenarios = SCENARIOS.map((s) => s.id);
  let smp = [1, 2, 4];
  let accels: HypervisorModel[] = ['hv', 'pr'];
  let jobs = os.availableParallelism();
  let write = true;
  let stepMode: StepMode | undefined;
  let engine: Engine | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '-h': case '--help': return 'help';
      case '--scenario': case '--scenarios': {
        const wanted = list(value(), '--scenario');
        scenarios = SCENARIOS.filter((s) => wanted.includes(s.id) || wanted.includes(String(scenarioNumber(s)))).map((s) => s.id);
        const unknown = wanted.filter((w) => !SCENARIOS.some((s) => s.id === w || String(scenarioNumber(s)) === w));
        if (unknown.length > 0) throw new UsageError(`--scenario: no scenario ${unknown.join(', ')} (1..25)`);
        break;
      }
      case '--smp':
        smp = list(value(), '--smp').map(Number);
        if (smp.some((n) => !Number.isInteger(n) || n < 1 || n > 32)) throw new UsageError('--smp: expected vCPU counts 1..32');
        break;
      case '--accel':
        accels = list(value(), '--accel') as HypervisorModel[];
        if (accels.some((a) => a !== 'hv' && a !== 'pr')) throw new UsageError('--accel: expected hv and/or pr');
        break;
      case '--jobs': case '-j':
        jobs = Number(value());
        if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs: expected a positive integer');
        break;
      case '--no-write': write = false; break;
      case '--sstep': {
        const m = value();
        if (m !== 'emulated' && m !== 'native' && m !== 'off') throw new UsageError('--sstep: expected emulated, native or off');
        stepMode = m;
        break;
      }
      case '--engine': {
        const e = value() ?? '';
        if (!isEngine(e)) throw new UsageError(`--engine: expected ${ENGINES.join(' or ')}`);
        engine = e;
        break;
      }
      default: throw new UsageError(`unknown option '${arg}'`);
    }
  }
  return { scenarios, smp, accels, jobs, write, ...(stepMode ? { stepMode } : {}), ...(engine ? { engine } : {}) };
}
