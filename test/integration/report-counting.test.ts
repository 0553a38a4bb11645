import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPersistenceActivities } from '../../activities/persistence';
import { reportsRoutes } from '../../api/reports.routes';
import type { BatchEvent } from '../../domain/events';
import { serveWith } from '../helpers/mounted';
import { seedReadModel } from '../helpers/read-model-seed';
import { startStack, token, uniqueId, type Stack } from '../helpers/stack';
import { positions } from '../../testkit';

// What each figure of the annual report counts, and by which date. 2041–2046 belong to this file, one year per test
// (a report counts a whole year): no other test writes facts dated in them. Facts go in the way the workflows write
// them (the persistence activity and its projections), or straight into the read model where the projection is not
// the point.
const p = uniqueId('cnt');
const id = (name: string) => `${p}-${name}`;
const at = (iso: string) => new Date(iso);

let stack: Stack;
let api: Awaited<ReturnType<typeof serveWith>>;
let persist: ReturnType<typeof createPersistenceActivities>['persistEvents'];
beforeAll(async () => {
  stack = await startStack();
  api = await serveWith(stack, [reportsRoutes]);
  persist = createPersistenceActivities({ db: stack.database.db }).persistEvents;
});
afterAll(async () => {
  await api?.stop();
  await stack?.stop();
});

async function report(year: number, accept?: string) {
  const res = await api.request('GET', `/api/v1/reports/annual?year=${year}`, {
    token: await token('AUDITOR'),
    ...(accept ? { headers: { accept } } : {}),
  });
  expect(res.status).toBe(200);
  return res.body;
}

let seq = 0;
const event = (type: string, payload: unknown, when: string, role: BatchEvent['actor']['role'] = 'ORG_HEAD') =>
  ({ seq: ++seq, type, actor: { id: 'head-wang', role }, at: when, payload }) satisfies BatchEvent;

function started(batchId: string, year: number, ruleset: Record<string, unknown> = { timerScale: 1 }) {
  return {
    kind: 'SELECTION',
    workflowId: `batch-${batchId}`,
    plan: {
      id: batchId,
      title: batchId,
      year,
      orgUnit: 'HQ',
      positions: [{ ...positions.office, seats: 1 }],
      candidates: [{ personId: 'c1', name: '王一', branchId: 'b1', positionId: 'p1' }],
      partyGroup: [{ memberId: 'm1', name: '书记', isSecretary: true }],
      relations: [],
    },
    ruleset,
  };
}

function batch(year: number, name: string, kind: 'SELECTION' | 'RANK_PROMOTION', stage: string, ruleset = {}) {
  const now = at(`${year}-06-01T00:00:00Z`);
  return {
    id: id(name),
    kind,
    title: name,
    year,
    orgUnit: 'HQ',
    stage,
    workflowId: `batch-${id(name)}`,
    ruleset,
    plan: {},
    createdBy: 'seed',
    createdAt: now,
    updatedAt: now,
  };
}
const check = (year: number, b: string, person: string, kind: string, result: string) => ({
  batchId: id(b),
  personId: person,
  kind,
  signer: 'single',
  result,
  actorId: 'x',
  actorRole: 'ORG_OFFICER',
  recordedAt: at(`${year}-04-01T02:00:00Z`),
});
const decision = (year: number, b: string, meetingId: string) => ({
  meeting: {
    batchId: id(b),
    meetingId,
    heldOn: `${year}-05-10`,
    members: 5,
    attendance: [],
    recordedBy: 'm1',
    recordedAt: at(`${year}-05-10T02:00:00Z`),
  },
  decision: {
    batchId: id(b),
    meetingId,
    personId: 'c1',
    outcome: 'APPROVED',
    agree: 5,
    disagree: 0,
    defer: 0,
    present: 5,
    recused: ['m5'],
  },
});

describe('annual report', () => {
  describe('GET /api/v1/reports/annual', () => {
    test('when an objection is suspended (暂缓) and later found unfounded, both resolutions are counted', async () => {
      const batchId = id('obj');
      seq = 0;
      await persist({
        batchId,
        events: [
          event('BATCH_STARTED', started(batchId, 2043), '2043-02-01T02:00:00Z', 'ORG_OFFICER'),
          event(
            'OBJECTION_FILED',
            { personId: 'c1', content: '…', objectionId: 'o1', channel: 'PUBLIC', receivedAt: '2043-03-02T02:00:00Z' },
            '2043-03-02T02:00:00Z',
            'PUBLIC',
          ),
          event(
            'OBJECTION_RESOLVED',
            {
              objectionId: 'o1',
              resolution: 'unverifiable',
              note: '线索待核',
              personId: 'c1',
              suspendedUntil: '2043-06-02T02:00:00.000Z',
            },
            '2043-03-05T02:00:00Z',
          ),
          event(
            'OBJECTION_RESOLVED',
            { objectionId: 'o1', resolution: 'unfounded', note: '经核查不属实', personId: 'c1' },
            '2043-04-20T02:00:00Z',
          ),
        ],
      });
      expect((await report(2043)).objections).toEqual({
        received: 1,
        fromPublic: 1,
        upheld: 0,
        suspended: 1,
        unfounded: 1,
        minor: 0,
        open: 0,
      });
      const detail = await stack.request('GET', `/api/v1/batches/${batchId}`, { token: await token('AUDITOR') });
      expect(detail.body.objections[0]).toMatchObject({
        resolution: 'unfounded',
        resolutions: [
          { resolution: 'unverifiable', suspendedUntil: '2043-06-02T02:00:00.000Z', note: '线索待核' },
          { resolution: 'unfounded', suspendedUntil: null, note: '经核查不属实' },
        ],
      });
    });

    test('when rank-promotion batches record checks, the 凡提四必 figures count them apart from selection batches', async () => {
      await seedReadModel(stack.database.db, {
        batches: [batch(2044, 'four-s', 'SELECTION', 'CLOSED'), batch(2044, 'four-r', 'RANK_PROMOTION', 'CLOSED')],
        vettingChecks: [
          check(2044, 'four-s', 'a', 'ARCHIVE_AUDIT', 'clear'),
          check(2044, 'four-s', 'a', 'DISCIPLINE_OPINION', 'clear'),
          check(2044, 'four-s', 'a', 'PETITION_CHECK', 'clear'),
          check(2044, 'four-r', 'q1', 'ARCHIVE_AUDIT', 'clear'),
          check(2044, 'four-r', 'q1', 'DISCIPLINE_OPINION', 'clear'),
          check(2044, 'four-r', 'q2', 'ARCHIVE_AUDIT', 'clear'),
          check(2044, 'four-r', 'q2', 'DISCIPLINE_OPINION', 'affects_use'),
        ],
      });
      const r = await report(2044);
      const done = (figures: { checks: Record<string, { done: number }> }) =>
        Object.fromEntries(Object.entries(figures.checks).map(([kind, c]) => [kind, c.done]));
      expect(done(r.fourMusts)).toEqual({
        ARCHIVE_AUDIT: 1,
        PERSONAL_MATTERS: 0,
        DISCIPLINE_OPINION: 1,
        PETITION_CHECK: 1,
      });
      expect(r.fourMusts).toMatchObject({ checksDone: 3, vetoes: 0 });
      expect(done(r.rankPromotionChecks)).toEqual({
        ARCHIVE_AUDIT: 2,
        PERSONAL_MATTERS: 0,
        DISCIPLINE_OPINION: 2,
        PETITION_CHECK: 0,
      });
      expect(r.rankPromotionChecks).toMatchObject({ checksDone: 4, vetoes: 1 });
    });

    test('when a probation outcome decided on 2041-12-28 is entered on 2042-01-04, it counts in 2041', async () => {
      const batchId = id('prob');
      seq = 0;
      await persist({
        batchId,
        events: [
          event('BATCH_STARTED', started(batchId, 2040), '2040-10-01T02:00:00Z', 'ORG_OFFICER'),
          event(
            'PROBATION_STARTED',
            {
              personId: 'c1',
              workflowId: `probation-${batchId}-c1`,
              startsOn: '2040-12-28',
              endsOn: '2041-12-28',
              changes: [{ personId: 'c1', state: 'ON_PROBATION' }],
            },
            '2040-12-28T02:00:00Z',
          ),
        ],
      });
      seq = 0;
      await persist({
        batchId: `probation:${batchId}:c1`,
        stream: 'probation',
        events: [
          event(
            'PROBATION_CONCLUDED',
            { batchId, personId: 'c1', outcome: 'CONFIRMED', decidedOn: '2041-12-28' },
            '2042-01-04T02:00:00Z',
          ),
        ],
      });
      expect((await report(2041)).probation).toMatchObject({ confirmed: 1 });
      expect((await report(2042)).probation).toMatchObject({ confirmed: 0 });
    });

    test('when a cancelled batch never had a candidate decided, it is listed apart and not counted in 批', async () => {
      const decided = decision(2045, 'cancelled-late', 'm1');
      await seedReadModel(stack.database.db, {
        batches: [
          { ...batch(2045, 'cancelled-early', 'SELECTION', 'CANCELLED'), cancelReason: '工作调整' },
          { ...batch(2045, 'cancelled-late', 'SELECTION', 'CANCELLED'), cancelReason: '任职前撤销' },
        ],
        meetings: [decided.meeting],
        decisions: [decided.decision],
      });
      const r = await report(2045);
      const counted = r.selectionBatchOutcomes.map((b: { id: string }) => b.id);
      expect(counted).toContain(id('cancelled-late'));
      expect(counted).not.toContain(id('cancelled-early'));
      expect(r.cancelledBeforeDecision).toEqual([
        { id: id('cancelled-early'), kind: 'SELECTION', title: 'cancelled-early', cancelReason: '工作调整' },
      ]);
      expect(r.selectionBatches.total).toBe(counted.length);
    });

    test('when a batch ran on scaled timers, it is left out of every figure and listed apart', async () => {
      const scaled = { timerScale: 0.00001 };
      const meeting = decision(2046, 'drill', 'm1');
      await seedReadModel(stack.database.db, {
        batches: [
          batch(2046, 'drill', 'SELECTION', 'CLOSED', scaled),
          batch(2046, 'drill-r', 'RANK_PROMOTION', 'CLOSED', scaled),
        ],
        appointments: [
          {
            batchId: id('drill'),
            personId: 'c1',
            positionId: 'p1',
            level: '正处',
            documentNo: 'drill-1',
            noticeDate: '2046-07-01',
            decisionDate: '2046-05-10',
            issuedBy: 'officer',
          },
        ],
        rankChanges: [
          {
            batchId: id('drill-r'),
            personId: 'q1',
            fromRank: '一级科员',
            toRank: '四级主任科员',
            documentNo: 'drill-r-1',
            approvedOn: '2046-07-01',
            decisionDate: '2046-05-10',
            recordedBy: 'head',
            recordedAt: at('2046-07-01T02:00:00Z'),
          },
        ],
        vettingChecks: [
          check(2046, 'drill', 'c1', 'PERSONAL_MATTERS', 'clear'),
          check(2046, 'drill-r', 'q1', 'INSPECTION', 'clear'),
        ],
        holds: [
          {
            batchId: id('drill'),
            holdId: 'h1',
            personId: 'c1',
            reason: '演练',
            placedBy: 'dg',
            placedAt: at('2046-04-05T02:00:00Z'),
          },
        ],
        objections: [
          {
            id: `${id('drill')}:o1`,
            batchId: id('drill'),
            personId: 'c1',
            channel: 'STAFF',
            content: '…',
            receivedAt: at('2046-06-20T02:00:00Z'),
            status: 'OPEN',
          },
        ],
        meetings: [meeting.meeting],
        decisions: [meeting.decision],
        probations: [
          { batchId: id('drill'), personId: 'c1', workflowId: 'w-drill', startsOn: '2046-07-01', endsOn: '2047-07-01' },
        ],
      });
      const r = await report(2046);
      expect(r.scaledBatchesLeftOut).toEqual([
        { id: id('drill'), kind: 'SELECTION', title: 'drill', timerScale: 0.00001 },
        { id: id('drill-r'), kind: 'RANK_PROMOTION', title: 'drill-r', timerScale: 0.00001 },
      ]);
      expect(r.selectionBatchOutcomes.map((b: { id: string }) => b.id)).not.toContain(id('drill'));
      // Nothing but the drills happened in 2046: no appointment, promotion, check, hold, objection, meeting, probation.
      expect([
        r.divisionLevelPromotions.people,
        r.rankPromotions.promotions,
        r.fourMusts.checks.PERSONAL_MATTERS.done,
        r.fourMusts.holds.placed,
        r.objections.open,
        r.recusals.recusals,
        r.probation.started,
      ]).toEqual([0, 0, 0, 0, 0, 0, 0]);
      expect(r.decisionMeetings).toMatchObject({ held: 0, byBatchKind: {} });
      expect([r.selectionBatches.total, r.rankPromotionBatches.total]).toEqual([0, 0]);
      expect(r.notes.join('\n')).toContain('2 个批次按缩短的时限运行');
    });

    test('when rendered as JSON and Markdown, a note under the figures says which date decides each figure', async () => {
      const json = await report(2046);
      expect(json.dateBasis).toEqual({
        batches: expect.stringContaining('year'),
        divisionLevelPromotions: expect.stringContaining('notice date'),
        sectionLevelAppointments: expect.stringContaining('notice date'),
        rankPromotions: expect.stringContaining('approval date'),
        training: expect.stringContaining('start date'),
      });
      const note =
        '统计口径：批次按批次所属年度，新提拔处级领导职务干部（人）和科级干部（任）按任职通知日期，职级晋升（任）按批准日期，培训（期）按开班日期统计';
      expect(json.notes[0]).toContain(note);
      const markdown: string = await report(2046, 'text/markdown');
      const figures = markdown.indexOf('## 分项数据');
      expect(markdown.indexOf(note)).toBeGreaterThan(figures);
    });
  });
});
