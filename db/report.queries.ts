import { sql, type SQL } from 'drizzle-orm';
import {
  annualReportNotes,
  dateBasis,
  emptyTrainingCounts,
  reportBasis,
  type AnnualReport,
  type BatchOutcome,
  type BatchRef,
  type CheckCounts,
  type FourMustFigures,
  type FourMustKind,
  type MonthFigures,
  type TrainingCounts,
} from '../domain/annual-report';
import type { BatchKind } from '../domain/batch';
import { ranks, type Rank } from '../domain/ranks';
import { trainingKindLabels, trainingKinds, type TrainingKind } from '../domain/training';
import { fourMusts } from '../domain/vetting';
import { annualReportSchema } from '../domain/views/annual-report';
import { asView } from '../domain/views/view';
import type { Db } from './client';

/**
 * The annual figures (domain.md §5), each one SQL query over the read model: nothing is counted by hand, so any
 * figure can be re-derived from the database with the query beside it. Facts of a batch whose timers ran scaled
 * (a test, drill or demo: its public notice and probation did not really elapse) count nowhere.
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
      /** The fact belongs to a batch that ran at real time. */
      const real = (batchId: SQL = sql`batch_id`) =>
        sql`${batchId} not in (select id from batches where timer_scale < 1)`;
      /** A batch the party group never decided anything in, cancelled: listed apart, not one of the year's 批. */
      const cancelledBeforeDecision = (b: SQL) =>
        sql`(${b}.stage = 'CANCELLED' and not exists (select 1 from decisions d where d.batch_id = ${b}.id))`;

      const steps: [string, () => Promise<unknown>][] = [];
      const step = <T>(what: string, run: () => Promise<T>) => {
        let value: T | undefined;
        steps.push([what, async () => (value = await run())]);
        return () => value as T;
      };

      const batches = step('batches', () =>
        rows<{ kind: string; stage: string; n: number }>(sql`
          select kind, stage, count(*)::int as n from batches b
          where year = ${year} and timer_scale >= 1 and not ${cancelledBeforeDecision(sql`b`)}
          group by kind, stage order by kind, stage`),
      );
      const cancelled = step('batches cancelled before any decision', () =>
        rows<BatchRef & { cancelReason: string | null }>(sql`
          select id, kind, title, cancel_reason as "cancelReason" from batches b
          where year = ${year} and timer_scale >= 1 and ${cancelledBeforeDecision(sql`b`)}
          order by created_at, id`),
      );
      const scaled = step('batches with scaled timers', () =>
        rows<BatchRef & { timerScale: number }>(sql`
          select id, kind, title, timer_scale as "timerScale" from batches
          where year = ${year} and timer_scale < 1 order by created_at, id`),
      );
      const appointments = step('appointments', () =>
        rows<{ level: string; appointments: number; people: number }>(sql`
          select level, count(*)::int as appointments, count(distinct person_id)::int as people
          from appointments where ${onDate(sql`notice_date`)} and ${real()} group by level`),
      );
      const appointmentPeople = step('appointed people', () =>
        rows<{ band: string; people: number }>(sql`
          select case when level in ('正处', '副处') then 'division' else 'section' end as band,
                 count(distinct person_id)::int as people
          from appointments
          where ${onDate(sql`notice_date`)} and ${real()} and level in ('正处', '副处', '正科', '副科')
          group by 1`),
      );
      const rankChanges = step('rank promotions', () =>
        rows<{ to_rank: string; promotions: number; people: number }>(sql`
          select to_rank, count(*)::int as promotions, count(distinct person_id)::int as people
          from rank_changes where ${onDate(sql`approved_on`)} and ${real()} group by to_rank`),
      );
      const rankTotals = step('rank promotion totals', () =>
        rows<{ promotions: number; people: number }>(sql`
          select count(*)::int as promotions, count(distinct person_id)::int as people
          from rank_changes where ${onDate(sql`approved_on`)} and ${real()}`),
      );
      const checks = step('凡提四必 checks', () =>
        rows<{ batch_kind: BatchKind; kind: FourMustKind; result: keyof CheckCounts; n: number }>(sql`
          select b.kind as batch_kind, c.kind, c.result, count(*)::int as n
          from vetting_checks c join batches b on b.id = c.batch_id
          where ${atTime(sql`c.recorded_at`)} and b.timer_scale >= 1 and c.kind in (${sql.join(
            fourMusts.map((k) => sql`${k}`),
            sql`, `,
          )})
          group by b.kind, c.kind, c.result`),
      );
      const holds = step('holds', () =>
        rows<{ batch_kind: BatchKind; placed: number; lifted: number; on_candidates: number; on_batches: number }>(sql`
          select b.kind as batch_kind, count(*)::int as placed, count(h.lifted_at)::int as lifted,
                 count(h.person_id)::int as on_candidates, (count(*) - count(h.person_id))::int as on_batches
          from holds h join batches b on b.id = h.batch_id
          where ${atTime(sql`h.placed_at`)} and b.timer_scale >= 1 group by b.kind`),
      );
      // What happened to each objection: every resolution it received (objection_resolutions keeps them in order).
      const objections = step('objections', () => {
        const resolved = (resolution: string) =>
          sql`exists (select 1 from objection_resolutions r where r.objection_id = o.id and r.resolution = ${resolution})`;
        return rows<AnnualReport['objections']>(sql`
          select count(*)::int as "received",
                 count(*) filter (where o.channel = 'PUBLIC')::int as "fromPublic",
                 count(*) filter (where ${resolved('upheld')})::int as "upheld",
                 count(*) filter (where ${resolved('unverifiable')})::int as "suspended",
                 count(*) filter (where ${resolved('unfounded')})::int as "unfounded",
                 count(*) filter (where ${resolved('minor')})::int as "minor",
                 count(*) filter (where o.status = 'OPEN')::int as "open"
          from objections o where ${atTime(sql`o.received_at`)} and ${real(sql`o.batch_id`)}`);
      });
      const recusals = step('recusals', () =>
        rows<AnnualReport['recusals']>(sql`
          select coalesce(sum(jsonb_array_length(d.recused)), 0)::int as "recusals",
                 count(*) filter (where jsonb_array_length(d.recused) > 0)::int as "items"
          from decisions d join meetings m on m.batch_id = d.batch_id and m.meeting_id = d.meeting_id
          where ${onDate(sql`m.held_on`)} and ${real(sql`m.batch_id`)}`),
      );
      // An outcome counts by the party group's decision date, not by when it was entered (entered before the
      // column existed: the entry's date in Shanghai).
      const decidedOn = sql`coalesce(decided_on, (decided_at at time zone 'Asia/Shanghai')::date)`;
      const probation = step('probation', () =>
        rows<AnnualReport['probation']>(sql`
          select count(*) filter (where ${onDate(sql`starts_on`)})::int as "started",
                 count(*) filter (where outcome = 'CONFIRMED' and ${onDate(decidedOn)})::int as "confirmed",
                 count(*) filter (where outcome = 'PROBATION_FAILED' and ${onDate(decidedOn)})::int as "failed"
          from probations where ${real()}`),
      );
      const meetings = step('decision meetings', () =>
        rows<{ kind: string; n: number }>(sql`
          select b.kind, count(*)::int as n from meetings m join batches b on b.id = m.batch_id
          where ${onDate(sql`m.held_on`)} and b.timer_scale >= 1 group by b.kind`),
      );
      const items = step('decision items', () =>
        rows<{ outcome: 'APPROVED' | 'REJECTED' | 'DEFERRED'; n: number }>(sql`
          select d.outcome, count(*)::int as n
          from decisions d join meetings m on m.batch_id = d.batch_id and m.meeting_id = d.meeting_id
          where ${onDate(sql`m.held_on`)} and ${real(sql`m.batch_id`)} group by d.outcome`),
      );

      const batchOutcomes = step('selection batch outcomes', () =>
        rows<BatchOutcome>(sql`
          select b.id, b.title, b.stage,
                 count(c.person_id)::int as "candidates",
                 count(*) filter (where c.state in ('APPOINTED', 'ON_PROBATION', 'CONFIRMED', 'PROBATION_FAILED'))::int
                   as "appointed",
                 count(*) filter (where c.state = 'VETOED')::int as "vetoed",
                 count(*) filter (where c.state = 'DISQUALIFIED')::int as "disqualified",
                 count(*) filter (where c.state = 'REJECTED')::int as "rejected",
                 count(*) filter (where c.state = 'NOT_SELECTED')::int as "notSelected",
                 count(*) filter (where c.state = 'CANCELLED')::int as "cancelled",
                 count(*) filter (where c.state = 'WITHDRAWN')::int as "withdrawn",
                 count(*) filter (where c.state not in ('APPOINTED', 'ON_PROBATION', 'CONFIRMED', 'PROBATION_FAILED',
                   'VETOED', 'DISQUALIFIED', 'REJECTED', 'NOT_SELECTED', 'CANCELLED', 'WITHDRAWN'))::int as "inProgress"
          from batches b left join candidates c on c.batch_id = b.id
          where b.kind = 'SELECTION' and b.year = ${year} and b.timer_scale >= 1
            and not ${cancelledBeforeDecision(sql`b`)}
          group by b.id order by b.created_at, b.id`),
      );
      const monthly = step('appointments and promotions by month', () =>
        rows<MonthFigures>(sql`
          with a as (
            select extract(month from notice_date)::int as m,
                   count(*) filter (where level in ('正处', '副处')) as division,
                   count(*) filter (where level in ('正科', '副科')) as section
            from appointments where ${onDate(sql`notice_date`)} and ${real()} group by 1),
          r as (
            select extract(month from approved_on)::int as m, count(*) as n
            from rank_changes where ${onDate(sql`approved_on`)} and ${real()} group by 1)
          select months.m as "month", coalesce(a.division, 0)::int as "divisionAppointments",
                 coalesce(a.section, 0)::int as "sectionAppointments", coalesce(r.n, 0)::int as "rankPromotions"
          from generate_series(1, 12) as months(m) left join a using (m) left join r using (m)
          order by months.m`),
      );
      // grouping sets: one row per kind and one (kind null) for all kinds, so the overall averages are SQL's too.
      const trainingSessions = step('training sessions', () =>
        rows<{
          kind: TrainingKind | null;
          sessions: number;
          hours: number;
          evaluated_sessions: number;
          teaching_quality_average: number | null;
        }>(sql`
          select kind, count(*)::int as sessions, coalesce(sum(hours), 0)::float8 as hours,
                 count(evaluated_at)::int as evaluated_sessions,
                 round(avg(teaching_quality_score) filter (where evaluated_at is not null), 2)::float8
                   as teaching_quality_average
          from training_sessions where ${onDate(sql`starts_on`)}
          group by grouping sets ((kind), ())`),
      );
      const trainingParticipants = step('training participants and tests', () =>
        rows<{
          kind: TrainingKind | null;
          participants: number;
          people: number;
          participant_hours: number;
          tested: number;
          passed: number;
          failed: number;
          pass_rate: number | null;
          test_score_average: number | null;
        }>(sql`
          select s.kind, count(*)::int as participants, count(distinct p.person_id)::int as people,
                 coalesce(sum(s.hours), 0)::float8 as participant_hours,
                 count(*) filter (where p.test_passed is not null or p.test_score is not null)::int as tested,
                 count(*) filter (where p.test_passed)::int as passed,
                 count(*) filter (where not p.test_passed)::int as failed,
                 round(100.0 * count(*) filter (where p.test_passed)
                       / nullif(count(p.test_passed), 0), 1)::float8 as pass_rate,
                 round(avg(p.test_score), 2)::float8 as test_score_average
          from training_participants p join training_sessions s on s.id = p.session_id
          where ${onDate(sql`s.starts_on`)}
          group by grouping sets ((s.kind), ())`),
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
      const fourMustFigures = (batchKind: BatchKind): FourMustFigures => {
        const checkCounts = Object.fromEntries(
          fourMusts.map((kind) => {
            const counts: CheckCounts = { done: 0, clear: 0, issues_not_affecting: 0, affects_use: 0 };
            for (const row of checks().filter((c) => c.batch_kind === batchKind && c.kind === kind)) {
              counts[row.result] += row.n;
              counts.done += row.n;
            }
            return [kind, counts];
          }),
        ) as Record<FourMustKind, CheckCounts>;
        const h = holds().find((x) => x.batch_kind === batchKind);
        return {
          checks: checkCounts,
          checksDone: Object.values(checkCounts).reduce((n, c) => n + c.done, 0),
          vetoes: checkCounts.DISCIPLINE_OPINION.affects_use,
          disqualified:
            checkCounts.ARCHIVE_AUDIT.affects_use +
            checkCounts.PERSONAL_MATTERS.affects_use +
            checkCounts.PETITION_CHECK.affects_use,
          holds: {
            placed: h?.placed ?? 0,
            lifted: h?.lifted ?? 0,
            onCandidates: h?.on_candidates ?? 0,
            onBatches: h?.on_batches ?? 0,
          },
        };
      };
      const outcome = (o: 'APPROVED' | 'REJECTED' | 'DEFERRED') => items().find((x) => x.outcome === o)?.n ?? 0;

      const trainingOf = (kind: TrainingKind | null): TrainingCounts => {
        const s = trainingSessions().find((r) => r.kind === kind);
        const p = trainingParticipants().find((r) => r.kind === kind);
        return {
          ...emptyTrainingCounts(),
          ...(s && {
            sessions: s.sessions,
            hours: s.hours,
            evaluatedSessions: s.evaluated_sessions,
            teachingQualityAverage: s.teaching_quality_average,
          }),
          ...(p && {
            participants: p.participants,
            people: p.people,
            participantHours: p.participant_hours,
            tested: p.tested,
            passed: p.passed,
            failed: p.failed,
            passRate: p.pass_rate,
            testScoreAverage: p.test_score_average,
          }),
        };
      };

      return asView(annualReportSchema)({
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
        fourMusts: fourMustFigures('SELECTION'),
        rankPromotionChecks: fourMustFigures('RANK_PROMOTION'),
        objections: objections()[0]!,
        recusals: recusals()[0]!,
        probation: probation()[0]!,
        decisionMeetings: {
          held: meetings().reduce((n, x) => n + x.n, 0),
          byBatchKind: Object.fromEntries(meetings().map((x) => [x.kind, x.n])),
          items: { APPROVED: outcome('APPROVED'), REJECTED: outcome('REJECTED'), DEFERRED: outcome('DEFERRED') },
        },
        selectionBatchOutcomes: batchOutcomes(),
        monthly: monthly(),
        training: {
          ...trainingOf(null),
          byKind: trainingKinds.map((kind) => ({ kind, label: trainingKindLabels[kind], ...trainingOf(kind) })),
        },
        cancelledBeforeDecision: cancelled(),
        scaledBatchesLeftOut: scaled(),
        dateBasis,
        basis: reportBasis,
        notes: annualReportNotes({ cancelledBeforeDecision: cancelled(), scaledBatchesLeftOut: scaled() }),
      });
    },
  };
}
