import { describe, expect, test } from 'vitest';
import { inboxFor, sectionsFor, type InboxFacts } from '../../domain/inbox';
import type { Actor, Role } from '../../domain/roles';

const actor = (roles: Role[], extra: Partial<Actor> = {}): Actor => ({ id: 'u1', roles, ...extra });
const now = '2026-03-10T02:00:00.000Z';

const candidate = (personId: string, branchId: string, recorded: { kind: string; signer: string }[] = []) => ({
  batchId: 'b1',
  batchKind: 'SELECTION' as const,
  personId,
  name: `候选人${personId}`,
  branchId,
  recorded,
  overdue: false,
});

const facts: Partial<InboxFacts> = {
  vetting: [
    candidate('c1', 'br1', [
      { kind: 'ARCHIVE_AUDIT', signer: 'single' },
      { kind: 'INTEGRITY_CONCLUSION', signer: 'secretary' },
    ]),
    candidate('c2', 'br2'),
  ],
  deciding: [{ batchId: 'b2', batchKind: 'SELECTION' }],
  readyToAppoint: [{ batchId: 'b3', batchKind: 'SELECTION', personId: 'c9', name: '王五' }],
  talks: [{ batchId: 'b3', batchKind: 'SELECTION', personId: 'c8' }],
  probations: [
    { batchId: 'b7', batchKind: 'SELECTION', personId: 'c7', endsOn: '2026-03-09' },
    { batchId: 'b7', batchKind: 'SELECTION', personId: 'c8', endsOn: '2026-04-08' },
    { batchId: 'b7', batchKind: 'SELECTION', personId: 'c9', endsOn: '2026-05-01' },
  ],
  openObjections: [{ batchId: 'b4', batchKind: 'RANK_PROMOTION', personId: 'r1', objectionId: 'o1' }],
  suspensions: [
    { batchId: 'b5', batchKind: 'SELECTION', personId: 'c5', objectionId: 'o2', until: '2026-03-09T16:00:00.000Z' },
    { batchId: 'b5', batchKind: 'SELECTION', personId: 'c6', objectionId: 'o3', until: '2026-06-01T16:00:00.000Z' },
  ],
  holds: [{ batchId: 'b6', batchKind: 'SELECTION', holdId: 'h1' }],
};

const summary = (a: Actor, f = facts) =>
  inboxFor(a, f, now).items.map((i) => `${i.kind} ${i.batchId} ${i.personId ?? '-'} ${i.what}`);

describe('inboxFor', () => {
  test('when an officer asks, the office checks still missing and the appointments to issue', () => {
    expect(summary(actor(['ORG_OFFICER']))).toEqual([
      'CHECK_DUE b1 c1 个人有关事项报告核查',
      'CHECK_DUE b1 c1 信访举报核查',
      'CHECK_DUE b1 c2 干部档案审核',
      'CHECK_DUE b1 c2 个人有关事项报告核查',
      'CHECK_DUE b1 c2 信访举报核查',
      'APPOINTMENT_DUE b3 c9 印发任职通知',
      'TALK_DUE b3 c8 任职谈话',
    ]);
  });

  test('when a branch secretary asks, only the branch opinions of their own branch', () => {
    expect(summary(actor(['BRANCH_SECRETARY'], { branchId: 'br2' }))).toEqual(['CHECK_DUE b1 c2 党支部意见']);
    expect(summary(actor(['BRANCH_SECRETARY']))).toEqual([]);
  });

  test('when the discipline group asks, its opinions, its conclusion signatures and the holds in force', () => {
    expect(summary(actor(['DISCIPLINE_GROUP']))).toEqual([
      'CHECK_DUE b1 c1 纪检监察组廉政意见',
      'SIGNATURE_DUE b1 c1 廉洁自律结论性意见签署',
      'CHECK_DUE b1 c2 纪检监察组廉政意见',
      'SIGNATURE_DUE b1 c2 廉洁自律结论性意见签署',
      'HOLD_IN_FORCE b6 - 暂停（整个批次）',
    ]);
  });

  test('when the secretary asks, the signatures not yet given and the batches on the agenda', () => {
    const inbox = inboxFor(actor(['PARTY_GROUP_SECRETARY', 'PARTY_GROUP_MEMBER']), facts, now);
    expect(inbox.items.map((i) => `${i.kind} ${i.batchId} ${i.personId ?? '-'}`)).toEqual([
      'SIGNATURE_DUE b1 c2',
      'DECISION_DUE b2 -',
    ]);
    expect(inbox.items[1]!.link).toBe('/api/v1/batches/b2/meetings');
    expect(inbox.counts).toMatchObject({ SIGNATURE_DUE: 1, DECISION_DUE: 1, CHECK_DUE: 0 });
  });

  test('when the head asks, open objections, probations and suspensions ending within their notice days, overdue once past', () => {
    const inbox = inboxFor(actor(['ORG_HEAD']), facts, now);
    expect(inbox.items).toEqual([
      expect.objectContaining({
        kind: 'OBJECTION_OPEN',
        link: '/api/v1/rank-batches/b4/objections/o1/resolution',
        overdue: false,
      }),
      expect.objectContaining({ kind: 'PROBATION_OUTCOME_DUE', personId: 'c7', dueOn: '2026-03-09', overdue: true }),
      expect.objectContaining({ kind: 'PROBATION_OUTCOME_DUE', personId: 'c8', dueOn: '2026-04-08', overdue: false }),
      expect.objectContaining({ kind: 'SUSPENSION_EXPIRING', personId: 'c5', dueOn: '2026-03-10', overdue: false }),
    ]);
  });

  test('when an opinion deadline was escalated, the head sees it and the items of that batch are overdue', () => {
    const overdue = { vetting: [{ ...candidate('c2', 'br2'), overdue: true }] };
    const head = inboxFor(actor(['ORG_HEAD']), overdue, now).items;
    expect(head).toHaveLength(1);
    expect(head[0]).toMatchObject({ kind: 'OPINION_OVERDUE', overdue: true, link: '/api/v1/batches/b1/candidates/c2' });
    expect(inboxFor(actor(['ORG_OFFICER']), overdue, now).items.every((i) => i.overdue)).toBe(true);
  });

  test('when a token holds several roles, the union; with no office role, nothing', () => {
    const both = summary(actor(['ORG_OFFICER', 'DISCIPLINE_GROUP']));
    expect(both).toHaveLength(summary(actor(['ORG_OFFICER'])).length + summary(actor(['DISCIPLINE_GROUP'])).length);
    expect(summary(actor(['AUDITOR', 'PARTY_GROUP_MEMBER']))).toEqual([]);
    expect(sectionsFor(actor(['AUDITOR'])).size).toBe(0);
  });
});

describe('sectionsFor', () => {
  test('when asked for a role, only the facts its items come from', () => {
    expect([...sectionsFor(actor(['PARTY_GROUP_SECRETARY']))].sort()).toEqual(['deciding', 'vetting']);
    expect([...sectionsFor(actor(['ORG_HEAD']))].sort()).toEqual([
      'openObjections',
      'probations',
      'suspensions',
      'vetting',
    ]);
  });
});
