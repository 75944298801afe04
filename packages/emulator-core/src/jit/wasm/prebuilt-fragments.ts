import { readFileSync } from 'node:fs';
import type { Fragment, Steering } from './fragments.js';

/**
 * Fragments (fragments.ts) made ahead of time. The bundled command carries them as
 * `fragments.json` beside itself (scripts/bundle-cli.mjs, from
 * fragment-enumeration.ts; bundle.test.ts checks the file is what this build makes):
 * for each template, the steering names it needs and its fragments for every
 * combination of their values, when there are few enough (fragment-enumeration.ts),
 * so that a run compiles only the fragments of templates with many combinations
 * (rotates, branches, SPR moves). Without the file (tests, the unbundled packages)
 * every fragment is compiled when first met: the fragments are the same.
 *
 * Each template's entry keeps the text it was compiled from (gen/block.ts
 * instructionTemplate64); an entry whose text is not the template's is not used.
 */
export const PREBUILT_FRAGMENTS_FILE = 'fragments.json';

/** File format: bumped when a fragment's representation changes. */
export const FRAGMENTS_FORMAT = 1;

export interface PrebuiltTemplate {
  readonly text: string;
  readonly steering: Steering;
  readonly fragments: Readonly<Record<string, Fragment | null>>;
}

export interface PrebuiltFragmentsFile {
  readonly format: number;
  /** By context key (engine-block.ts fragmentContext), then by mnemonic. */
  readonly contexts: Readonly<Record<string, Readonly<Record<string, PrebuiltTemplate>>>>;
}

let file: PrebuiltFragmentsFile | null | undefined;

/** Uses `prebuilt` in place of the file beside this module (tests; before the first block is compiled). */
export function usePrebuiltFragments(prebuilt: PrebuiltFragmentsFile | null): void { file = prebuilt; }

/** The prebuilt fragments of one context beside this module (the bundle's), by mnemonic; empty when there are none. */
export function prebuiltFragments(key: string): ReadonlyMap<string, PrebuiltTemplate> {
  if (file === undefined) {
    file = null;
    try {
      const read = JSON.parse(readFileSync(new URL(`./${PREBUILT_FRAGMENTS_FILE}`, import.meta.url), 'utf8')) as PrebuiltFragmentsFile;
      if (read.format === FRAGMENTS_FORMAT) file = read;
    } catch { /* not bundled, or unreadable: every fragment is compiled */ }
  }
  const context = file?.contexts[key];
  return new Map(context !== undefined ? Object.entries(context) : []);
}
