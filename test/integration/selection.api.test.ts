import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Role } from '../../domain/roles';
import { startStack, token, uniqueId, type Stack } from '../helpers/stack';
import { allChecks, ballots as memberBallots, positions, today, type Vote } from '../../testkit';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const members = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
const tokens = {
  officer: () => token('ORG_OFFICER', { sub: 'officer-li' }),
  head: () => token('ORG_HEAD', { sub: 'head-wang' }),
  discipline: () => token('DISCIPLINE_GROUP', { sub: 'discipline-zhao' }),
  secretary: () => token(['PARTY_GROUP_SECRETARY', 'PARTY_GROUP_MEMBER'], { sub: 'm1', memberId: 'm1' }),
  branch: (branchId: string) => token('BRANCH_SECRETARY', { sub: `bs-${branchId}`, branchId }),
  auditor: () => token('AUDITOR', { sub: 'auditor' }),
};

/** 3 positions, 6 candidates (two per position), a 7-member party group; timers scaled down for the test. */
function plan(id: string) {
  const candidates = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((personId, i) => ({
    personId,
    name: `候选人${i + 1}`,
    branchId: `b${(i % 2) + 1}`,
    positionId: ['p1', 'p1', 'p2', 'p3', 'p3', 'p2'][i]!,
  }));
  return {
    id,
    title: '2026年第二批干部选拔',
    year: 2026,
    orgUnit: 'HQ',
    positions: [positions.office, positions.personnel, positions.finance],
    candidates,
    partyGroup: members.map((memberId) => ({ memberId, name: memberId, isSecretary: memberId === 'm1' })),
    relations: [{ memberId: 'm7', personId: 'c3', kind: 'SPOUSE' }],
    ruleset: { timerScale: 0.000001 },
  };
}

const actorToken = async (actor: { roles: readonly Role[]; id: string; branchId?: string; memberId?: string }) =>
  token([...actor.roles], {
    sub: actor.id,
    ...(actor.branchId ? { branchId: actor.branchId } : {}),
    ...(actor.memberId ? { memberId: actor.memberId } : {}),
  });

async function vet(id: string, personId: string, branchId: string) {
  for (const { actor, personId: _p, ...check } of allChecks(personId, branchId)) {
    const res = await stack.request('POST', `/api/v1/batches/${id}/candidates/${personId}/checks`, {
      token: await actorToken(actor),
      body: check,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
}

/** The ballots of the members named in `votes`, the secretary last. */
function ballots(personId: string, votes: Record<string, Vote>) {
  return memberBallots(personId, { members: members.filter((m) => votes[m]), votes });
}
const all = (vote: 'AGREE' | 'DISAGREE' | 'DEFER', except: string[] = []) =>
  Object.fromEntries(members.filter((m) => !except.includes(m)).map((m) => [m, vote])) as Record<
    string,
    'AGREE' | 'DISAGREE'
  >;

async function waitForStage(id: string, stage: string) {
  const auditor = await tokens.auditor();
  await expect
    .poll(async () => (await stack.request('GET', `/api/v1/batches/${id}`, { token: auditor })).body.stage, {
      timeout: 20_000,
      interval: 200,
    })
    .toBe(stage);
}

describe('selection batch over HTTP', () => {
  test('when a batch of 3 positions and 6 candidates is driven through the API, it closes with appointments and a verified audit chain', async () => {
    const id = uniqueId('sel');
    expect(
      (await stack.request('POST', '/api/v1/batches', { token: await tokens.officer(), body: plan(id) })).status,
    ).toBe(201);

    // Separation of duties: each check only by its role, a branch opinion only from the candidate's own branch.
    const wrongRole = await stack.request('POST', `/api/v1/batches/${id}/candidates/c1/checks`, {
      token: await tokens.officer(),
      body: { kind: 'DISCIPLINE_OPINION', result: 'clear' },
    });
    expect([wrongRole.status, wrongRole.body.code]).toEqual([403, 'role.forbidden']);
    const otherBranch = await stack.request('POST', `/api/v1/batches/${id}/candidates/c1/checks`, {
      token: await tokens.branch('b2'),
      body: { kind: 'BRANCH_OPINION', result: 'clear' },
    });
    expect([otherBranch.status, otherBranch.body.code]).toEqual([403, 'branch.not_own']);

    for (const [personId, branchId] of [
      ['c1', 'b1'],
      ['c2', 'b2'],
      ['c3', 'b1'],
      ['c4', 'b2'],
    ] as const)
      await vet(id, personId, branchId);
    const veto = await stack.request('POST', `/api/v1/batches/${id}/candidates/c5/checks`, {
      token: await tokens.discipline(),
      body: { kind: 'DISCIPLINE_OPINION', result: 'affects_use', reason: '存在廉政问题线索' },
    });
    expect(veto.status).toBe(201);
    const withdrawn = await stack.request('POST', `/api/v1/batches/${id}/candidates/c6/withdrawal`, {
      token: await tokens.head(),
      body: { reason: '本人申请退出' },
    });
    expect(withdrawn.status).toBe(200);
    await waitForStage(id, 'DECIDING');

    const secretary = await tokens.secretary();
    const attendance = members;
    const notLast = await stack.request('POST', `/api/v1/batches/${id}/meetings`, {
      token: secretary,
      body: {
        meetingId: 'mtg-1',
        heldOn: today(),
        attendance,
        votes: [
          {
            personId: 'c1',
            ballots: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'].map((memberId) => ({ memberId, vote: 'AGREE' })),
          },
        ],
      },
    });
    expect([notLast.status, notLast.body.code]).toEqual([422, 'secretary.not_last']);
    const noQuorum = await stack.request('POST', `/api/v1/batches/${id}/meetings`, {
      token: secretary,
      body: {
        meetingId: 'mtg-1',
        heldOn: today(),
        attendance: ['m1', 'm2', 'm3', 'm4'],
        votes: [ballots('c1', { m2: 'AGREE', m3: 'AGREE', m4: 'AGREE', m1: 'AGREE' })],
      },
    });
    expect([noQuorum.status, noQuorum.body.code]).toEqual([422, 'quorum.not_met']);
    const recusal = await stack.request('POST', `/api/v1/batches/${id}/meetings`, {
      token: secretary,
      body: { meetingId: 'mtg-1', heldOn: today(), attendance, votes: [ballots('c3', all('AGREE'))] },
    });
    expect([recusal.status, recusal.body.code]).toEqual([422, 'recusal.required']);
    const adHoc = await stack.request('POST', `/api/v1/batches/${id}/meetings`, {
      token: secretary,
      body: { meetingId: 'mtg-1', heldOn: today(), attendance, votes: [ballots('c5', all('AGREE'))] },
    });
    expect(adHoc.status).toBe(422);
    expect(
      await tokens.officer().then((t) =>
        stack.request('POST', `/api/v1/batches/${id}/meetings`, {
          token: t,
          body: { meetingId: 'x', heldOn: today(), attendance, votes: [ballots('c1', all('AGREE'))] },
        }),
      ),
    ).toMatchObject({ status: 403 });

    // The decision date is where tenure counts from: not after today, not before the vetting it follows.
    const dayFrom = (days: number) =>
      new Date(Date.parse(`${today()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    for (const [heldOn, code] of [
      [dayFrom(1), 'meeting.in_future'],
      [dayFrom(-1), 'meeting.before_vetting'],
    ] as const) {
      const misdated = await stack.request('POST', `/api/v1/batches/${id}/meetings`, {
        token: secretary,
        body: { meetingId: 'mtg-1', heldOn, attendance, votes: [ballots('c1', all('AGREE'))] },
      });
      expect([misdated.status, misdated.body.code]).toEqual([422, code]);
      expect(misdated.body.errors).toContainEqual({ path: 'heldOn', message: expect.stringContaining(code) });
    }

    const meeting = await stack.request('POST', `/api/v1/batches/${id}/meetings`, {
      token: secretary,
      body: {
        meetingId: 'mtg-1',
        heldOn: today(),
        attendance,
        votes: [
          ballots('c1', all('AGREE')),
          ballots('c2', { ...all('DISAGREE', ['m2', 'm3']), m2: 'AGREE', m3: 'AGREE' }),
          ballots('c3', all('AGREE', ['m7'])),
          ballots('c4', { ...all('DEFER', ['m2']), m2: 'AGREE' }),
        ],
      },
    });
    expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
    const afterFirst = await stack.request('GET', `/api/v1/batches/${id}`, { token: secretary });
    expect(afterFirst.body.stage).toBe('DECIDING');
    expect(afterFirst.body.candidates.find((c: { personId: string }) => c.personId === 'c4').state).toBe('DEFERRED');
    const second = await stack.request('POST', `/api/v1/batches/${id}/meetings`, {
      token: secretary,
      body: { meetingId: 'mtg-2', heldOn: today(), attendance, votes: [ballots('c4', all('AGREE'))] },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    await waitForStage(id, 'APPOINTING');

    const detail = await stack.request('GET', `/api/v1/batches/${id}`, { token: await tokens.head() });
    const states = Object.fromEntries(
      detail.body.candidates.map((c: { personId: string; state: string }) => [c.personId, c.state]),
    );
    expect(states).toEqual({
      c1: 'READY_TO_APPOINT',
      c2: 'REJECTED',
      c3: 'READY_TO_APPOINT',
      c4: 'READY_TO_APPOINT',
      c5: 'VETOED',
      c6: 'WITHDRAWN',
    });
    expect(detail.body.publicity[0].workingDays).toBe(5);
    expect(detail.body.meetings[0].decisions.find((d: { personId: string }) => d.personId === 'c3').recused).toEqual([
      'm7',
    ]);
    const noticeDate = new Date(Date.parse(`${detail.body.publicity[0].endsOn}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);

    const farAhead = await stack.request('POST', `/api/v1/batches/${id}/candidates/c1/appointment`, {
      token: await tokens.officer(),
      body: { documentNo: '局党组〔2026〕c1号', noticeDate: dayFrom(31) },
    });
    expect([farAhead.status, farAhead.body.code]).toEqual([422, 'appointment.too_far_ahead']);
    expect(farAhead.body.errors).toEqual([{ path: 'noticeDate', message: expect.any(String) }]);
    for (const personId of ['c1', 'c3', 'c4']) {
      const res = await stack.request('POST', `/api/v1/batches/${id}/candidates/${personId}/appointment`, {
        token: await tokens.officer(),
        body: { documentNo: `局党组〔2026〕${personId}号`, noticeDate },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    await waitForStage(id, 'CLOSED');
    const talk = await stack.request('POST', `/api/v1/batches/${id}/candidates/c1/appointment-talk`, {
      token: await tokens.officer(),
      body: { talkOn: noticeDate },
    });
    expect(talk.status, JSON.stringify(talk.body)).toBe(200);

    const closed = await stack.request('GET', `/api/v1/batches/${id}`, { token: await tokens.auditor() });
    expect(closed.body.candidates.filter((c: { state: string }) => c.state === 'ON_PROBATION')).toHaveLength(3);
    expect(closed.body.candidates.find((c: { personId: string }) => c.personId === 'c1').appointment).toMatchObject({
      documentNo: '局党组〔2026〕c1号',
      talkOn: noticeDate,
    });
    const audit = await stack.request('GET', `/api/v1/batches/${id}/audit`, { token: await tokens.auditor() });
    expect(audit.body.chain.verified).toBe(true);
    const late = await stack.request('POST', `/api/v1/batches/${id}/cancellation`, {
      token: await tokens.head(),
      body: { reason: 'too late' },
    });
    expect([late.status, late.body.code]).toEqual([409, 'batch.closed']);
  }, 120_000);

  test('when a signal payload is invalid, it is recorded as rejected in the audit trail and not applied', async () => {
    const id = uniqueId('sig');
    expect(
      (await stack.request('POST', '/api/v1/batches', { token: await tokens.officer(), body: plan(id) })).status,
    ).toBe(201);
    const handle = stack.client.workflow.getHandle(`batch-${id}`);
    await handle.signal('disciplineOpinion', {
      personId: 'c1',
      result: 'clear',
      actor: { id: 'x', roles: ['ORG_OFFICER'] },
    });
    await handle.signal('disciplineOpinion', {
      personId: 'c1',
      result: 'clear',
      actor: { id: 'zhao', roles: ['DISCIPLINE_GROUP'] },
    });
    const auditor = await tokens.auditor();
    await expect
      .poll(
        async () =>
          (await stack.request('GET', `/api/v1/batches/${id}/audit`, { token: auditor })).body.events.map(
            (e: { type: string; rejected: boolean }) => `${e.type}${e.rejected ? ' (rejected)' : ''}`,
          ),
        { timeout: 10_000 },
      )
      .toEqual(['BATCH_STARTED', 'SIGNAL_REJECTED (rejected)', 'CHECK_RECORDED']);
    const detail = await stack.request('GET', `/api/v1/batches/${id}`, { token: auditor });
    expect(detail.body.candidates[0].checks).toEqual([
      expect.objectContaining({ kind: 'DISCIPLINE_OPINION', actorId: 'zhao' }),
    ]);
  });

  test('when a batch is cancelled right after its start, the cancellation is applied and the batch closes CANCELLED', async () => {
    // The update closes the batch in the same workflow task as its first activity's result arrives: the server
    // refuses that task once (UnhandledCommand) and the API sends the update again.
    for (let i = 0; i < 3; i++) {
      const id = uniqueId('cnl');
      const created = await stack.request('POST', '/api/v1/batches', { token: await tokens.officer(), body: plan(id) });
      expect(created.status).toBe(201);
      const cancel = await stack.request('POST', `/api/v1/batches/${id}/cancellation`, {
        token: await tokens.head(),
        body: { reason: '岗位调整' },
      });
      expect([cancel.status, cancel.body.code]).toEqual([200, undefined]);
      await expect
        .poll(
          async () =>
            (await stack.request('GET', `/api/v1/batches/${id}`, { token: await tokens.auditor() })).body.stage,
        )
        .toBe('CANCELLED');
    }
  });

  test('when the public files an objection on a batch that does not exist, 404 problem+json', async () => {
    const id = uniqueId('pub');
    const res = await stack.request('POST', `/api/v1/batches/${id}/candidates/c1/objections`, {
      body: { content: '反映问题' },
    });
    expect([res.status, res.body.code]).toEqual([404, 'batch.not_found']);
  });
});
