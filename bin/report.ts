// Writes the annual report (domain.md §5) from the read model.
import { writeFileSync } from 'node:fs';
import { integerArg, parseCli, usageError } from '../runtime/cli';

const { values } = parseCli({
  usage: `usage: npm run report -- --year YYYY [--format json|md|docx] [--out FILE]
  --year YYYY     the report's year
  --format F      md (default), json, or docx (the Word document the office submits)
  --out FILE      write to FILE instead of stdout
DATABASE_URL selects the database; unset, the embedded PostgreSQL that \`npm start\` runs (EMBEDDED_PG_PORT).`,
  options: {
    year: { type: 'string' },
    format: { type: 'string', default: 'md' },
    out: { type: 'string' },
  },
});
const year = integerArg('--year', values.year, { min: 2000, max: 2100 });
if (!['json', 'md', 'docx'].includes(values.format))
  usageError(`--format "${values.format}" is invalid: json, md or docx`);
if (values.format === 'docx' && !values.out && process.stdout.isTTY)
  usageError('a .docx is binary: pass --out FILE.docx (or redirect stdout)');

// Loaded once the arguments are known to be good: a mistyped option answers at once.
const { loadConfig } = await import('../config/config');
const { connectDatabase } = await import('../db/client');
const { createReportQueries } = await import('../db/report.queries');
const { renderAnnualReportDocument } = await import('../reports/report-document');
const { renderAnnualReportMarkdown } = await import('../domain/annual-report');

const config = loadConfig();
// The credentials runtime/postgres.ts gives the embedded development cluster.
const url = config.databaseUrl ?? `postgres://xuanren:xuanren@127.0.0.1:${config.embeddedPgPort}/xuanren`;
const database = connectDatabase(url, { max: 1 });
const progress = (done: number, total: number, what: string) => {
  const width = 20;
  const filled = Math.round((done / total) * width);
  const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${what}`;
  if (!process.stderr.isTTY) process.stderr.write(`${line}\n`);
  else process.stderr.write(`\r${line.padEnd(60)}${done === total ? '\n' : ''}`);
};
try {
  const report = await createReportQueries({ db: database.db }).annual(year, progress);
  if (values.format === 'docx') process.stderr.write('drawing the charts and writing the Word document\n');
  const output =
    values.format === 'docx'
      ? (
          await renderAnnualReportDocument(report, {
            onWarning: (message, err) =>
              process.stderr.write(`warning: ${message}${err instanceof Error ? `: ${err.message}` : ''}\n`),
          })
        ).docx
      : values.format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : renderAnnualReportMarkdown(report);
  if (values.out) {
    writeFileSync(values.out, output);
    process.stderr.write(`wrote the ${year} report to ${values.out}\n`);
  } else process.stdout.write(output);
} catch (err) {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  console.error(
    (e.cause?.code ?? e.code) === 'ECONNREFUSED'
      ? `cannot reach PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')}: set DATABASE_URL or run npm start`
      : `report failed: ${e.message ?? String(err)}`,
  );
  process.exitCode = 1;
} finally {
  await database.close();
}
