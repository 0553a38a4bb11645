import { startBatchSchema } from '../../domain/batch';
import type { StartBatchInput } from '../../domain/batch';
import type { PublicityWindow } from '../../domain/calendar';
import { defaultRuleset, type StoredRuleset } from '../../domain/ruleset';
import { applyPublicity, endPublicity, initialState, nextStep } from '../../domain/selection';
import type { BatchState } from '../../domain/selection';
import { officer } from './workflow-actors';
import { send, vet, advance } from './selection-send';
import { unanimousMeeting, PUBLICITY_5 } from './selection-messages';

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
