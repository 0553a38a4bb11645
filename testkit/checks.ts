import { cast as defaultCast, type Cast } from './actors';

/**
 * The seven checks of one candidate in a selection batch, each by its own role, all clear: the three archive checks,
 * the discipline opinion, the branch opinion and the integrity conclusion signed by the secretary and the group.
 */
export function allChecks(personId: string, branchId: string, cast: Cast = defaultCast) {
  const { officer, discipline, secretary } = cast;
  return [
    { personId, kind: 'ARCHIVE_AUDIT', result: 'clear', actor: officer },
    { personId, kind: 'PERSONAL_MATTERS', result: 'clear', actor: officer },
    { personId, kind: 'PETITION_CHECK', result: 'clear', actor: officer },
    { personId, kind: 'DISCIPLINE_OPINION', result: 'clear', actor: discipline },
    { personId, kind: 'BRANCH_OPINION', result: 'clear', actor: cast.branchSecretary(branchId) },
    { personId, kind: 'INTEGRITY_CONCLUSION', result: 'clear', actor: secretary },
    { personId, kind: 'INTEGRITY_CONCLUSION', result: 'clear', actor: cast.integrity ?? discipline },
  ] as const;
}

/** How many checks allChecks gives one candidate. */
export const checksPerCandidate = allChecks('c1', 'b1').length;
