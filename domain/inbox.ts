import type { BatchKind } from './batch';
import { shanghaiDate } from './procedure/dates';
import { hasRole, type Actor, type Role } from './roles';
import { checkKinds, type CheckKind } from './vetting';
import { inboxItemKinds, type InboxItemKind } from './views/inbox';

// Pure: which pending facts of the read model are whose work (domain.md §1, §2). No I/O, no clock.

/** The read model's open facts an inbox is built from (db/inbox.repository.ts). */
export interface InboxFacts {
  /** Selection candidates UNDER_INSPECTION with the checks (kind, signer) recorded so far. */
  vetting: (CandidateRef & {
    branchId: string;
    recorded: { kind: string; signer: string }[];
    /** The batch's opinion deadline has passed and was escalated (OPINION_OVERDUE). */
    overdue: boolean;
  })[];
  /** Batches in DECIDING: every candidate vetted, the party group's agenda. */
  deciding: BatchRef[];
  readyToAppoint: CandidateRef[];
  openObjections: (CandidateRef & { objectionId: string })[];
  /** Objections resolved `unverifiable`: the appointment is suspended until `until` (an instant, ISO). */
  suspensions: (CandidateRef & { objectionId: string; until: string })[];
  holds: (BatchRef & { holdId: string; personId?: string; name?: string })[];
}

interface BatchRef {
  batchId: string;
  batchKind: BatchKind;
}
interface CandidateRef extends BatchRef {
  personId: string;
  name?: string;
}

export type InboxSection = keyof InboxFacts;

/** Which facts each role acts on; ORG_HEAD also sees the escalated overdue opinions (from `vetting`). */
const sectionsByRole: Partial<Record<Role, InboxSection[]>> = {
  ORG_OFFICER: ['vetting', 'readyToAppoint'],
  ORG_HEAD: ['vetting', 'openObjections', 'suspensions'],
  BRANCH_SECRETARY: ['vetting'],
  DISCIPLINE_GROUP: ['vetting', 'holds'],
  PARTY_GROUP_SECRETARY: ['vetting', 'deciding'],
};

/** The facts the repository needs to read for this caller (none for a token without an office role). */
export function sectionsFor(actor: Actor): Set<InboxSection> {
  return new Set(actor.roles.flatMap((r) => sectionsByRole[r] ?? []));
}

/** 党支部意见 … in the office's words. */
export const checkLabels: Record<CheckKind, string> = {
  ARCHIVE_AUDIT: '干部档案审核',
  PERSONAL_MATTERS: '个人有关事项报告核查',
  DISCIPLINE_OPINION: '纪检监察组廉政意见',
  PETITION_CHECK: '信访举报核查',
  BRANCH_OPINION: '党支部意见',
  INTEGRITY_CONCLUSION: '廉洁自律结论性意见',
};

/** The single-signature checks each role records (ORG_HEAD may, but the inbox gives them to the officers). */
const checksOf: Partial<Record<Role, CheckKind[]>> = {
  ORG_OFFICER: ['ARCHIVE_AUDIT', 'PERSONAL_MATTERS', 'PETITION_CHECK'],
  DISCIPLINE_GROUP: ['DISCIPLINE_OPINION'],
  BRANCH_SECRETARY: ['BRANCH_OPINION'],
};
const signatureOf: Partial<Record<Role, 'secretary' | 'discipline'>> = {
  PARTY_GROUP_SECRETARY: 'secretary',
  DISCIPLINE_GROUP: 'discipline',
};

/** A suspension shows in the inbox this many days before it ends (and after, until the party group decides). */
export const SUSPENSION_NOTICE_DAYS = 14;

export interface InboxItem {
  kind: InboxItemKind;
  batchId: string;
  batchKind: BatchKind;
  personId?: string;
  candidateName?: string;
  what: string;
  dueOn?: string;
  overdue: boolean;
  link: string;
}

const collection: Record<BatchKind, string> = { SELECTION: '/api/v1/batches', RANK_PROMOTION: '/api/v1/rank-batches' };
const batchPath = (b: BatchRef) => `${collection[b.batchKind]}/${b.batchId}`;
const candidatePath = (c: CandidateRef) => `${batchPath(c)}/candidates/${c.personId}`;
const who = (c: { personId?: string; name?: string }) => ({
  ...(c.personId === undefined ? {} : { personId: c.personId }),
  ...(c.name === undefined ? {} : { candidateName: c.name }),
});

/** The caller's pending actions: the union over their roles. `now` is an ISO instant; days are Asia/Shanghai. */
export function inboxFor(
  actor: Actor,
  facts: Partial<InboxFacts>,
  now: string,
): { items: InboxItem[]; counts: Record<InboxItemKind, number> } {
  const items: InboxItem[] = [];
  const roles = actor.roles;
  const due = new Set(roles.flatMap((r) => checksOf[r] ?? []));
  const signatures = new Set(roles.flatMap((r) => signatureOf[r] ?? []));
  const branchSecretary = hasRole(actor, 'BRANCH_SECRETARY');
  const sections = sectionsFor(actor);
  const of = <S extends InboxSection>(section: S): NonNullable<InboxFacts[S]> | [] =>
    sections.has(section) ? (facts[section] ?? []) : [];

  for (const c of of('vetting')) {
    const has = (kind: CheckKind, signer?: string) =>
      c.recorded.some((r) => r.kind === kind && (signer === undefined || r.signer === signer));
    const missing = checkKinds.filter((k) => k !== 'INTEGRITY_CONCLUSION' && !has(k));
    const base = { batchId: c.batchId, batchKind: c.batchKind, ...who(c), overdue: c.overdue };
    const checksLink = `${candidatePath(c)}/checks`;
    for (const kind of missing) {
      const own = kind !== 'BRANCH_OPINION' || (branchSecretary && actor.branchId === c.branchId);
      if (due.has(kind) && own) items.push({ kind: 'CHECK_DUE', ...base, what: checkLabels[kind], link: checksLink });
    }
    for (const signer of signatures)
      if (!has('INTEGRITY_CONCLUSION', signer))
        items.push({
          kind: 'SIGNATURE_DUE',
          ...base,
          what: `${checkLabels.INTEGRITY_CONCLUSION}签署`,
          link: checksLink,
        });
    const conclusionOpen = !has('INTEGRITY_CONCLUSION', 'secretary') || !has('INTEGRITY_CONCLUSION', 'discipline');
    if (hasRole(actor, 'ORG_HEAD') && c.overdue && (missing.length > 0 || conclusionOpen))
      items.push({
        kind: 'OPINION_OVERDUE',
        ...base,
        what: `逾期未反馈意见：${[...missing.map((k) => checkLabels[k]), ...(conclusionOpen ? [checkLabels.INTEGRITY_CONCLUSION] : [])].join('、')}`,
        link: candidatePath(c),
      });
  }
  for (const b of of('deciding'))
    items.push({
      kind: 'DECISION_DUE',
      ...b,
      what: '党组会议讨论决定',
      overdue: false,
      link: `${batchPath(b)}/meetings`,
    });
  for (const c of of('readyToAppoint'))
    items.push({
      kind: 'APPOINTMENT_DUE',
      batchId: c.batchId,
      batchKind: c.batchKind,
      ...who(c),
      what: '印发任职通知',
      overdue: false,
      link: `${candidatePath(c)}/appointment`,
    });
  for (const o of of('openObjections'))
    items.push({
      kind: 'OBJECTION_OPEN',
      batchId: o.batchId,
      batchKind: o.batchKind,
      ...who(o),
      what: '公示期间举报待处理',
      overdue: false,
      link: `${batchPath(o)}/objections/${o.objectionId}/resolution`,
    });
  const today = shanghaiDate(now);
  const horizon = shanghaiDate(new Date(Date.parse(now) + SUSPENSION_NOTICE_DAYS * 86_400_000).toISOString());
  for (const s of of('suspensions')) {
    const dueOn = shanghaiDate(s.until);
    if (dueOn > horizon) continue;
    items.push({
      kind: 'SUSPENSION_EXPIRING',
      batchId: s.batchId,
      batchKind: s.batchKind,
      ...who(s),
      what: '暂缓任职期满，待党组决定',
      dueOn,
      overdue: dueOn < today,
      link: `${batchPath(s)}/objections/${s.objectionId}/resolution`,
    });
  }
  for (const h of of('holds'))
    items.push({
      kind: 'HOLD_IN_FORCE',
      batchId: h.batchId,
      batchKind: h.batchKind,
      ...who(h),
      what: h.personId === undefined ? '暂停（整个批次）' : '暂停（考察对象）',
      overdue: false,
      link: `${batchPath(h)}/holds/${h.holdId}`,
    });

  const counts = Object.fromEntries(inboxItemKinds.map((k) => [k, 0])) as Record<InboxItemKind, number>;
  for (const i of items) counts[i.kind] += 1;
  return { items, counts };
}
