import type { Actor } from '../../domain/roles';
import { shanghaiDate } from '../../domain/selection';

/** Today in Asia/Shanghai: a meeting may not be dated after it, nor before the vetting it follows. */
export const today = () => shanghaiDate(new Date().toISOString());

export const officer: Actor = { id: 'officer-li', roles: ['ORG_OFFICER'] };
export const head: Actor = { id: 'head-wang', roles: ['ORG_HEAD'] };
export const discipline: Actor = { id: 'discipline-zhao', roles: ['DISCIPLINE_GROUP'] };
export const secretary: Actor = { id: 'm1', roles: ['PARTY_GROUP_SECRETARY', 'PARTY_GROUP_MEMBER'], memberId: 'm1' };
export const branchSecretary = (branchId: string): Actor => ({
  id: `bs-${branchId}`,
  roles: ['BRANCH_SECRETARY'],
  branchId,
});

/** The six checks of one candidate, each by its own role, all clear. */
export function allChecks(personId: string, branchId: string) {
  return [
    { personId, kind: 'ARCHIVE_AUDIT', result: 'clear', actor: officer },
    { personId, kind: 'PERSONAL_MATTERS', result: 'clear', actor: officer },
    { personId, kind: 'PETITION_CHECK', result: 'clear', actor: officer },
    { personId, kind: 'DISCIPLINE_OPINION', result: 'clear', actor: discipline },
    { personId, kind: 'BRANCH_OPINION', result: 'clear', actor: branchSecretary(branchId) },
    { personId, kind: 'INTEGRITY_CONCLUSION', result: 'clear', actor: secretary },
    { personId, kind: 'INTEGRITY_CONCLUSION', result: 'clear', actor: discipline },
  ] as const;
}

/** Five members present, everyone agrees, the secretary (m1) votes last; held today unless told otherwise. */
export function unanimousMeeting(meetingId: string, personIds: string[], heldOn = today()) {
  return {
    meetingId,
    heldOn,
    attendance: ['m1', 'm2', 'm3', 'm4', 'm5'],
    votes: personIds.map((personId) => ({
      personId,
      ballots: ['m2', 'm3', 'm4', 'm5', 'm1'].map((memberId) => ({ memberId, vote: 'AGREE' as const })),
    })),
    actor: secretary,
  };
}

/** The competent authority's approval (审批) of a rank candidate, as the org head records it. */
export const rankApproval = (personId: string, approvedOn: string) => ({
  personId,
  approved: true,
  documentNo: `人社审〔2026〕${personId}号`,
  approvedOn,
  authority: '市委组织部',
  actor: head,
});
