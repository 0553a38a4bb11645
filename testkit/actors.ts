import type { Actor } from '../domain/roles';

export const officer: Actor = { id: 'officer-li', roles: ['ORG_OFFICER'] };
export const head: Actor = { id: 'head-wang', roles: ['ORG_HEAD'] };
export const auditor: Actor = { id: 'auditor', roles: ['AUDITOR'] };
export const discipline: Actor = { id: 'discipline-zhao', roles: ['DISCIPLINE_GROUP'] };
export const secretary: Actor = { id: 'm1', roles: ['PARTY_GROUP_SECRETARY', 'PARTY_GROUP_MEMBER'], memberId: 'm1' };
export const branchSecretary = (branchId: string): Actor => ({
  id: `bs-${branchId}`,
  roles: ['BRANCH_SECRETARY'],
  branchId,
});

/** Who does what in a scenario; a script may cast others (names for the demo, a second integrity signatory). */
export interface Cast {
  officer: Actor;
  head: Actor;
  auditor: Actor;
  discipline: Actor;
  secretary: Actor;
  branchSecretary(branchId: string): Actor;
  /** Who signs the second integrity conclusion (default: the discipline group). */
  integrity?: Actor;
}

export const cast: Cast = { officer, head, auditor, discipline, secretary, branchSecretary };
