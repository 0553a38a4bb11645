import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../../db/client';
import { createInboxRepository } from '../../db/inbox.repository';
import { notificationsTable } from '../../db/schema';
import { inboxFor, sectionsFor } from '../../domain/inbox';
import type { Actor, Role } from '../../domain/roles';
import { allChecks, branchSecretary, discipline, officer, secretary } from '../../testkit';
import { seedReadModel } from '../helpers/read-model-seed';
import { batchBody, startStack, token, uniqueId, type Stack } from '../helpers/stack';

// The inbox over the real stack. Other test files share the read model, so each assertion looks at its own batches.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const tokenOf = (actor: Actor) =>
  token([...actor.roles], {
    sub: actor.id,
    ...(actor.branchId ? { branchId: actor.branchId } : {}),
    ...(actor.memberId ? { memberId: actor.memberId } : {}),
  });

type Item = { kind: string; batchId: string; personId?: string; what: string; link: string; overdue: boolean };

async function inbox(actor: Actor) {
  const res = await stack.request('GET', '/api/v1/inbox', { token: await tokenOf(actor) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: Item[]; counts: Record<string, number> };
}

/** The caller's items on batch `id`, as `KIND personId what`, once the read model shows `until` holds. */
async function itemsOn(actor: Actor, id: string, until: (lines: string[]) => boolean = () => true) {
  let lines: string[] = [];
  await expect
    .poll(
      async () => {
        lines = (await inbox(actor)).items
          .filter((i) => i.batchId === id)
          .map((i) => `${i.kind} ${i.personId ?? '-'} ${i.what}`);
        return until(lines);
      },
      { timeout: 20_000, interval: 200 },
    )
    .toBe(true);
  return lines;
}

async function command(path: string, actor: Actor, body: unknown) {
  const res = await stack.request('POST', path, { token: await tokenOf(actor), body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

describe('GET /api/v1/inbox', () => {
  test('when a batch is in vetting, each role sees its own outstanding checks; once all are in, the secretary sees the batch', async () => {
    const id = uniqueId('inbox');
    await command('/api/v1/batches', officer, batchBody(id));
    const c1 = `/api/v1/batches/${id}/candidates/c1/checks`;
    await command(c1, officer, { kind: 'ARCHIVE_AUDIT', result: 'clear' });
    await command(c1, secretary, { kind: 'INTEGRITY_CONCLUSION', result: 'clear' });

    expect(await itemsOn(officer, id, (l) => l.length === 5)).toEqual([
      'CHECK_DUE c1 个人有关事项报告核查',
      'CHECK_DUE c1 信访举报核查',
      'CHECK_DUE c2 干部档案审核',
      'CHECK_DUE c2 个人有关事项报告核查',
      'CHECK_DUE c2 信访举报核查',
    ]);
    expect(await itemsOn(branchSecretary('b1'), id)).toEqual(['CHECK_DUE c1 党支部意见']);
    expect(await itemsOn(branchSecretary('b2'), id)).toEqual(['CHECK_DUE c2 党支部意见']);
    expect(await itemsOn(discipline, id)).toEqual([
      'CHECK_DUE c1 纪检监察组廉政意见',
      'SIGNATURE_DUE c1 廉洁自律结论性意见签署',
      'CHECK_DUE c2 纪检监察组廉政意见',
      'SIGNATURE_DUE c2 廉洁自律结论性意见签署',
    ]);
    expect(await itemsOn(secretary, id)).toEqual(['SIGNATURE_DUE c2 廉洁自律结论性意见签署']);
    const first = (await inbox(branchSecretary('b1'))).items.find((i) => i.batchId === id)!;
    expect(first).toMatchObject({ link: c1, overdue: false });

    const done = new Set(['c1 ARCHIVE_AUDIT', 'c1 INTEGRITY_CONCLUSION PARTY_GROUP_SECRETARY']);
    for (const [personId, branchId] of [
      ['c1', 'b1'],
      ['c2', 'b2'],
    ] as const)
      for (const { actor, personId: _p, ...check } of allChecks(personId, branchId))
        if (!done.has(`${personId} ${check.kind}`) && !done.has(`${personId} ${check.kind} ${actor.roles[0]}`))
          await command(`/api/v1/batches/${id}/candidates/${personId}/checks`, actor, check);

    expect(await itemsOn(secretary, id, (l) => l.length === 1 && l[0]!.startsWith('DECISION_DUE'))).toEqual([
      'DECISION_DUE - 党组会议讨论决定',
    ]);
    expect(await itemsOn(officer, id)).toEqual([]);
    expect(await itemsOn(discipline, id)).toEqual([]);
  });

  test('when the discipline group places a hold, it sees the hold in force', async () => {
    const id = uniqueId('inbox-hold');
    await command('/api/v1/batches', officer, batchBody(id));
    await command(`/api/v1/batches/${id}/holds`, discipline, { holdId: 'h1', personId: 'c2', reason: '核查线索' });
    const lines = await itemsOn(discipline, id, (l) => l.some((x) => x.startsWith('HOLD_IN_FORCE')));
    expect(lines).toContain('HOLD_IN_FORCE c2 暂停（考察对象）');
  });

  test('when a token holds several roles, the union; with no office role, an empty inbox', async () => {
    const id = uniqueId('inbox-union');
    await command('/api/v1/batches', officer, batchBody(id));
    const both: Actor = { id: 'both', roles: ['ORG_OFFICER', 'BRANCH_SECRETARY'], branchId: 'b1' };
    expect(await itemsOn(both, id, (l) => l.length === 7)).toContain('CHECK_DUE c1 党支部意见');
    for (const roles of [['AUDITOR'], ['PARTY_GROUP_MEMBER']] as Role[][]) {
      const empty = await inbox({ id: 'reader', roles });
      expect(empty.items).toEqual([]);
      expect(Object.values(empty.counts).every((n) => n === 0)).toBe(true);
    }
    expect((await stack.request('GET', '/api/v1/inbox')).status).toBe(401);
  });
});

class RolledBack extends Error {}

/** Rows seeded as the projectors would have written them, in a transaction rolled back after `body`. */
async function seeded(body: (db: Db) => Promise<void>) {
  await stack.database.db
    .transaction(async (tx) => {
      await body(tx as unknown as Db);
      throw new RolledBack();
    })
    .catch((err: unknown) => {
      if (!(err instanceof RolledBack)) throw err;
    });
}

const batchRow = (id: string, stage: string, kind = 'SELECTION') => ({
  id,
  kind,
  title: 'inbox',
  year: 2026,
  orgUnit: 'HQ',
  stage,
  workflowId: `wf-${id}`,
  ruleset: {},
  plan: {},
  createdBy: 'tester',
  createdAt: new Date(),
  updatedAt: new Date(),
});
const candidateRow = (batchId: string, personId: string, state: string) => ({
  batchId,
  personId,
  name: `名${personId}`,
  branchId: 'b1',
  positionId: 'p1',
  state,
  updatedAt: new Date(),
});

describe('the inbox repository, on the later stages of the read model', () => {
  test('when the read model holds an agenda, appointments, a talk, a probation, objections, a suspension and an escalation, each goes to its role', async () => {
    const [vetting, deciding, appointing, rank] = ['v', 'd', 'a', 'r'].map((k) => uniqueId(`inbox-${k}`)) as [
      string,
      string,
      string,
      string,
    ];
    const soon = new Date(Date.now() + 3 * 86_400_000);
    await seeded(async (db) => {
      await seedReadModel(db, {
        batches: [
          batchRow(vetting, 'INSPECTING'),
          batchRow(deciding, 'DECIDING'),
          batchRow(appointing, 'APPOINTING'),
          batchRow(rank, 'PUBLICITY', 'RANK_PROMOTION'),
        ],
        candidates: [
          candidateRow(vetting, 'c1', 'UNDER_INSPECTION'),
          candidateRow(deciding, 'c1', 'VETTED'),
          candidateRow(appointing, 'c1', 'READY_TO_APPOINT'),
          candidateRow(appointing, 'c2', 'APPOINTED'),
        ],
        appointments: [
          {
            batchId: appointing,
            personId: 'c2',
            positionId: 'p1',
            level: '正处',
            documentNo: '任〔2026〕1号',
            noticeDate: '2026-01-05',
            decisionDate: '2026-01-02',
            issuedBy: 'officer-li',
          },
        ],
        probations: [
          {
            batchId: appointing,
            personId: 'c2',
            workflowId: `wf-${appointing}-c2`,
            startsOn: '2025-01-05',
            endsOn: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
          },
        ],
        objections: [
          {
            id: `${rank}-o1`,
            batchId: rank,
            personId: 'r1',
            channel: 'PUBLIC',
            content: '…',
            receivedAt: new Date(),
            status: 'OPEN',
          },
          {
            id: `${rank}-o2`,
            batchId: rank,
            personId: 'r1',
            channel: 'PHONE',
            content: '…',
            receivedAt: new Date(),
            status: 'SUSPENDED',
            suspendedUntil: soon,
          },
        ],
      });
      await db.insert(notificationsTable).values({
        id: `${vetting}:9`,
        batchId: vetting,
        kind: 'OPINION_OVERDUE',
        recipientRole: 'ORG_HEAD,DISCIPLINE_GROUP',
        message: 'overdue',
        createdAt: new Date(),
      });
      const repository = createInboxRepository({ db });
      const mine = async (actor: Actor) =>
        inboxFor(actor, await repository.facts(sectionsFor(actor)), new Date().toISOString()).items.filter((i) =>
          [vetting, deciding, appointing, rank].includes(i.batchId),
        );

      expect(await mine(secretary)).toContainEqual(
        expect.objectContaining({
          kind: 'DECISION_DUE',
          batchId: deciding,
          link: `/api/v1/batches/${deciding}/meetings`,
        }),
      );
      const office = await mine(officer);
      expect(office.filter((i) => i.kind === 'APPOINTMENT_DUE')).toEqual([
        expect.objectContaining({ batchId: appointing, personId: 'c1', candidateName: '名c1', overdue: false }),
      ]);
      expect(office.filter((i) => i.kind === 'TALK_DUE')).toEqual([
        expect.objectContaining({
          batchId: appointing,
          personId: 'c2',
          link: `/api/v1/batches/${appointing}/candidates/c2/appointment-talk`,
        }),
      ]);
      expect(office.filter((i) => i.batchId === vetting).every((i) => i.overdue)).toBe(true);
      const head = await mine({ id: 'head', roles: ['ORG_HEAD'] });
      expect(head.map((i) => `${i.kind} ${i.batchId} ${i.personId}`).sort()).toEqual(
        [
          `OBJECTION_OPEN ${rank} r1`,
          `OPINION_OVERDUE ${vetting} c1`,
          `PROBATION_OUTCOME_DUE ${appointing} c2`,
          `SUSPENSION_EXPIRING ${rank} r1`,
        ].sort(),
      );
      expect(head.find((i) => i.kind === 'SUSPENSION_EXPIRING')).toMatchObject({
        link: `/api/v1/rank-batches/${rank}/objections/${rank}-o2/resolution`,
        dueOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        overdue: false,
      });
    });
  });
});
