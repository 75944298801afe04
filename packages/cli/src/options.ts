import { UsageError } from './commands/command.js';
import { ENGINES, DEFAULT_ENGINE, isEngine, type Engine } from '@hvstep/emulator-core';

/** An option a command accepts: a flag, or one that takes a value (`--name value` or `--name=value`). */
export interface OptionSpec {
  name: string;
  alias?: string;
  takesValue?: boolean;
  repeatable?: boolean;
}

export interface ParsedOptions {
  /** Flags map to true; valued options to their (last) value, repeatable ones to every value. */
  values: Map<string, string | true | string[]>;
  /** The first non-option argument and everything after it (the guest program's own arguments). */
  rest: string[];
}

/**
 * Parses options up to the first non-option argument (or `--`), so that the guest
 * program's own options pass through untouched: `hvstep user --strace ./prog --verbose`.
 */
export function parseOptions(args: string[], specs: OptionSpec[], command: string): ParsedOptions {
  const values = new Map<string, string | true | string[]>();
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') { i++; break; }
    if (!arg.startsWith('-') || arg === '-') break;
    const eq = arg.indexOf('=');
    const key = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const spec = specs.find((s) => `--${s.name}` === key || (s.alias !== undefined && `-${s.alias}` === key));
    if (!spec) throw new UsageError(`unknown option '${arg}' (see hvstep ${command} --help)`);
    let value: string | true = true;
    if (spec.takesValue) {
      if (eq > 0 && key !== arg) value = arg.slice(eq + 1);
      else if (i + 1 < args.length) value = args[++i]!;
      else throw new UsageError(`option '${key}' needs a value (see hvstep ${command} --help)`);
    } else if (key !== arg) {
      throw new UsageError(`option '${key}' takes no value`);
    }
    if (spec.repeatable) {
      const list = values.get(spec.name);
      values.set(spec.name, [...(Array.isArray(list) ? list : []), value as string]);
    } else {
      values.set(spec.name, value);
    }
  }
  return { values, rest: args.slice(i) };
}

/** A count such as 1000000, 1_000_000, 250k, 5M or 2G (decimal multipliers). */
export function parseCount(text: string, what: string): bigint {
  const m = /^(\d[\d_]*)([kKmMgGtT]?)$/.exec(text);
  if (!m) throw new UsageError(`${what}: expected a positive number, got '${text}'`);
  const mult: Record<string, bigint> = { '': 1n, k: 1000n, m: 1000000n, g: 1000000000n, t: 1000000000000n };
  const n = BigInt(m[1]!.replace(/_/g, '')) * mult[m[2]!.toLowerCase()]!;
  if (n <= 0n) throw new UsageError(`${what}: must be positive`);
  return n;
}

/** A memory size in bytes from 512M, 1G, 2048 (MiB when no unit is given). */
export function parseSize(text: string, what: string): number {
  const m = /^(\d+)([kKmMgG]?)(i?[bB])?$/.exec(text);
  if (!m) throw new UsageError(`${what}: expected a size such as 512M or 1G, got '${text}'`);
  const unit = (m[2] || 'M').toLowerCase();
  const mult: Record<string, number> = { k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024 };
  return Number(m[1]) * mult[unit]!;
}

/** The value of --engine (`hvstep user`, `hvstep run`), `fallback` when absent. */
export function engineOption(value: string | string[] | boolean | undefined, fallback: Engine = DEFAULT_ENGINE): Engine {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !isEngine(value)) throw new UsageError(`--engine: expected ${ENGINES.join(' or ')}, got '${String(value)}'`);
  return value;
}

/** A GDB stub address from `[HOST:]PORT` (the host defaults to 127.0.0.1, never all interfaces). */
export function gdbAddressOption(text: string, flag: string): { host: string; port: number } {
  const m = /^(?:(.*):)?(\d+)$/.exec(text);
  if (!m || Number(m[2]) > 65535) throw new UsageError(`${flag}: expected [HOST:]PORT, got '${text}'`);
  return { host: m[1] || '127.0.0.1', port: Number(m[2]) };
}

/** The value of --gdb-poll-us: microseconds the stub polls for GDB's next packet (0 never polls). */
export function gdbPollOption(value: string | string[] | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n > 1_000_000) throw new UsageError(`--gdb-poll-us: expected microseconds 0..1000000, got '${String(value)}'`);
  return n;
}
