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
  /**
   * The roster person this login is, from the identity provider's `personId` claim. Only this binds a token to a
   * candidate: a login id (`sub`) that happens to equal a staff number binds nothing.
   */
  personId?: string;
}

/** Whether the actor is the roster person `personId` (e.g. a candidate withdrawing their own candidacy). */
export function isPerson(actor: Actor | undefined, personId: string): boolean {
  return actor?.personId !== undefined && actor.personId === personId;
}

export function hasRole(actor: Actor, ...allowed: Role[]): boolean {
  return actor.roles.some((r) => allowed.includes(r));
}

/** ORG_HEAD may do everything ORG_OFFICER may (domain.md §1). */
export const orgStaff: Role[] = ['ORG_OFFICER', 'ORG_HEAD'];
export const readers: Role[] = [...roles];
