export const roles = [
  'ORG_OFFICER',
  'ORG_HEAD',
  'PARTY_GROUP_MEMBER',
  'PARTY_GROUP_SECRETARY',
  'BRANCH_SECRETARY',
  'DISCIPLINE_GROUP',
  'AUDITOR',
] as const;

export type Role = (typeof roles)[number];

/** The authenticated caller. Built from the token's claims only, never from a request body. */
export interface Actor {
  id: string;
  name?: string;
  roles: Role[];
  /** Party branch of a BRANCH_SECRETARY. */
  branchId?: string;
  /** Party group member id of a PARTY_GROUP_MEMBER / PARTY_GROUP_SECRETARY. */
  memberId?: string;
}

export function hasRole(actor: Actor, ...allowed: Role[]): boolean {
  return actor.roles.some((r) => allowed.includes(r));
}

/** ORG_HEAD may do everything ORG_OFFICER may (domain.md §1). */
export const orgStaff: Role[] = ['ORG_OFFICER', 'ORG_HEAD'];
export const readers: Role[] = [...roles];
