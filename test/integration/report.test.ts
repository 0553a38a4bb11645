import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { reportsRoutes } from '../../api/reports.routes';
import type { AnnualReport } from '../../domain/annual-report';
import { serveWith } from '../helpers/mounted';
import { seedReadModel, type ReadModelSeed } from '../helpers/read-model-seed';
import { startStack, token, uniqueId, type Stack } from '../helpers/stack';

// 2031 belongs to this file: no other test writes facts dated in it. Rows just outside the year (Shanghai time)
// check the bounds; every expected figure is computed below from the rows themselves, not read back from SQL.
const YEAR = 2031;
const p = uniqueId('rep');
const id = (name: string) => `${p}-${name}`;
const at = (iso: string) => new Date(iso);
const now = at('2031-06-01T00:00:00Z');

function batch(name: string, kind: 'SELECTION' | 'RANK_PROMOTION', year: number, stage: string) {
  return {
    id: id(name),
    kind,
    title: name,
    year,
    orgUnit: 'HQ',
    stage,
    workflowId: `batch-${id(name)}`,
    ruleset: {},
    plan: {},
    createdBy: 'seed',
    createdAt: now,
    updatedAt: now,
  };
}
const appointment = (b: string, person: string, level: string, noticeDate: string) => ({
  batchId: id(b),
  personId: id(person),
  positionId: `${level}-post`,
  level,
  documentNo: `${b}-${person}`,
  noticeDate,
  decisionDate: noticeDate,
  issuedBy: 'officer',
});
const rankChange = (b: string, person: string, fromRank: string, toRank: string, approvedOn: string) => ({
  batchId: id(b),
  personId: id(person),
  fromRank,
  toRank,
  documentNo: `${b}-${person}`,
  approvedOn,
  decisionDate: approvedOn,
  recordedBy: 'head',
  recordedAt: now,
});
const check = (b: string, person: string, kind: string, result: string, recordedAt: string, signer = 'single') => ({
  batchId: id(b),
  personId: id(person),
  kind,
  signer,
  result,
  actorId: 'x',
  actorRole: 'ORG_OFFICER',
  recordedAt: at(recordedAt),
});
let resolutionSeq = 100;
const resolution = (b: string, objection: string, outcome: string, resolvedAt: string) => ({
  batchId: id(b),
  seq: resolutionSeq++,
  objectionId: `${id(b)}:${objection}`,
  resolution: outcome,
  resolvedBy: 'head',
  resolvedAt: at(resolvedAt),
});

const seed = {
  batches: [
    batch('s1', 'SELECTION', 2031, 'CLOSED'),
    batch('s2', 'SELECTION', 2031, 'CLOSED'),
    batch('s3', 'SELECTION', 2031, 'CANCELLED'),
    batch('s2030', 'SELECTION', 2030, 'CLOSED'),
    batch('s2032', 'SELECTION', 2032, 'INSPECTING'),
    batch('r1', 'RANK_PROMOTION', 2031, 'CLOSED'),
    batch('r2', 'RANK_PROMOTION', 2031, 'APPOINTING'),
    batch('r2030', 'RANK_PROMOTION', 2030, 'CLOSED'),
  ],
  appointments: [
    appointment('s1', 'a', '正处', '2031-03-10'),
    appointment('s1', 'b', '副处', '2031-03-10'),
    appointment('s1', 'c', '正科', '2031-03-10'),
    // b again, to 正处: one person newly promoted twice counts once among the 人.
    appointment('s2', 'b', '正处', '2031-09-01'),
    appointment('s2', 'd', '副科', '2031-09-01'),
    appointment('s2', 'e', '正科', '2031-12-31'),
    // A 2030 batch whose appointment came in 2031 counts in 2031; one dated 2030 does not.
    appointment('s2030', 'f', '副处', '2031-01-05'),
    appointment('s2030', 'g', '正科', '2030-12-31'),
    appointment('s2032', 'h', '副科', '2032-01-01'),
  ],
  rankChanges: [
    rankChange('r1', 'q1', '四级主任科员', '三级主任科员', '2031-05-01'),
    rankChange('r1', 'q2', '四级主任科员', '三级主任科员', '2031-05-01'),
    rankChange('r1', 'q3', '一级主任科员', '四级调研员', '2031-05-01'),
    rankChange('r2', 'q1', '三级主任科员', '二级主任科员', '2031-12-01'),
    rankChange('r2', 'q4', '二级科员', '一级科员', '2031-12-31'),
    rankChange('r2030', 'q6', '一级科员', '四级主任科员', '2031-01-10'),
    rankChange('r2030', 'q7', '一级科员', '四级主任科员', '2030-12-31'),
  ],
  vettingChecks: [
    // 2031-01-01 00:00 in Shanghai is still 2030 in UTC: in the year.
    check('s1', 'a', 'ARCHIVE_AUDIT', 'clear', '2030-12-31T16:00:00Z'),
    check('s1', 'a', 'PERSONAL_MATTERS', 'clear', '2031-02-01T02:00:00Z'),
    check('s1', 'a', 'DISCIPLINE_OPINION', 'clear', '2031-02-01T02:00:00Z'),
    check('s1', 'a', 'PETITION_CHECK', 'issues_not_affecting', '2031-02-01T02:00:00Z'),
    check('s1', 'a', 'BRANCH_OPINION', 'clear', '2031-02-01T02:00:00Z'),
    check('s1', 'a', 'INTEGRITY_CONCLUSION', 'clear', '2031-02-01T02:00:00Z', 'secretary'),
    check('s1', 'a', 'INTEGRITY_CONCLUSION', 'clear', '2031-02-01T02:00:00Z', 'discipline'),
    check('s1', 'v', 'DISCIPLINE_OPINION', 'affects_use', '2031-02-02T02:00:00Z'),
    check('s2', 'w', 'ARCHIVE_AUDIT', 'affects_use', '2031-07-02T02:00:00Z'),
    check('s2', 'd', 'PERSONAL_MATTERS', 'issues_not_affecting', '2031-12-31T15:59:59Z'),
    check('r1', 'q1', 'ARCHIVE_AUDIT', 'clear', '2031-04-01T02:00:00Z'),
    check('r1', 'q1', 'DISCIPLINE_OPINION', 'clear', '2031-04-01T02:00:00Z'),
    check('r1', 'q1', 'INSPECTION', 'clear', '2031-04-01T02:00:00Z'),
    check('r1', 'q5', 'DISCIPLINE_OPINION', 'affects_use', '2031-04-02T02:00:00Z'),
    // Outside the year by a second on each side.
    check('s2030', 'f', 'ARCHIVE_AUDIT', 'clear', '2030-12-31T15:59:59Z'),
    check('s2032', 'h', 'DISCIPLINE_OPINION', 'affects_use', '2031-12-31T16:00:00Z'),
  ],
  holds: [
    {
      batchId: id('s1'),
      holdId: 'h1',
      personId: id('a'),
      reason: '线索核查',
      placedBy: 'dg',
      placedAt: at('2031-02-05T02:00:00Z'),
      liftedBy: 'dg',
      liftedAt: at('2031-02-20T02:00:00Z'),
    },
    {
      batchId: id('s2'),
      holdId: 'h2',
      personId: null,
      reason: '整体暂停',
      placedBy: 'dg',
      placedAt: at('2031-08-05T02:00:00Z'),
    },
    {
      batchId: id('s2030'),
      holdId: 'h3',
      personId: null,
      reason: '上年',
      placedBy: 'dg',
      placedAt: at('2030-11-05T02:00:00Z'),
    },
  ],
  objections: [
    {
      id: `${id('s1')}:o1`,
      batchId: id('s1'),
      personId: id('a'),
      channel: 'PUBLIC',
      content: '…',
      receivedAt: at('2031-03-01T02:00:00Z'),
      status: 'RESOLVED',
      resolution: 'unfounded',
    },
    {
      id: `${id('s1')}:o2`,
      batchId: id('s1'),
      personId: id('x'),
      channel: 'PUBLIC',
      content: '…',
      receivedAt: at('2031-03-02T02:00:00Z'),
      status: 'RESOLVED',
      resolution: 'upheld',
    },
    {
      id: `${id('s2')}:o3`,
      batchId: id('s2'),
      personId: id('d'),
      channel: 'STAFF',
      content: '…',
      receivedAt: at('2031-08-20T02:00:00Z'),
      status: 'SUSPENDED',
      resolution: 'unverifiable',
    },
    {
      id: `${id('s2')}:o4`,
      batchId: id('s2'),
      personId: id('e'),
      channel: 'PUBLIC',
      content: '…',
      receivedAt: at('2031-12-20T02:00:00Z'),
      status: 'OPEN',
    },
    {
      id: `${id('r1')}:o5`,
      batchId: id('r1'),
      personId: id('q2'),
      channel: 'PUBLIC',
      content: '…',
      receivedAt: at('2031-04-20T02:00:00Z'),
      status: 'RESOLVED',
      resolution: 'minor',
    },
    {
      id: `${id('s2030')}:o6`,
      batchId: id('s2030'),
      personId: id('f'),
      channel: 'PUBLIC',
      content: '…',
      receivedAt: at('2030-12-20T02:00:00Z'),
      status: 'RESOLVED',
      resolution: 'upheld',
    },
  ],
  // What the projection writes for each resolution (the objections rows above show the latest).
  objectionResolutions: [
    resolution('s1', 'o1', 'unfounded', '2031-03-05T02:00:00Z'),
    resolution('s1', 'o2', 'upheld', '2031-03-06T02:00:00Z'),
    resolution('s2', 'o3', 'unverifiable', '2031-08-25T02:00:00Z'),
    resolution('r1', 'o5', 'minor', '2031-04-25T02:00:00Z'),
    resolution('s2030', 'o6', 'upheld', '2030-12-25T02:00:00Z'),
  ],
  meetings: [
    {
      batchId: id('s1'),
      meetingId: 'm1',
      heldOn: '2031-02-25',
      members: 7,
      attendance: [],
      recordedBy: 'm1',
      recordedAt: now,
    },
    {
      batchId: id('s2'),
      meetingId: 'm1',
      heldOn: '2031-08-10',
      members: 7,
      attendance: [],
      recordedBy: 'm1',
      recordedAt: now,
    },
    {
      batchId: id('s2'),
      meetingId: 'm2',
      heldOn: '2031-08-17',
      members: 7,
      attendance: [],
      recordedBy: 'm1',
      recordedAt: now,
    },
    {
      batchId: id('r1'),
      meetingId: 'm1',
      heldOn: '2031-04-10',
      members: 7,
      attendance: [],
      recordedBy: 'm1',
      recordedAt: now,
    },
    {
      batchId: id('s2030'),
      meetingId: 'm1',
      heldOn: '2030-12-10',
      members: 7,
      attendance: [],
      recordedBy: 'm1',
      recordedAt: now,
    },
  ],
  decisions: [
    {
      batchId: id('s1'),
      meetingId: 'm1',
      personId: id('a'),
      outcome: 'APPROVED',
      agree: 7,
      disagree: 0,
      defer: 0,
      present: 7,
      recused: [],
    },
    {
      batchId: id('s1'),
      meetingId: 'm1',
      personId: id('b'),
      outcome: 'APPROVED',
      agree: 6,
      disagree: 0,
      defer: 0,
      present: 6,
      recused: ['m7'],
    },
    {
      batchId: id('s1'),
      meetingId: 'm1',
      personId: id('y'),
      outcome: 'REJECTED',
      agree: 2,
      disagree: 5,
      defer: 0,
      present: 7,
      recused: [],
    },
    {
      batchId: id('s2'),
      meetingId: 'm1',
      personId: id('d'),
      outcome: 'DEFERRED',
      agree: 3,
      disagree: 0,
      defer: 3,
      present: 5,
      recused: ['m6', 'm7'],
    },
    {
      batchId: id('s2'),
      meetingId: 'm2',
      personId: id('d'),
      outcome: 'APPROVED',
      agree: 5,
      disagree: 0,
      defer: 0,
      present: 5,
      recused: ['m6', 'm7'],
    },
    {
      batchId: id('r1'),
      meetingId: 'm1',
      personId: id('q1'),
      outcome: 'APPROVED',
      agree: 7,
      disagree: 0,
      defer: 0,
      present: 7,
      recused: [],
    },
    {
      batchId: id('s2030'),
      meetingId: 'm1',
      personId: id('f'),
      outcome: 'APPROVED',
      agree: 6,
      disagree: 0,
      defer: 0,
      present: 6,
      recused: ['m2'],
    },
  ],
  probations: [
    { batchId: id('s1'), personId: id('a'), workflowId: 'w-a', startsOn: '2031-03-10', endsOn: '2032-03-10' },
    {
      batchId: id('s1'),
      personId: id('b'),
      workflowId: 'w-b',
      startsOn: '2031-03-10',
      endsOn: '2032-03-10',
      outcome: 'PROBATION_FAILED',
      decidedBy: 'head',
      decidedAt: at('2031-10-01T02:00:00Z'),
      reason: '不胜任',
    },
    {
      batchId: id('s2030'),
      personId: id('f'),
      workflowId: 'w-f',
      startsOn: '2030-03-01',
      endsOn: '2031-03-01',
      outcome: 'CONFIRMED',
      decidedBy: 'head',
      decidedAt: at('2031-03-05T02:00:00Z'),
    },
    {
      batchId: id('s2030'),
      personId: id('g'),
      workflowId: 'w-g',
      startsOn: '2029-03-01',
      endsOn: '2030-03-01',
      outcome: 'CONFIRMED',
      decidedBy: 'head',
      decidedAt: at('2030-03-05T02:00:00Z'),
    },
  ],
} satisfies ReadModelSeed;

// ---------- the expected figures, computed here from the rows ----------

const shanghaiYear = (d: Date) => new Date(d.getTime() + 8 * 3600_000).getUTCFullYear();
const inYear = (v: string | Date | null | undefined) =>
  v !== null && v !== undefined && (typeof v === 'string' ? Number(v.slice(0, 4)) === YEAR : shanghaiYear(v) === YEAR);
const countBy = <T>(rows: T[], key: (r: T) => string) =>
  rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [key(r)]: (acc[key(r)] ?? 0) + 1 }), {});
const distinct = <T>(rows: T[], key: (r: T) => string) => new Set(rows.map(key)).size;

const noTraining = {
  sessions: 0,
  participants: 0,
  people: 0,
  hours: 0,
  participantHours: 0,
  evaluatedSessions: 0,
  teachingQualityAverage: null,
  tested: 0,
  passed: 0,
  failed: 0,
  passRate: null,
  testScoreAverage: null,
};

function expected(): AnnualReport {
  const kindOf = (batchId: string) => seed.batches.find((b) => b.id === batchId)!.kind;
  // A batch cancelled before the party group decided on anyone is listed apart, not counted among the year's 批.
  const neverDecided = (b: (typeof seed.batches)[number]) =>
    b.stage === 'CANCELLED' && !seed.decisions.some((d) => d.batchId === b.id);
  const yearBatches = (kind: string) => seed.batches.filter((b) => b.kind === kind && b.year === YEAR);
  const batchesOf = (kind: string) => yearBatches(kind).filter((b) => !neverDecided(b));
  const appointments = seed.appointments.filter((a) => inYear(a.noticeDate));
  const level = (l: string) => appointments.filter((a) => a.level === l);
  const division = appointments.filter((a) => a.level === '正处' || a.level === '副处');
  const section = appointments.filter((a) => a.level === '正科' || a.level === '副科');
  const changes = seed.rankChanges.filter((r) => inYear(r.approvedOn));
  const ladder = [
    '一级巡视员',
    '二级巡视员',
    '一级调研员',
    '二级调研员',
    '三级调研员',
    '四级调研员',
    '一级主任科员',
    '二级主任科员',
    '三级主任科员',
    '四级主任科员',
    '一级科员',
    '二级科员',
  ];
  // 凡提四必 of selection batches, and the same checks of rank batches apart.
  const fourMusts = (batchKind: string) => {
    const checks = seed.vettingChecks.filter((c) => inYear(c.recordedAt) && kindOf(c.batchId) === batchKind);
    const counts = (kind: string) => {
      const rows = checks.filter((c) => c.kind === kind);
      const of = (result: string) => rows.filter((c) => c.result === result).length;
      return {
        done: rows.length,
        clear: of('clear'),
        issues_not_affecting: of('issues_not_affecting'),
        affects_use: of('affects_use'),
      };
    };
    const four = {
      ARCHIVE_AUDIT: counts('ARCHIVE_AUDIT'),
      PERSONAL_MATTERS: counts('PERSONAL_MATTERS'),
      DISCIPLINE_OPINION: counts('DISCIPLINE_OPINION'),
      PETITION_CHECK: counts('PETITION_CHECK'),
    };
    const holds = seed.holds.filter((h) => inYear(h.placedAt) && kindOf(h.batchId) === batchKind);
    return {
      checks: four,
      checksDone: Object.values(four).reduce((n, c) => n + c.done, 0),
      vetoes: four.DISCIPLINE_OPINION.affects_use,
      disqualified:
        four.ARCHIVE_AUDIT.affects_use + four.PERSONAL_MATTERS.affects_use + four.PETITION_CHECK.affects_use,
      holds: {
        placed: holds.length,
        lifted: holds.filter((h) => 'liftedAt' in h && h.liftedAt).length,
        onCandidates: holds.filter((h) => h.personId !== null).length,
        onBatches: holds.filter((h) => h.personId === null).length,
      },
    };
  };
  const objections = seed.objections.filter((o) => inYear(o.receivedAt));
  // Each resolution an objection received counts once.
  const resolved = (r: string) =>
    objections.filter((o) => seed.objectionResolutions.some((x) => x.objectionId === o.id && x.resolution === r))
      .length;
  const meetings = seed.meetings.filter((m) => inYear(m.heldOn));
  const decisions = seed.decisions.filter((d) =>
    meetings.some((m) => m.batchId === d.batchId && m.meetingId === d.meetingId),
  );
  const probations = seed.probations;
  const decidedIn = (outcome: string) =>
    probations.filter((x) => 'outcome' in x && x.outcome === outcome && inYear(x.decidedAt)).length;
  return {
    year: YEAR,
    selectionBatches: {
      total: batchesOf('SELECTION').length,
      byStage: countBy(batchesOf('SELECTION'), (b) => b.stage),
    },
    rankPromotionBatches: {
      total: batchesOf('RANK_PROMOTION').length,
      byStage: countBy(batchesOf('RANK_PROMOTION'), (b) => b.stage),
    },
    divisionLevelPromotions: {
      people: distinct(division, (a) => a.personId),
      appointments: division.length,
      byLevel: {
        正处: { appointments: level('正处').length, people: distinct(level('正处'), (a) => a.personId) },
        副处: { appointments: level('副处').length, people: distinct(level('副处'), (a) => a.personId) },
      },
    },
    sectionLevelAppointments: {
      appointments: section.length,
      people: distinct(section, (a) => a.personId),
      byLevel: {
        正科: { appointments: level('正科').length, people: distinct(level('正科'), (a) => a.personId) },
        副科: { appointments: level('副科').length, people: distinct(level('副科'), (a) => a.personId) },
      },
    },
    rankPromotions: {
      promotions: changes.length,
      people: distinct(changes, (r) => r.personId),
      byTargetRank: ladder
        .filter((rank) => changes.some((r) => r.toRank === rank))
        .map((rank) => {
          const to = changes.filter((r) => r.toRank === rank);
          return { rank: rank as never, promotions: to.length, people: distinct(to, (r) => r.personId) };
        }),
    },
    fourMusts: fourMusts('SELECTION'),
    rankPromotionChecks: fourMusts('RANK_PROMOTION'),
    objections: {
      received: objections.length,
      fromPublic: objections.filter((o) => o.channel === 'PUBLIC').length,
      upheld: resolved('upheld'),
      suspended: resolved('unverifiable'),
      unfounded: resolved('unfounded'),
      minor: resolved('minor'),
      open: objections.filter((o) => o.status === 'OPEN').length,
    },
    recusals: {
      recusals: decisions.reduce((n, d) => n + d.recused.length, 0),
      items: decisions.filter((d) => d.recused.length > 0).length,
    },
    probation: {
      started: probations.filter((x) => inYear(x.startsOn)).length,
      confirmed: decidedIn('CONFIRMED'),
      failed: decidedIn('PROBATION_FAILED'),
    },
    decisionMeetings: {
      held: meetings.length,
      byBatchKind: countBy(meetings, (m) => kindOf(m.batchId)),
      items: {
        APPROVED: decisions.filter((d) => d.outcome === 'APPROVED').length,
        REJECTED: decisions.filter((d) => d.outcome === 'REJECTED').length,
        DEFERRED: decisions.filter((d) => d.outcome === 'DEFERRED').length,
      },
    },
    // No candidates are seeded for 2031: each selection batch of the year is listed with zeros, in id order.
    selectionBatchOutcomes: batchesOf('SELECTION')
      .map((b) => b.id)
      .sort()
      .map((batchId) => ({
        id: batchId,
        title: seed.batches.find((b) => b.id === batchId)!.title,
        stage: seed.batches.find((b) => b.id === batchId)!.stage,
        candidates: 0,
        appointed: 0,
        vetoed: 0,
        disqualified: 0,
        rejected: 0,
        notSelected: 0,
        cancelled: 0,
        withdrawn: 0,
        inProgress: 0,
      })),
    monthly: Array.from({ length: 12 }, (_, i) => {
      const inMonth = (date: string) => Number(date.slice(5, 7)) === i + 1;
      return {
        month: i + 1,
        divisionAppointments: division.filter((a) => inMonth(a.noticeDate)).length,
        sectionAppointments: section.filter((a) => inMonth(a.noticeDate)).length,
        rankPromotions: changes.filter((r) => inMonth(r.approvedOn)).length,
      };
    }),
    // Training has its own year (2033, test/integration/training-report.test.ts): none in 2031.
    training: {
      ...noTraining,
      byKind: (['BUSINESS', 'LEADERSHIP', 'INITIAL', 'TRANSFER', 'OTHER'] as const).map((kind, i) => ({
        kind,
        label: ['业务培训', '领导力培训', '初任培训', '转任培训', '其他培训'][i]!,
        ...noTraining,
      })),
    },
    cancelledBeforeDecision: seed.batches
      .filter((b) => b.year === YEAR && neverDecided(b))
      .map((b) => ({ id: b.id, kind: b.kind, title: b.title, cancelReason: null })),
    scaledBatchesLeftOut: [],
    dateBasis: expect.any(Object) as unknown as AnnualReport['dateBasis'],
    basis: expect.any(String) as unknown as string,
    notes: expect.any(Array) as unknown as string[],
  };
}

let stack: Stack;
let api: Awaited<ReturnType<typeof serveWith>>;
beforeAll(async () => {
  stack = await startStack();
  api = await serveWith(stack, [reportsRoutes]);
  await seedReadModel(stack.database.db, seed);
});
afterAll(async () => {
  await api?.stop();
  await stack?.stop();
});

describe('annual report', () => {
  describe('GET /api/v1/reports/annual', () => {
    test('when the seeded year is reported as JSON, every figure matches the rows', async () => {
      const res = await api.request('GET', `/api/v1/reports/annual?year=${YEAR}`, { token: await token('AUDITOR') });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expected());
      // The headline figures, spelled out: 2 selection batches (s3, cancelled before any decision, is listed apart),
      // 3 people newly 处级 (b twice), 3 appointments to 科级 posts, 6 rank promotions of 5 people.
      expect([
        res.body.selectionBatches.total,
        res.body.divisionLevelPromotions.people,
        res.body.sectionLevelAppointments.appointments,
        res.body.rankPromotions.promotions,
        res.body.rankPromotions.people,
      ]).toEqual([2, 3, 3, 6, 5]);
      expect(res.body.cancelledBeforeDecision.map((b: { id: string }) => b.id)).toEqual([id('s3')]);
      // The rank batch's veto (r1, q5) is counted apart from the selection batches'.
      expect(res.body.fourMusts).toMatchObject({ vetoes: 1, disqualified: 1 });
      expect(res.body.rankPromotionChecks).toMatchObject({ vetoes: 1, disqualified: 0 });
      expect(res.body.objections).toMatchObject({ received: 5, upheld: 1, suspended: 1 });
      expect(res.body.recusals).toEqual({ recusals: 5, items: 3 });
    });

    test('when asked for text/markdown, the summary paragraph is rendered with the numbers filled in', async () => {
      const res = await api.request('GET', `/api/v1/reports/annual?year=${YEAR}`, {
        token: await token('PARTY_GROUP_MEMBER'),
        headers: { accept: 'text/markdown' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/markdown/);
      expect(res.body).toContain(
        '开展干部选拔 2 批，新提拔处级领导职务干部 3 人，科级干部 3 任，职级晋升 6 任，组织开展业务培训、领导力培训、初任培训、转任培训等 0 期。',
      );
      expect(res.body).toContain(`# ${YEAR}年度干部选拔任用工作情况`);
      expect(res.body).toContain('纪检监察机关否决 1 人');
    });

    test('when a year has no data, every figure is zero', async () => {
      const res = await api.request('GET', '/api/v1/reports/annual?year=2088', { token: await token('ORG_OFFICER') });
      expect(res.body).toMatchObject({
        selectionBatches: { total: 0, byStage: {} },
        divisionLevelPromotions: { people: 0 },
        rankPromotions: { promotions: 0, people: 0, byTargetRank: [] },
        decisionMeetings: { held: 0 },
      });
    });

    test('when the year is missing or the caller is anonymous, 400 / 401', async () => {
      const bad = await api.request('GET', '/api/v1/reports/annual?year=31', { token: await token('ORG_OFFICER') });
      expect([bad.status, bad.body.errors?.[0]?.path]).toEqual([400, 'year']);
      expect((await api.request('GET', `/api/v1/reports/annual?year=${YEAR}`)).status).toBe(401);
    });
  });

  describe('npm run report', () => {
    test('when the CLI writes the year as JSON and as Markdown, the files hold the same figures', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'xuanren-report-'));
      try {
        const run = (args: string[]) =>
          promisify(execFile)('npx', ['tsx', 'bin/report.ts', '--year', String(YEAR), ...args], {
            env: { ...process.env, DATABASE_URL: inject('databaseUrl') },
          });
        const json = await run(['--format', 'json', '--out', join(dir, 'r.json')]);
        expect(json.stderr).toContain(`wrote the ${YEAR} report`);
        expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))).toEqual(expected());
        await run(['--out', join(dir, 'r.md')]);
        expect(readFileSync(join(dir, 'r.md'), 'utf8')).toContain(
          '开展干部选拔 2 批，新提拔处级领导职务干部 3 人，科级干部 3 任，职级晋升 6 任，组织开展业务培训、领导力培训、初任培训、转任培训等 0 期。',
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  });
});
