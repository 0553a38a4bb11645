import type { BatchKind } from './batch';
import { shanghaiDate } from './procedure/dates';
import { hasRole, type Actor, type Role } from './roles';
import { checkKinds, type CheckKind } from './vetting';
import { inboxItemKinds, type inboxItemSchema, type InboxItemKind } from './views/inbox';
import type { View } from './views/view';

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
  /** Appointed, the appointment talk (任职谈话) not yet recorded. */
  talks: CandidateRef[];
  /** Probations without an outcome; `endsOn` a date. */
  probations: (CandidateRef & { endsOn: string })[];
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
  ORG_OFFICER: ['vetting', 'readyToAppoint', 'talks'],
  ORG_HEAD: ['vetting', 'openObjections', 'suspensions', 'probations'],
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
/** A probation shows this many days before it ends (and after, until its outcome is recorded). */
export const PROBATION_NOTICE_DAYS = 30;

export type InboxItem = View<typeof inboxItemSchema>;

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

  const push = (
    kind: InboxItemKind,
    ref: BatchRef & { personId?: string; name?: string },
    what: string,
    link: string,
    timing: { dueOn?: string; overdue?: boolean } = {},
  ) =>
    items.push({
      kind,
      batchId: ref.batchId,
      batchKind: ref.batchKind,
      ...who(ref),
      what,
      overdue: false,
      ...timing,
      link,
    });

  for (const c of of('vetting')) {
    const has = (kind: CheckKind, signer?: string) =>
      c.recorded.some((r) => r.kind === kind && (signer === undefined || r.signer === signer));
    const missing = checkKinds.filter((k) => k !== 'INTEGRITY_CONCLUSION' && !has(k));
    const checksLink = `${candidatePath(c)}/checks`;
    const timing = { overdue: c.overdue };
    for (const kind of missing) {
      const own = kind !== 'BRANCH_OPINION' || (branchSecretary && actor.branchId === c.branchId);
      if (due.has(kind) && own) push('CHECK_DUE', c, checkLabels[kind], checksLink, timing);
    }
    for (const signer of signatures)
      if (!has('INTEGRITY_CONCLUSION', signer))
        push('SIGNATURE_DUE', c, `${checkLabels.INTEGRITY_CONCLUSION}签署`, checksLink, timing);
    const conclusionOpen = !has('INTEGRITY_CONCLUSION', 'secretary') || !has('INTEGRITY_CONCLUSION', 'discipline');
    const late = [...missing, ...(conclusionOpen ? (['INTEGRITY_CONCLUSION'] as const) : [])];
    if (hasRole(actor, 'ORG_HEAD') && c.overdue && late.length > 0)
      push(
        'OPINION_OVERDUE',
        c,
        `逾期未反馈意见：${late.map((k) => checkLabels[k]).join('、')}`,
        candidatePath(c),
        timing,
      );
  }
  for (const b of of('deciding')) push('DECISION_DUE', b, '党组会议讨论决定', `${batchPath(b)}/meetings`);
  for (const c of of('readyToAppoint')) push('APPOINTMENT_DUE', c, '印发任职通知', `${candidatePath(c)}/appointment`);
  for (const c of of('talks')) push('TALK_DUE', c, '任职谈话', `${candidatePath(c)}/appointment-talk`);
  const resolution = (o: BatchRef & { objectionId: string }) =>
    `${batchPath(o)}/objections/${o.objectionId}/resolution`;
  for (const o of of('openObjections')) push('OBJECTION_OPEN', o, '公示期间举报待处理', resolution(o));
  const today = shanghaiDate(now);
  const within = (days: number) => shanghaiDate(new Date(Date.parse(now) + days * 86_400_000).toISOString());
  for (const p of of('probations'))
    if (p.endsOn <= within(PROBATION_NOTICE_DAYS))
      push('PROBATION_OUTCOME_DUE', p, '试用期满考核', `${candidatePath(p)}/probation-outcome`, {
        dueOn: p.endsOn,
        overdue: p.endsOn < today,
      });
  for (const s of of('suspensions')) {
    const dueOn = shanghaiDate(s.until);
    if (dueOn <= within(SUSPENSION_NOTICE_DAYS))
      push('SUSPENSION_EXPIRING', s, '暂缓任职期满，待党组决定', resolution(s), { dueOn, overdue: dueOn < today });
  }
  for (const h of of('holds'))
    push(
      'HOLD_IN_FORCE',
      h,
      h.personId === undefined ? '暂停（整个批次）' : '暂停（考察对象）',
      `${batchPath(h)}/holds/${h.holdId}`,
    );

  const counts = Object.fromEntries(inboxItemKinds.map((k) => [k, 0])) as Record<InboxItemKind, number>;
  for (const i of items) counts[i.kind] += 1;
  return { items, counts };
}
