// The closing lines of .ci/run: the tests every vitest run of this CI executed (`npm test` and the fault suite),
// summed from their JSON reports, in vitest's own summary format without colour, and exit non-zero if none ran.
import { existsSync, readFileSync } from 'node:fs';

const reports = process.argv.slice(2).filter((file) => existsSync(file));
let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
for (const file of reports) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  files += report.testResults.length;
}
const total = passed + failed + skipped;
const counts = [failed && `${failed} failed`, `${passed} passed`, skipped && `${skipped} skipped`].filter(Boolean);
console.log(` Test Files  ${files} (${reports.length} vitest runs)`);
console.log(`      Tests  ${counts.join(' | ')} (${total})`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(reports.length === 0 || failed > 0 || passed === 0 ? 1 : 0);
