import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildCorpus, repoRoot } from './testing/repo.js';

/*
 * The README's main job runs guests/user/workload.elf, committed so that it runs on
 * a machine without the cross compiler. It must be exactly what its source
 * (test/corpus/bench.c, built by scripts/build-corpus.sh as the `le` variant, with
 * no build id) compiles to.
 */
describe('bundled guest program', () => {
  it('guests/user/workload.elf is the build of test/corpus/bench.c', () => {
    const corpus = buildCorpus();
    if (!corpus) throw new Error('the corpus could not be built (scripts/bootstrap.sh installs the cross compiler)');
    const built = readFileSync(path.join(corpus, 'le', 'bench'));
    const bundled = readFileSync(path.join(repoRoot(), 'guests/user/workload.elf'));
    expect(bundled.equals(built)).toBe(true);
  });
});
