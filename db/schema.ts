import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const batchesTable = pgTable(
  'batches',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    year: integer('year').notNull(),
    orgUnit: text('org_unit').notNull(),
    stage: text('stage').notNull(),
    workflowId: text('workflow_id').notNull().unique(),
    ruleset: jsonb('ruleset').notNull(),
    /**
     * ruleset.timerScale, 1 at real time. Below 1 the batch ran its legal periods shortened (a test, drill or demo):
     * the annual report leaves it out. Derived from the ruleset, so every batch ever written has it.
     */
    timerScale: doublePrecision('timer_scale')
      .notNull()
      .generatedAlwaysAs(sql`coalesce((ruleset ->> 'timerScale')::double precision, 1)`),
    plan: jsonb('plan').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    closedAt: at('closed_at'),
    cancelReason: text('cancel_reason'),
    /** Set while the batch waits for a year's official holiday schedule (CALENDAR_NOT_PUBLISHED). */
    waitingForCalendarYear: integer('waiting_for_calendar_year'),
    /** What the batch waits for, in one line (also the workflow's current details). */
    waitingFor: text('waiting_for'),
    publicityEndsAt: at('publicity_ends_at'),
    /** Sequence number of the last workflow event projected here. */
    lastSeq: integer('last_seq').notNull().default(0),
  },
  (t) => [index('batches_list_idx').on(t.createdAt, t.id), index('batches_stage_idx').on(t.stage)],
);

export const positionsTable = pgTable(
  'positions',
  {
    batchId: text('batch_id')
      .notNull()
      .references(() => batchesTable.id),
    id: text('id').notNull(),
    title: text('title').notNull(),
    orgUnit: text('org_unit').notNull(),
    level: text('level').notNull(),
    seats: integer('seats').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.id] })],
);

export const candidatesTable = pgTable(
  'candidates',
  {
    batchId: text('batch_id')
      .notNull()
      .references(() => batchesTable.id),
    personId: text('person_id').notNull(),
    name: text('name').notNull(),
    branchId: text('branch_id').notNull(),
    positionId: text('position_id').notNull(),
    state: text('state').notNull(),
    exitReason: text('exit_reason'),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.personId] }), index('candidates_person_idx').on(t.personId)],
);

export const vettingChecksTable = pgTable(
  'vetting_checks',
  {
    batchId: text('batch_id').notNull(),
    personId: text('person_id').notNull(),
    kind: text('kind').notNull(),
    /** INTEGRITY_CONCLUSION has two signatures: one row per signer role. */
    signer: text('signer').notNull(),
    result: text('result').notNull(),
    note: text('note'),
    reason: text('reason'),
    actorId: text('actor_id').notNull(),
    actorRole: text('actor_role').notNull(),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.personId, t.kind, t.signer] })],
);

export const meetingsTable = pgTable(
  'meetings',
  {
    batchId: text('batch_id').notNull(),
    meetingId: text('meeting_id').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    members: integer('members').notNull(),
    attendance: jsonb('attendance').$type<string[]>().notNull(),
    minutesRef: text('minutes_ref'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.meetingId] })],
);

export const decisionsTable = pgTable(
  'decisions',
  {
    batchId: text('batch_id').notNull(),
    meetingId: text('meeting_id').notNull(),
    personId: text('person_id').notNull(),
    outcome: text('outcome').notNull(),
    agree: integer('agree').notNull(),
    disagree: integer('disagree').notNull(),
    defer: integer('defer').notNull(),
    present: integer('present').notNull(),
    recused: jsonb('recused').$type<string[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.meetingId, t.personId] })],
);

export const votesTable = pgTable(
  'votes',
  {
    batchId: text('batch_id').notNull(),
    meetingId: text('meeting_id').notNull(),
    personId: text('person_id').notNull(),
    memberId: text('member_id').notNull(),
    vote: text('vote').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.meetingId, t.personId, t.memberId] })],
);

export const publicityWindowsTable = pgTable(
  'publicity_windows',
  {
    batchId: text('batch_id').notNull(),
    windowNo: integer('window_no').notNull(),
    personIds: jsonb('person_ids').$type<string[]>().notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    endsAt: at('ends_at').notNull(),
    workingDays: integer('working_days').notNull(),
    extendedBy: text('extended_by'),
    closedAt: at('closed_at'),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.windowNo] }), check('min_five_days', sql`${t.workingDays} >= 5`)],
);

export const objectionsTable = pgTable(
  'objections',
  {
    id: text('id').primaryKey(),
    batchId: text('batch_id').notNull(),
    personId: text('person_id').notNull(),
    channel: text('channel').notNull(),
    reporterName: text('reporter_name'),
    reporterContact: text('reporter_contact'),
    content: text('content').notNull(),
    receivedAt: at('received_at').notNull(),
    registeredBy: text('registered_by'),
    status: text('status').notNull(),
    /** The latest resolution; every one of them, in order, is in objection_resolutions. */
    resolution: text('resolution'),
    resolutionNote: text('resolution_note'),
    resolvedBy: text('resolved_by'),
    resolvedAt: at('resolved_at'),
    feedback: text('feedback'),
    suspendedUntil: at('suspended_until'),
  },
  (t) => [index('objections_batch_idx').on(t.batchId, t.personId)],
);

/**
 * Every resolution an objection received, in order: `unverifiable` (暂缓) and later `unfounded` are two rows, so the
 * report counts both. One row per OBJECTION_RESOLVED event (batch, seq).
 */
export const objectionResolutionsTable = pgTable(
  'objection_resolutions',
  {
    batchId: text('batch_id').notNull(),
    seq: integer('seq').notNull(),
    /** objections.id */
    objectionId: text('objection_id').notNull(),
    resolution: text('resolution').notNull(),
    note: text('note'),
    feedback: text('feedback'),
    resolvedBy: text('resolved_by').notNull(),
    resolvedAt: at('resolved_at').notNull(),
    suspendedUntil: at('suspended_until'),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.seq] }), index('objection_resolutions_objection_idx').on(t.objectionId)],
);

export const holdsTable = pgTable(
  'holds',
  {
    batchId: text('batch_id').notNull(),
    holdId: text('hold_id').notNull(),
    personId: text('person_id'),
    reason: text('reason').notNull(),
    placedBy: text('placed_by').notNull(),
    placedAt: at('placed_at').notNull(),
    liftedBy: text('lifted_by'),
    liftedAt: at('lifted_at'),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.holdId] })],
);

export const appointmentsTable = pgTable(
  'appointments',
  {
    batchId: text('batch_id').notNull(),
    personId: text('person_id').notNull(),
    positionId: text('position_id').notNull(),
    level: text('level').notNull(),
    documentNo: text('document_no').notNull(),
    noticeDate: date('notice_date', { mode: 'string' }).notNull(),
    decisionDate: date('decision_date', { mode: 'string' }).notNull(),
    talkOn: date('talk_on', { mode: 'string' }),
    talkBy: text('talk_by'),
    issuedBy: text('issued_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.personId] })],
);

export const probationsTable = pgTable(
  'probations',
  {
    batchId: text('batch_id').notNull(),
    personId: text('person_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    outcome: text('outcome'),
    /** The party group's decision date (the outcome's `decidedOn`): the report counts outcomes by it. */
    decidedOn: date('decided_on', { mode: 'string' }),
    decidedBy: text('decided_by'),
    /** When the outcome was entered. */
    decidedAt: at('decided_at'),
    reason: text('reason'),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.personId] })],
);

export const calendarYearsTable = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  documentRef: text('document_ref'),
  source: text('source').notNull(),
  holidays: jsonb('holidays').$type<string[]>().notNull(),
  workdays: jsonb('workdays').$type<string[]>().notNull(),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: at('loaded_at').notNull(),
});

export const auditEventsTable = pgTable(
  'audit_events',
  {
    batchId: text('batch_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    actorId: text('actor_id').notNull(),
    actorRole: text('actor_role').notNull(),
    /** API (the token's subject), SIGNAL (declared by the signal's sender), SYSTEM; null before channels were kept. */
    actorChannel: text('actor_channel'),
    at: at('at').notNull(),
    rejected: boolean('rejected').notNull().default(false),
    payload: jsonb('payload').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.seq] })],
);

export const notificationsTable = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    batchId: text('batch_id').notNull(),
    personId: text('person_id'),
    kind: text('kind').notNull(),
    recipientRole: text('recipient_role').notNull(),
    message: text('message').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('notifications_batch_idx').on(t.batchId)],
);

export const idempotencyKeysTable = pgTable(
  'idempotency_keys',
  {
    key: text('key').notNull(),
    actorId: text('actor_id').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    body: jsonb('body').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.key] })],
);

// ---------- rank promotion (职级晋升): batches are shared (kind RANK_PROMOTION); meetings, votes, checks, objections,
// holds and public notices use the shared tables above ----------

export const rankCandidatesTable = pgTable(
  'rank_candidates',
  {
    batchId: text('batch_id')
      .notNull()
      .references(() => batchesTable.id),
    personId: text('person_id').notNull(),
    name: text('name').notNull(),
    branchId: text('branch_id').notNull(),
    currentRank: text('current_rank').notNull(),
    targetRank: text('target_rank').notNull(),
    eligible: boolean('eligible').notNull(),
    /** Blocking reasons ({ code, message }); empty when eligible. */
    blockers: jsonb('blockers').$type<{ code: string; message: string }[]>().notNull(),
    /** The eligibility computation (domain/eligibility.ts EligibilityTrace), kept for audit. */
    eligibilityTrace: jsonb('eligibility_trace').notNull(),
    state: text('state').notNull(),
    exitReason: text('exit_reason'),
    /** AWAITING_ASSESSMENT: the year whose annual assessment the office is to record before eligibility is known. */
    awaitingAssessmentYear: integer('awaiting_assessment_year'),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.personId] }), index('rank_candidates_person_idx').on(t.personId)],
);

/** 民主推荐 / 民主测评 results per candidate. */
export const rankEvaluationsTable = pgTable(
  'rank_evaluations',
  {
    batchId: text('batch_id').notNull(),
    personId: text('person_id').notNull(),
    method: text('method').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    participants: integer('participants').notNull(),
    favourable: integer('favourable').notNull(),
    note: text('note'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.personId] })],
);

/** A rank change approved by the competent authority (审批), with its document number. */
export const rankChangesTable = pgTable(
  'rank_changes',
  {
    batchId: text('batch_id').notNull(),
    personId: text('person_id').notNull(),
    fromRank: text('from_rank').notNull(),
    toRank: text('to_rank').notNull(),
    documentNo: text('document_no').notNull(),
    approvedOn: date('approved_on', { mode: 'string' }).notNull(),
    authority: text('authority'),
    decisionDate: date('decision_date', { mode: 'string' }).notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: at('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.personId] }), index('rank_changes_approved_idx').on(t.approvedOn)],
);

// ---------- training (培训班): plain records kept by the organization office, with their evaluation ----------

/** A training session. The evaluation (教学质量评估) is recorded on the session once it has ended. */
export const trainingSessionsTable = pgTable(
  'training_sessions',
  {
    id: text('id').primaryKey(),
    /** domain/training.ts trainingKinds: BUSINESS 业务培训, LEADERSHIP 领导力培训, INITIAL 初任培训, TRANSFER 转任培训, OTHER. */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    organiser: text('organiser').notNull(),
    location: text('location'),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** 学时 of the session (each participant attends all of them). */
    hours: numeric('hours', { precision: 6, scale: 1, mode: 'number' }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull(),
    /** 教学质量评估, 0–100; null until the evaluation is recorded. */
    teachingQualityScore: numeric('teaching_quality_score', { precision: 4, scale: 1, mode: 'number' }),
    evaluationNote: text('evaluation_note'),
    evaluatedBy: text('evaluated_by'),
    evaluatedAt: at('evaluated_at'),
  },
  (t) => [
    index('training_sessions_list_idx').on(t.startsOn, t.id),
    check('training_sessions_dates', sql`${t.endsOn} >= ${t.startsOn}`),
    check('training_sessions_hours', sql`${t.hours} > 0`),
    check('training_sessions_score', sql`${t.teachingQualityScore} between 0 and 100`),
  ],
);

/** Who attended a session, and their learning test (学习效果测试): pass/fail, a score, or both. */
export const trainingParticipantsTable = pgTable(
  'training_participants',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => trainingSessionsTable.id),
    personId: text('person_id').notNull(),
    testPassed: boolean('test_passed'),
    testScore: numeric('test_score', { precision: 4, scale: 1, mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.personId] }),
    index('training_participants_person_idx').on(t.personId),
    check('training_participants_score', sql`${t.testScore} between 0 and 100`),
  ],
);
