// The closing line of .ci/run: the tests every vitest run of this CI executed, as one plain
// "tests: N passed, N failed" line (vitest's own summary is coloured and comes before the fuzzer's output).
import { existsSync, readFileSync } from 'node:fs';

const reports = process.argv.slice(2).filter((file) => existsSync(file));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of reports) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(reports.length === 0 || failed > 0 || passed === 0 ? 1 : 0);
