import { readFileSync } from 'node:fs';
import { parse } from 'acorn';
import type * as es from 'acorn';

/**
 * The template compiler's parsed statements made ahead of time. Parsing the texts a
 * run needs with acorn (45 in the C workload: templates, the block frame, helpers;
 * 13 KB in all) took 22-38 ms of a short run, acorn's own code being still cold
 * (`node --cpu-prof`); reading the same trees back from JSON takes 3-5 ms. The
 * bundled command carries them as
 * `statements.json` beside itself (scripts/bundle-cli.mjs, from prebuiltStatementsJson;
 * bundle.test.ts checks the file is what this build makes). Without the file (tests,
 * the unbundled packages) every text is parsed, as before: the trees are the same.
 *
 * The file maps each source text to its tree as JSON text (parsed when the compiler
 * first asks for it), so a template whose text changed is never read from an old
 * file: its new text is not in it and is parsed.
 */
export const PREBUILT_STATEMENTS_FILE = 'statements.json';

/** File format: bumped when the trees' shape changes (acorn's major version). */
const FORMAT = 1;

interface PrebuiltFile { readonly format: number; readonly statements: Readonly<Record<string, string>> }

/** How the template compiler parses a text (acorn, ES2022 script). */
export function parseSource(source: string): es.Statement[] {
  return parse(source, { ecmaVersion: 2022, sourceType: 'script' }).body as es.Statement[];
}

/**
 * The JSON of the trees of `sources`. Positions are dropped (the compiler never reads
 * them); a literal JSON cannot carry (a regular expression, a BigInt) is refused, since
 * its tree would not come back the same.
 */
export function prebuiltStatementsJson(sources: Iterable<string>): string {
  const statements: Record<string, string> = {};
  for (const source of sources) {
    statements[source] = JSON.stringify(parseSource(source), (key, value: unknown) => {
      if (key === 'start' || key === 'end') return undefined;
      if (value instanceof RegExp || typeof value === 'bigint') throw new RangeError(`a literal JSON cannot carry in: ${source.slice(0, 60)}`);
      return value;
    });
  }
  return JSON.stringify({ format: FORMAT, statements } satisfies PrebuiltFile);
}

let prebuilt: ReadonlyMap<string, string> | undefined;

/** The trees beside this module (the bundle's), by source text; empty when there are none or they are of another format. */
function prebuiltStatements(): ReadonlyMap<string, string> {
  if (prebuilt === undefined) {
    let file: PrebuiltFile | undefined;
    try {
      file = JSON.parse(readFileSync(new URL(`./${PREBUILT_STATEMENTS_FILE}`, import.meta.url), 'utf8')) as PrebuiltFile;
    } catch { /* not bundled, or unreadable: every text is parsed */ }
    prebuilt = file !== undefined && file.format === FORMAT ? new Map(Object.entries(file.statements)) : new Map();
  }
  return prebuilt;
}

/** The statements of `source`: read from the prebuilt trees when they hold it, else parsed. */
export function statementsOf(source: string): es.Statement[] {
  const json = prebuiltStatements().get(source);
  return json !== undefined ? JSON.parse(json) as es.Statement[] : parseSource(source);
}
