import { sql, type SQL } from 'drizzle-orm';
import { reportBasis, type AnnualReport, type CheckCounts, type FourMustKind } from '../domain/annual-report';
import { ranks, type Rank } from '../domain/ranks';
import { fourMusts } from '../domain/vetting';
import type { Db } from './client';

/**
 * The annual figures (domain.md §5), each one SQL query over the read model: nothing is counted by hand, so any
 * figure can be re-derived from the database with the query beside it.
 */
export function createReportQueries({ db }: { db: Db }) {
  const rows = async <T>(query: SQL) => (await db.execute(query)) as unknown as T[];

  return {
    async annual(year: number, onProgress: (done: number, total: number, what: string) => void = () => {}) {
      // Dates compare as dates; instants against the year's bounds in Asia/Shanghai (index-friendly, exact).
      const from = `${year}-01-01`;
      const to = `${year + 1}-01-01`;
      const fromAt = `${from}T00:00:00+08:00`;
      const toAt = `${to}T00:00:00+08:00`;
      const onDate = (column: SQL) => sql`${column} >= ${from}::date and ${column} < ${to}::date`;
      const atTime = (column: SQL) => sql`${column} >= ${fromAt}::timestamptz and ${column} < ${toAt}::timestamptz`;

      const steps: [string, () => Promise<unknown>][] = [];
      const step = <T>(what: string, run: () => Promise<T>) => {
        let value: T | undefined;
        steps.push([what, async () => (value = await run())]);
        return () => value as T;
      };

      const batches = step('batches', () =>
        rows<{ kind: string; stage: string; n: number }>(sql`
          select kind, stage, count(*)::int as n from batches where year = ${year} group by kind, stage order by kind, stage`),
      );
      const appointments = step('appointments', () =>
        rows<{ level: string; appointments: number; people: number }>(sql`
          select level, count(*)::int as appointments, count(distinct person_id)::int as people
          from appointments where ${onDate(sql`notice_date`)} group by level`),
      );
      const appointmentPeople = step('appointed people', () =>
        rows<{ band: string; people: number }>(sql`
          select case when level in ('正处', '副处') then 'division' else 'section' end as band,
                 count(distinct person_id)::int as people
          from appointments where ${onDate(sql`notice_date`)} and level in ('正处', '副处', '正科', '副科')
          group by 1`),
      );
      const rankChanges = step('rank promotions', () =>
        rows<{ to_rank: string; promotions: number; people: number }>(sql`
          select to_rank, count(*)::int as promotions, count(distinct person_id)::int as people
          from rank_changes where ${onDate(sql`approved_on`)} group by to_rank`),
      );
      const rankTotals = step('rank promotion totals', () =>
        rows<{ promotions: number; people: number }>(sql`
          select count(*)::int as promotions, count(distinct person_id)::int as people
          from rank_changes where ${onDate(sql`approved_on`)}`),
      );
      const checks = step('凡提四必 checks', () =>
        rows<{ kind: FourMustKind; result: keyof CheckCounts; n: number }>(sql`
          select kind, result, count(*)::int as n from vetting_checks
          where ${atTime(sql`recorded_at`)} and kind in (${sql.join(
            fourMusts.map((k) => sql`${k}`),
            sql`, `,
          )})
          group by kind, result`),
      );
      const holds = step('holds', () =>
        rows<{ placed: number; lifted: number; on_candidates: number; on_batches: number }>(sql`
          select count(*)::int as placed, count(lifted_at)::int as lifted,
                 count(person_id)::int as on_candidates, (count(*) - count(person_id))::int as on_batches
          from holds where ${atTime(sql`placed_at`)}`),
      );
      const objections = step('objections', () =>
        rows<AnnualReport['objections']>(sql`
          select count(*)::int as "received",
                 count(*) filter (where channel = 'PUBLIC')::int as "fromPublic",
                 count(*) filter (where resolution = 'upheld')::int as "upheld",
                 count(*) filter (where resolution = 'unverifiable')::int as "suspended",
                 count(*) filter (where resolution = 'unfounded')::int as "unfounded",
                 count(*) filter (where resolution = 'minor')::int as "minor",
                 count(*) filter (where status = 'OPEN')::int as "open"
          from objections where ${atTime(sql`received_at`)}`),
      );
      const recusals = step('recusals', () =>
        rows<AnnualReport['recusals']>(sql`
          select coalesce(sum(jsonb_array_length(d.recused)), 0)::int as "recusals",
                 count(*) filter (where jsonb_array_length(d.recused) > 0)::int as "items"
          from decisions d join meetings m on m.batch_id = d.batch_id and m.meeting_id = d.meeting_id
          where ${onDate(sql`m.held_on`)}`),
      );
      const probation = step('probation', () =>
        rows<AnnualReport['probation']>(sql`
          select count(*) filter (where ${onDate(sql`starts_on`)})::int as "started",
                 count(*) filter (where outcome = 'CONFIRMED' and ${atTime(sql`decided_at`)})::int as "confirmed",
                 count(*) filter (where outcome = 'PROBATION_FAILED' and ${atTime(sql`decided_at`)})::int as "failed"
          from probations`),
      );
      const meetings = step('decision meetings', () =>
        rows<{ kind: string; n: number }>(sql`
          select b.kind, count(*)::int as n from meetings m join batches b on b.id = m.batch_id
          where ${onDate(sql`m.held_on`)} group by b.kind`),
      );
      const items = step('decision items', () =>
        rows<{ outcome: 'APPROVED' | 'REJECTED' | 'DEFERRED'; n: number }>(sql`
          select d.outcome, count(*)::int as n
          from decisions d join meetings m on m.batch_id = d.batch_id and m.meeting_id = d.meeting_id
          where ${onDate(sql`m.held_on`)} group by d.outcome`),
      );

      for (const [i, [what, run]] of steps.entries()) {
        onProgress(i, steps.length, what);
        await run();
      }
      onProgress(steps.length, steps.length, 'done');

      const byStage = (kind: string) =>
        Object.fromEntries(
          batches()
            .filter((b) => b.kind === kind)
            .map((b) => [b.stage, b.n]),
        );
      const total = (kind: string) =>
        batches()
          .filter((b) => b.kind === kind)
          .reduce((n, b) => n + b.n, 0);
      const level = (name: string) => {
        const row = appointments().find((a) => a.level === name);
        return { appointments: row?.appointments ?? 0, people: row?.people ?? 0 };
      };
      const sum = (names: string[]) =>
        appointments()
          .filter((a) => names.includes(a.level))
          .reduce((n, a) => n + a.appointments, 0);
      const bandPeople = (band: string) => appointmentPeople().find((b) => b.band === band)?.people ?? 0;
      const checkCounts = Object.fromEntries(
        fourMusts.map((kind) => {
          const counts: CheckCounts = { done: 0, clear: 0, issues_not_affecting: 0, affects_use: 0 };
          for (const row of checks().filter((c) => c.kind === kind)) {
            counts[row.result] += row.n;
            counts.done += row.n;
          }
          return [kind, counts];
        }),
      ) as Record<FourMustKind, CheckCounts>;
      const h = holds()[0]!;
      const outcome = (o: 'APPROVED' | 'REJECTED' | 'DEFERRED') => items().find((x) => x.outcome === o)?.n ?? 0;

      const report: AnnualReport = {
        year,
        selectionBatches: { total: total('SELECTION'), byStage: byStage('SELECTION') },
        rankPromotionBatches: { total: total('RANK_PROMOTION'), byStage: byStage('RANK_PROMOTION') },
        divisionLevelPromotions: {
          people: bandPeople('division'),
          appointments: sum(['正处', '副处']),
          byLevel: { 正处: level('正处'), 副处: level('副处') },
        },
        sectionLevelAppointments: {
          appointments: sum(['正科', '副科']),
          people: bandPeople('section'),
          byLevel: { 正科: level('正科'), 副科: level('副科') },
        },
        rankPromotions: {
          ...rankTotals()[0]!,
          byTargetRank: rankChanges()
            .map((r) => ({ rank: r.to_rank as Rank, promotions: r.promotions, people: r.people }))
            .sort((a, b) => ranks.indexOf(a.rank) - ranks.indexOf(b.rank)),
        },
        fourMusts: {
          checks: checkCounts,
          checksDone: Object.values(checkCounts).reduce((n, c) => n + c.done, 0),
          vetoes: checkCounts.DISCIPLINE_OPINION.affects_use,
          disqualified:
            checkCounts.ARCHIVE_AUDIT.affects_use +
            checkCounts.PERSONAL_MATTERS.affects_use +
            checkCounts.PETITION_CHECK.affects_use,
          holds: { placed: h.placed, lifted: h.lifted, onCandidates: h.on_candidates, onBatches: h.on_batches },
        },
        objections: objections()[0]!,
        recusals: recusals()[0]!,
        probation: probation()[0]!,
        decisionMeetings: {
          held: meetings().reduce((n, x) => n + x.n, 0),
          byBatchKind: Object.fromEntries(meetings().map((x) => [x.kind, x.n])),
          items: { APPROVED: outcome('APPROVED'), REJECTED: outcome('REJECTED'), DEFERRED: outcome('DEFERRED') },
        },
        training: null,
        basis: reportBasis,
        notes: ['培训 N 期：培训记录自后续版本起录入，本报告暂不统计（training sessions are not recorded yet).'],
      };
      return report;
    },
  };
}
