import { head } from '../../testkit/actors';

// The workflow tests' actors and steps are the scenario's (testkit); what only they use stays here.
export { branchSecretary, discipline, head, officer, secretary } from '../../testkit/actors';
export { allChecks } from '../../testkit/checks';
export { today } from '../../testkit/dates';
export { unanimousMeeting } from '../../testkit/meetings';

/** The competent authority's approval (审批) of a rank candidate, as the org head records it. */
export const rankApproval = (personId: string, approvedOn: string) => ({
  personId,
  approved: true,
  documentNo: `人社审〔2026〕${personId}号`,
  approvedOn,
  authority: '市委组织部',
  actor: head,
});
