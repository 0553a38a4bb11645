import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appointmentsTable, rankChangesTable } from '../../db/schema';
import type { Role } from '../../domain/roles';
import { startStack, token, uniqueId, type Stack } from '../helpers/stack';

// Training sessions over the real HTTP stack. Dates: sessions in 2024 (long over, calendar loaded) and 2091 (not yet
// held, no official calendar: calendar.api and role-matrix load 2099, no test loads 2091); no report test counts
// either year's training.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const officer = () => token('ORG_OFFICER', { sub: 'officer-li' });
const as = async (role: Role) => token(role, { sub: `t-${role}` });

function sessionBody(overrides: Record<string, unknown> = {}) {
  return {
    id: uniqueId('tr'),
    kind: 'BUSINESS',
    title: '2024年统计业务培训班',
    organiser: '局组织人事处',
    startsOn: '2024-02-26',
    endsOn: '2024-03-01',
    hours: 32,
    participants: [uniqueId('p'), uniqueId('p')],
    ...overrides,
  };
}

async function create(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return stack.request('POST', '/api/v1/training-sessions', { token: await officer(), body, headers });
}

describe('training sessions', () => {
  describe('POST /api/v1/training-sessions', () => {
    test('when the office records a session, 201 with the session, its participants and its evaluation due date', async () => {
      const body = sessionBody({ location: '局三楼会议室' });
      const res = await create(body);
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe(`/api/v1/training-sessions/${body.id}`);
      expect(res.body).toMatchObject({
        id: body.id,
        kind: 'BUSINESS',
        kindLabel: '业务培训',
        title: body.title,
        organiser: '局组织人事处',
        location: '局三楼会议室',
        startsOn: '2024-02-26',
        endsOn: '2024-03-01',
        hours: 32,
        participantCount: 2,
        participants: [...body.participants].sort().map((personId) => ({ personId, learningTest: null })),
        evaluation: null,
        createdBy: 'officer-li',
        // 2024-03-01 is a Friday; 10 working days later (no holiday in March 2024) is Friday 2024-03-15.
        evaluationDueOn: '2024-03-15',
        evaluationOverdue: true,
      });
    });

    test('when the body breaks the rules, 400 problem+json naming each field', async () => {
      const cases: [Record<string, unknown>, string[]][] = [
        [{ kind: 'COOKING' }, ['kind']],
        [{ title: '' }, ['title']],
        [{ startsOn: '2024-02-30' }, ['startsOn']],
        [{ endsOn: '2024-02-01' }, ['endsOn']],
        [{ hours: 0 }, ['hours']],
        [{ hours: 3.3 }, ['hours']],
        [{ participants: [] }, ['participants']],
        [{ participants: ['p1', 'p2', 'p1'] }, ['participants.2']],
        [{ participants: ['bad id'] }, ['participants.0']],
        [{ teacher: 'x' }, ['teacher']],
      ];
      for (const [overrides, paths] of cases) {
        const res = await create(sessionBody(overrides));
        expect(res.status, JSON.stringify(overrides)).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.code).toBe('request.invalid');
        expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(paths);
      }
      const { organiser: _o, ...withoutOrganiser } = sessionBody();
      const missing = await create(withoutOrganiser);
      expect([missing.status, missing.body.errors.map((e: { path: string }) => e.path)]).toEqual([400, ['organiser']]);
    });

    test('when a role other than the organization office records, 403; without a token, 401', async () => {
      for (const role of ['AUDITOR', 'DISCIPLINE_GROUP', 'PARTY_GROUP_SECRETARY', 'BRANCH_SECRETARY'] as const) {
        const res = await stack.request('POST', '/api/v1/training-sessions', {
          token: await as(role),
          body: sessionBody(),
        });
        expect(res.status, role).toBe(403);
      }
      expect((await stack.request('POST', '/api/v1/training-sessions', { body: sessionBody() })).status).toBe(401);
      const head = await stack.request('POST', '/api/v1/training-sessions', {
        token: await as('ORG_HEAD'),
        body: sessionBody(),
      });
      expect(head.status).toBe(201);
    });

    test('when the id is taken, 409; when the same Idempotency-Key is sent again, the first answer comes back', async () => {
      const body = sessionBody();
      expect((await create(body)).status).toBe(201);
      const again = await create(body);
      expect([again.status, again.body.code]).toEqual([409, 'training.already_exists']);

      const key = uniqueId('idem');
      const { id: _id, ...withoutId } = sessionBody();
      const first = await create(withoutId, { 'idempotency-key': key });
      const replay = await create(withoutId, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(first.body.id).toMatch(/^tr-2024-/);
      expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body.id]).toEqual([
        201,
        'true',
        first.body.id,
      ]);
      const other = await create({ ...withoutId, hours: 8 }, { 'idempotency-key': key });
      expect([other.status, other.body.code]).toEqual([422, 'idempotency.key_reused']);
    });
  });

  describe('POST and PUT /api/v1/training-sessions/:id/evaluation', () => {
    const evaluation = (people: string[], overrides: Record<string, unknown> = {}) => ({
      teachingQualityScore: 91.5,
      note: '学员评价较好',
      learningTests: people.map((personId, i) =>
        i === 0 ? { personId, passed: true, score: 88 } : { personId, passed: false, score: 52.5 },
      ),
      ...overrides,
    });

    test('when the office records the evaluation after the session, 201; the results show on the session', async () => {
      const body = sessionBody();
      await create(body);
      const res = await stack.request('POST', `/api/v1/training-sessions/${body.id}/evaluation`, {
        token: await officer(),
        body: evaluation(body.participants),
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        evaluation: {
          teachingQualityScore: 91.5,
          note: '学员评价较好',
          recordedBy: 'officer-li',
          learningTests: { tested: 2, passed: 1, failed: 1, averageScore: 70.25 },
        },
        participants: [
          { personId: body.participants[0]!, learningTest: { passed: true, score: 88 } },
          { personId: body.participants[1]!, learningTest: { passed: false, score: 52.5 } },
        ].sort((a, b) => (a.personId < b.personId ? -1 : 1)),
        evaluationOverdue: false,
      });

      const twice = await stack.request('POST', `/api/v1/training-sessions/${body.id}/evaluation`, {
        token: await officer(),
        body: evaluation(body.participants),
      });
      expect([twice.status, twice.body.code]).toEqual([409, 'training.already_evaluated']);

      const corrected = await stack.request('PUT', `/api/v1/training-sessions/${body.id}/evaluation`, {
        token: await as('ORG_HEAD'),
        body: evaluation(body.participants, { teachingQualityScore: 93 }),
      });
      expect(corrected.status).toBe(200);
      expect(corrected.body.evaluation).toMatchObject({ teachingQualityScore: 93, recordedBy: 't-ORG_HEAD' });
    });

    test('when PUT records a first evaluation with scores only, 201', async () => {
      const body = sessionBody({ participants: [uniqueId('p')] });
      await create(body);
      const res = await stack.request('PUT', `/api/v1/training-sessions/${body.id}/evaluation`, {
        token: await officer(),
        body: { teachingQualityScore: 80, learningTests: [{ personId: body.participants[0], score: 75 }] },
      });
      expect(res.status).toBe(201);
      expect(res.body.participants[0].learningTest).toEqual({ passed: null, score: 75 });
    });

    test('when the session has not ended yet, 422 training.not_ended', async () => {
      const body = sessionBody({ startsOn: '2091-03-05', endsOn: '2091-03-09' });
      await create(body);
      const res = await stack.request('POST', `/api/v1/training-sessions/${body.id}/evaluation`, {
        token: await officer(),
        body: evaluation(body.participants),
      });
      expect([res.status, res.body.code]).toEqual([422, 'training.not_ended']);
      const detail = await stack.request('GET', `/api/v1/training-sessions/${body.id}`, { token: await officer() });
      // No official calendar for 2091: the due date cannot be computed, and is not guessed.
      expect(detail.body).toMatchObject({ evaluation: null, evaluationDueOn: null, evaluationOverdue: null });
    });

    test('when the results do not name each participant exactly once, 400 / 422 naming the entries', async () => {
      const body = sessionBody();
      await create(body);
      const [a, b] = body.participants as [string, string];
      const post = async (payload: unknown) =>
        stack.request('POST', `/api/v1/training-sessions/${body.id}/evaluation`, {
          token: await officer(),
          body: payload,
        });

      const twice = await post(evaluation([a, a, b]));
      expect([twice.status, twice.body.errors]).toEqual([
        400,
        [{ path: 'learningTests.1.personId', message: 'listed twice' }],
      ]);
      const stranger = await post(evaluation([a, b, 'stranger']));
      expect([stranger.status, stranger.body.code, stranger.body.errors]).toEqual([
        422,
        'training.participants_mismatch',
        [{ path: 'learningTests.2.personId', message: 'stranger is not a participant of this session' }],
      ]);
      const missing = await post(evaluation([a]));
      expect([missing.status, missing.body.errors]).toEqual([
        422,
        [{ path: 'learningTests', message: `no result for participant ${b}` }],
      ]);
      const empty = await post(evaluation([a, b], { learningTests: [{ personId: a }, { personId: b, score: 101 }] }));
      expect([empty.status, empty.body.errors.map((e: { path: string }) => e.path)]).toEqual([
        400,
        ['learningTests.0.passed', 'learningTests.1.score'],
      ]);
      const score = await post(evaluation([a, b], { teachingQualityScore: 90.25 }));
      expect([score.status, score.body.errors.map((e: { path: string }) => e.path)]).toEqual([
        400,
        ['teachingQualityScore'],
      ]);
      const unknown = await stack.request('POST', '/api/v1/training-sessions/nope/evaluation', {
        token: await officer(),
        body: evaluation([a]),
      });
      expect([unknown.status, unknown.body.code]).toEqual([404, 'training.not_found']);
      // Nothing was written by the refused attempts.
      const detail = await stack.request('GET', `/api/v1/training-sessions/${body.id}`, { token: await officer() });
      expect(detail.body.evaluation).toBeNull();
    });

    test('when a role other than the organization office evaluates, 403', async () => {
      const body = sessionBody();
      await create(body);
      for (const method of ['POST', 'PUT'])
        for (const role of ['AUDITOR', 'PARTY_GROUP_MEMBER', 'DISCIPLINE_GROUP'] as const) {
          const res = await stack.request(method, `/api/v1/training-sessions/${body.id}/evaluation`, {
            token: await as(role),
            body: evaluation(body.participants),
          });
          expect(res.status, `${method} ${role}`).toBe(403);
        }
    });
  });

  describe('GET /api/v1/training-sessions', () => {
    test('when listed by year and kind, page by page, every reader sees the sessions newest first', async () => {
      const kind = 'TRANSFER';
      const ids = ['2024-10-08', '2024-06-03', '2024-06-03', '2024-01-15'].map((startsOn, i) => ({
        id: `${uniqueId('list')}-${i}`,
        startsOn,
      }));
      for (const { id, startsOn } of ids) await create(sessionBody({ id, kind, startsOn, endsOn: startsOn }));
      await create(sessionBody({ kind, startsOn: '2025-03-03', endsOn: '2025-03-03' }));

      const seen: { id: string; kind: string; participantCount: number; evaluationOverdue: boolean }[] = [];
      let cursor: string | null = null;
      do {
        const res = await stack.request(
          'GET',
          `/api/v1/training-sessions?year=2024&kind=${kind}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          { token: await as('BRANCH_SECRETARY') },
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      const expectedOrder = [...ids].sort((x, y) =>
        x.startsOn === y.startsOn ? (x.id < y.id ? 1 : -1) : x.startsOn < y.startsOn ? 1 : -1,
      );
      expect(seen.map((s) => s.id)).toEqual(expectedOrder.map((x) => x.id));
      expect(seen.every((s) => s.kind === kind && s.participantCount === 2 && s.evaluationOverdue === true)).toBe(true);
    });

    test('when a filter or the cursor is bad, 400 naming it; without a token, 401', async () => {
      const bad = async (query: string) =>
        (await stack.request('GET', `/api/v1/training-sessions?${query}`, { token: await as('AUDITOR') })).body
          .errors?.[0]?.path;
      expect(await bad('kind=COOKING')).toBe('kind');
      expect(await bad('year=24')).toBe('year');
      expect(await bad('cursor=nonsense')).toBe('cursor');
      expect(await bad('limit=0')).toBe('limit');
      expect((await stack.request('GET', '/api/v1/training-sessions')).status).toBe(401);
    });
  });

  describe('GET /api/v1/people/:personId/training', () => {
    test('when a person has training, appointments and rank changes, the cadre record lists them oldest first', async () => {
      const person = uniqueId('cadre');
      const later = sessionBody({
        participants: [person],
        startsOn: '2024-05-06',
        endsOn: '2024-05-10',
        kind: 'LEADERSHIP',
      });
      const earlier = sessionBody({
        participants: [person, uniqueId('p')],
        startsOn: '2024-01-08',
        endsOn: '2024-01-09',
      });
      await create(later);
      await create(earlier);
      await stack.request('POST', `/api/v1/training-sessions/${earlier.id}/evaluation`, {
        token: await officer(),
        body: {
          teachingQualityScore: 90,
          learningTests: earlier.participants.map((personId) => ({ personId, passed: true })),
        },
      });
      await stack.database.db.insert(appointmentsTable).values({
        batchId: 'cadre-batch',
        personId: person,
        positionId: 'p1',
        level: '副处',
        documentNo: '局党组任〔2024〕3号',
        noticeDate: '2024-06-20',
        decisionDate: '2024-06-01',
        issuedBy: 'officer',
      });
      await stack.database.db.insert(rankChangesTable).values({
        batchId: 'cadre-rank',
        personId: person,
        fromRank: '一级主任科员',
        toRank: '四级调研员',
        documentNo: '组干审〔2023〕9号',
        approvedOn: '2023-12-01',
        decisionDate: '2023-11-20',
        recordedBy: 'head',
        recordedAt: new Date(),
      });

      const res = await stack.request('GET', `/api/v1/people/${person}/training`, { token: await as('AUDITOR') });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        personId: person,
        training: [
          {
            id: earlier.id,
            kindLabel: '业务培训',
            learningTest: { passed: true, score: null },
            evaluationOverdue: false,
          },
          { id: later.id, kindLabel: '领导力培训', learningTest: null, evaluationOverdue: true },
        ],
        appointments: [
          { batchId: 'cadre-batch', level: '副处', noticeDate: '2024-06-20', documentNo: '局党组任〔2024〕3号' },
        ],
        rankChanges: [{ fromRank: '一级主任科员', toRank: '四级调研员', approvedOn: '2023-12-01' }],
      });
      const nobody = await stack.request('GET', `/api/v1/people/${uniqueId('nobody')}/training`, {
        token: await as('PARTY_GROUP_MEMBER'),
      });
      expect(nobody.body).toMatchObject({ name: null, training: [], appointments: [], rankChanges: [] });
    });
  });
});
