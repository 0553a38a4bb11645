import { startBatchSchema } from '../../domain/batch';
import type { StartBatchInput } from '../../domain/batch';
import type { PublicityWindow } from '../../domain/calendar';
import { roles } from '../../domain/roles';
import type { Actor, Role } from '../../domain/roles';
import { defaultRuleset, type StoredRuleset } from '../../domain/ruleset';
import {
  applyCommand,
  applyPublicity,
  changeStage,
  checkCommand,
  endPublicity,
  initialState,
  nextStep,
} from '../../domain/selection';
import type { BatchState, CommandContext, CommandName, Effect, EventDraft, Refusal } from '../../domain/selection';
import { allChecks, head, officer, secretary, unanimousMeeting as unanimousMeetingOn } from './workflow-actors';

/** Vetting, the meeting and everything else happen on 2026-11-25 (10:00 in Shanghai) unless a test says otherwise. */
export const NOW = '2026-11-25T02:00:00.000Z';
export const unanimousMeeting = (meetingId: string, personIds: string[], heldOn = '2026-11-25') =>
  unanimousMeetingOn(meetingId, personIds, heldOn);

/** p1 (branch b1) for the 正处 office post, p2 (branch b2) for the 副科 finance post; m1 is the secretary. */
export const body: StartBatchInput = {
  title: '2026年第二批干部选拔',
  year: 2026,
  orgUnit: '局机关',
  positions: [
    { id: 'pos-office', title: '办公室主任', orgUnit: '办公室', level: '正处' },
    { id: 'pos-finance', title: '财务科副科长', orgUnit: '财务处', level: '副科' },
  ],
  candidates: [
    { personId: 'p1', name: '张三', branchId: 'b1', positionId: 'pos-office' },
    { personId: 'p2', name: '李四', branchId: 'b2', positionId: 'pos-finance' },
  ],
  partyGroup: [
    { memberId: 'm1', name: '党组书记', isSecretary: true },
    { memberId: 'm2', name: '成员二' },
    { memberId: 'm3', name: '成员三' },
    { memberId: 'm4', name: '成员四' },
    { memberId: 'm5', name: '成员五' },
  ],
};

/** Two candidates p1 and p3 competing for the one-seat office post. */
export const twoForOneSeat: Partial<StartBatchInput> = {
  candidates: [
    { personId: 'p1', name: '张三', branchId: 'b1', positionId: 'pos-office' },
    { personId: 'p3', name: '王五', branchId: 'b1', positionId: 'pos-office' },
  ],
};

export function batch(overrides: Partial<StartBatchInput> = {}, ruleset: StoredRuleset = defaultRuleset): BatchState {
  return initialState({
    plan: { ...startBatchSchema.parse({ ...body, ...overrides }), id: 'batch-2026-2' },
    ruleset,
    startedBy: { id: officer.id, role: 'ORG_OFFICER' },
  });
}

export const as = (role: Role, extra: Partial<Actor> = {}): Actor => ({
  id: `u-${role.toLowerCase()}`,
  roles: [role],
  ...(role === 'BRANCH_SECRETARY' ? { branchId: 'b1' } : {}),
  ...(role === 'PARTY_GROUP_SECRETARY' || role === 'PARTY_GROUP_MEMBER' ? { memberId: 'm1' } : {}),
  ...extra,
});
export type Who = Role | 'public';
export const actorOf = (who: Who): Actor | undefined => (who === 'public' ? undefined : as(who));
export const everyone: Who[] = [...roles, 'public'];

export function refusalOf(
  state: BatchState,
  name: CommandName,
  message: unknown,
  ctx: CommandContext = { now: NOW },
): Refusal | undefined {
  const checked = checkCommand(state, name, message, ctx);
  return checked.ok ? undefined : checked.refusal;
}
export const codeOf = (state: BatchState, name: CommandName, message: object, ctx?: CommandContext) =>
  refusalOf(state, name, message, ctx)?.code;

/** Checks then applies a message, as the workflow does; a refusal fails the test with its code. */
export function send(
  state: BatchState,
  name: CommandName,
  message: object,
  ctx: CommandContext = { now: NOW },
): Effect {
  const checked = checkCommand(state, name, message, ctx);
  if (!checked.ok) throw new Error(`${name} refused: ${checked.refusal.code}: ${checked.refusal.message}`);
  return applyCommand(state, name, checked.input, checked.actor, ctx);
}

export const candidate = (state: BatchState, personId: string) => {
  const c = state.candidates.find((x) => x.personId === personId);
  if (!c) throw new Error(`no candidate ${personId}`);
  return c;
};
export const statesOf = (state: BatchState) => Object.fromEntries(state.candidates.map((c) => [c.personId, c.state]));

export function vet(state: BatchState, personId: string): Effect[] {
  return allChecks(personId, candidate(state, personId).branchId).map((check) => send(state, 'recordCheck', check));
}

export function advance(state: BatchState): EventDraft[] {
  const step = nextStep(state);
  if (step.kind !== 'stage') throw new Error(`expected a stage change, got ${JSON.stringify(step)}`);
  return changeStage(state, step.to);
}

/** Ballots of m1…m5 in order m2…m5 then the secretary, each member's vote given. */
export function meeting(meetingId: string, items: { personId: string; votes?: string[] }[], extra: object = {}) {
  return {
    meetingId,
    heldOn: '2026-11-25',
    attendance: ['m1', 'm2', 'm3', 'm4', 'm5'],
    votes: items.map(({ personId, votes = ['AGREE', 'AGREE', 'AGREE', 'AGREE', 'AGREE'] }) => ({
      personId,
      ballots: ['m2', 'm3', 'm4', 'm5', 'm1'].map((memberId, i) => ({ memberId, vote: votes[i] })),
    })),
    actor: secretary,
    ...extra,
  };
}

export const PUBLICITY_5: PublicityWindow = {
  startsOn: '2026-11-26',
  workingDays: 5,
  endsOn: '2026-12-03',
  endsAt: '2026-12-03T16:00:00.000Z',
  counted: ['2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'],
};
export const PUBLICITY_7: PublicityWindow = {
  startsOn: '2026-11-26',
  workingDays: 7,
  endsOn: '2026-12-07',
  endsAt: '2026-12-07T16:00:00.000Z',
  counted: [...PUBLICITY_5.counted, '2026-12-04', '2026-12-07'],
};

/** Every candidate vetted and the batch moved to DECIDING. */
export function deciding(overrides: Partial<StartBatchInput> = {}): BatchState {
  const state = batch(overrides);
  for (const c of state.candidates) vet(state, c.personId);
  advance(state);
  return state;
}

/** p1 and p2 approved unanimously on 2026-11-25. */
export function approved(): BatchState {
  const state = deciding();
  send(state, 'recordDecision', unanimousMeeting('mt-1', ['p1', 'p2']));
  return state;
}

export function inPublicity(window: PublicityWindow = PUBLICITY_5): BatchState {
  const state = approved();
  const step = nextStep(state);
  if (step.kind !== 'openPublicity') throw new Error(`expected openPublicity, got ${JSON.stringify(step)}`);
  applyPublicity(state, window, step.personIds);
  return state;
}

export function publicityEnded(): BatchState {
  const state = inPublicity();
  endPublicity(state);
  return state;
}

export function appointing(): BatchState {
  const state = publicityEnded();
  advance(state);
  return state;
}

export const objection = (extra: object = {}) => ({
  objectionId: 'obj-a',
  personId: 'p1',
  content: '反映张三在原单位存在违规发放津补贴问题',
  ...extra,
});
export const resolution = (resolution: string, extra: object = {}) => ({
  objectionId: 'obj-a',
  resolution,
  note: '经核查',
  actor: head,
  ...extra,
});
export const appointment = (extra: object = {}) => ({
  personId: 'p1',
  documentNo: '局党组〔2026〕45号',
  noticeDate: '2026-12-04',
  actor: officer,
  ...extra,
});
