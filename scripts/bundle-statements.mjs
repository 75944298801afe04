// The template compiler's parsed statements for the bundle (statements.json; emulator-core
// jit/wasm/prebuilt-statements.ts): every text the block compiler parses, and each helper
// also as the bundle holds it. esbuild prints the functions it bundles again (dropping
// parentheses it does not need: `-1 << (31 - me)` becomes `-1 << 31 - me`), and a helper's
// `fn.toString()` in the bundle gives that text, which the file must hold to spare the
// parse. Used by scripts/bundle-cli.mjs and by packages/cli/src/bundle.test.ts.
import { transformSync } from 'esbuild';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export async function bundledStatementsJson(root) {
  const dist = path.join(root, 'packages/emulator-core/dist/jit/wasm');
  const { prebuiltStatementsJson } = await import(pathToFileURL(path.join(dist, 'prebuilt-statements.js')).href);
  const { blockStatementSources } = await import(pathToFileURL(path.join(dist, 'engine-block.js')).href);
  const sources = blockStatementSources();
  const printed = sources.filter((s) => s.startsWith('function ')).map((s) => transformSync(s, { loader: 'js' }).code.trimEnd());
  return prebuiltStatementsJson([...new Set([...sources, ...printed])]);
}
