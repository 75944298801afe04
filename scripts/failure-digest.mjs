// Prints what failed in a test run, last, so that whoever reads only the end of a long
// log (a CI log tail) learns which tests failed and how: each failed jest test from the
// packages' test-results/jest.json (package, file, test name, the first lines of its
// message) and each failed scenario run from the matrix logs in the directory given
// (the report's "scenario N on M, smp=K: FAILED" block without its transcripts).
import fs from 'node:fs';
import path from 'node:path';

const MESSAGE_LINES = 12;
const logsDir = process.argv[2];
const out = [];

for (const name of fs.readdirSync('packages').sort()) {
  const file = path.join('packages', name, 'test-results/jest.json');
  if (!fs.existsSync(file)) continue;
  let results;
  try { results = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { out.push(`${name}: unreadable ${file}`); continue; }
  for (const suite of results.testResults ?? []) {
    const where = path.relative(process.cwd(), suite.name);
    if (suite.status === 'failed' && (suite.assertionResults ?? []).every((a) => a.status !== 'failed')) {
      out.push(`FAILED ${where} (the suite itself)`, ...indent(suite.message));
    }
    for (const a of suite.assertionResults ?? []) {
      if (a.status !== 'failed') continue;
      out.push(`FAILED ${where} > ${a.fullName}`, ...indent((a.failureMessages ?? []).join('\n')));
    }
  }
}

if (logsDir && fs.existsSync(logsDir)) {
  for (const log of fs.readdirSync(logsDir).sort()) {
    const lines = fs.readFileSync(path.join(logsDir, log), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^scenario \S+ on \S+, smp=\d+: FAILED$/.test(lines[i])) continue;
      out.push(`FAILED ${log.replace(/\.txt$/, '')}: ${lines[i]}`);
      for (let j = i + 1; j < lines.length && /^ {2}(?!GDB transcript|guest console)\S/.test(lines[j]); j++) out.push(`  ${lines[j]}`);
    }
  }
}

if (out.length > 0) console.log(['', '== what failed ==', ...out].join('\n'));

function indent(text) {
  // jest's messages carry ANSI colours and a long stack: keep the first lines, plain
  return String(text ?? '').replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim() !== '')
    .slice(0, MESSAGE_LINES).map((l) => `    ${l.slice(0, 300)}`);
}
