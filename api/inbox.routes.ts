import { Router } from 'express';
import { createInboxRepository } from '../db/inbox.repository';
import { inboxFor, sectionsFor } from '../domain/inbox';
import { inboxSchema } from '../domain/views/inbox';
import { asView } from '../domain/views/view';
import type { AppDeps } from './deps';
import { currentActor } from './auth';
import { declareRoute, mount } from './route-declaration';

/** The caller's 待办: every pending action of their roles, from the read model. */
export const inboxEndpoints = {
  get: declareRoute({
    method: 'get',
    base: '/api/v1',
    path: '/inbox',
    access: 'authenticated',
    operationId: 'getInbox',
    summary: 'The caller’s pending actions (待办), by the roles, branch and member id of their token',
    description:
      'ORG_OFFICER: checks outstanding, appointments to issue; BRANCH_SECRETARY: branch opinions on candidates of ' +
      'their own branch; DISCIPLINE_GROUP: discipline opinions, integrity conclusions to co-sign, holds in force; ' +
      'PARTY_GROUP_SECRETARY: batches ready for decision, integrity conclusions to sign; ORG_HEAD: objections to ' +
      'resolve, suspensions ending, escalated overdue opinions. Several roles: the union. No office role: empty.',
    tag: 'inbox',
    success: { status: 200, description: 'the inbox', content: { 'application/json': inboxSchema } },
    errors: {},
  }),
};

export function inboxRoutes({ database }: AppDeps) {
  const router = Router();
  const inbox = createInboxRepository({ db: database.db });
  mount(router, inboxEndpoints.get, async (req, res) => {
    const actor = currentActor(req);
    const facts = await inbox.facts(sectionsFor(actor));
    res.json(asView(inboxSchema)(inboxFor(actor, facts, new Date().toISOString())));
  });
  return router;
}
