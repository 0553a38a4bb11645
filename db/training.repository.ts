import { and, asc, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  trainingKindLabels,
  type CreateTrainingSession,
  type TrainingEvaluation,
  type TrainingKind,
} from '../domain/training';
import {
  attendedSessionSchema,
  evaluationDueFields,
  personRecordSchema,
  trainingSessionSchema,
  trainingSessionSummarySchema,
} from '../domain/views/training';
import { asView } from '../domain/views/view';
import type { Db } from './client';
import {
  appointmentsTable,
  candidatesTable,
  positionsTable,
  probationsTable,
  rankCandidatesTable,
  rankChangesTable,
  trainingParticipantsTable,
  trainingSessionsTable,
} from './schema';

export interface TrainingListFilter {
  year?: number;
  kind?: TrainingKind;
  cursor?: { startsOn: string; id: string };
  limit: number;
}

type SessionRow = typeof trainingSessionsTable.$inferSelect;

// The views the training routes answer with, but for what the routes add (the evaluation's due date, the links).
const sessionRecord = trainingSessionSchema.omit({ ...evaluationDueFields, links: true });
const sessionSummaryRecord = trainingSessionSummarySchema.omit(evaluationDueFields);
const personRecord = personRecordSchema.extend({ training: z.array(attendedSessionSchema.omit(evaluationDueFields)) });

/** A PostgreSQL unique violation (here: a session id taken). */
const isUniqueViolation = (err: unknown) =>
  (err as { code?: string; cause?: { code?: string } }).code === '23505' ||
  (err as { cause?: { code?: string } }).cause?.code === '23505';

function summary(row: SessionRow) {
  const { teachingQualityScore, evaluationNote, evaluatedBy, evaluatedAt, ...session } = row;
  // recordEvaluation sets the four together.
  const evaluated = evaluatedAt !== null && evaluatedBy !== null && teachingQualityScore !== null;
  return {
    ...session,
    kindLabel: trainingKindLabels[row.kind as TrainingKind] ?? row.kind,
    evaluation: evaluated
      ? { teachingQualityScore, note: evaluationNote, recordedBy: evaluatedBy, recordedAt: evaluatedAt }
      : null,
  };
}

export function createTrainingRepository({ db }: { db: Db }) {
  const t = trainingSessionsTable;
  const p = trainingParticipantsTable;

  return {
    /** Records a session and its participants in one transaction; `exists` when the id is taken. */
    async create(session: CreateTrainingSession & { id: string }, createdBy: string): Promise<'created' | 'exists'> {
      try {
        await db.transaction(async (tx) => {
          const { participants, ...row } = session;
          await tx.insert(t).values({ ...row, location: row.location ?? null, createdBy, createdAt: new Date() });
          await tx.insert(p).values(participants.map((personId) => ({ sessionId: session.id, personId })));
        });
        return 'created';
      } catch (err) {
        if (isUniqueViolation(err)) return 'exists';
        throw err;
      }
    },

    async get(id: string) {
      const [row] = await db.select().from(t).where(eq(t.id, id));
      if (!row) return undefined;
      const participants = await db
        .select({ personId: p.personId, passed: p.testPassed, score: p.testScore })
        .from(p)
        .where(eq(p.sessionId, id))
        .orderBy(asc(p.personId));
      const s = summary(row);
      const tested = participants.filter((x) => x.passed !== null || x.score !== null);
      const scores = tested.flatMap((x) => (x.score === null ? [] : [x.score]));
      return asView(sessionRecord)({
        ...s,
        participantCount: participants.length,
        participants: participants.map(({ personId, passed, score }) => ({
          personId,
          learningTest: s.evaluation === null ? null : { passed, score },
        })),
        evaluation:
          s.evaluation === null
            ? null
            : {
                ...s.evaluation,
                learningTests: {
                  tested: tested.length,
                  passed: tested.filter((x) => x.passed === true).length,
                  failed: tested.filter((x) => x.passed === false).length,
                  averageScore:
                    scores.length === 0
                      ? null
                      : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100,
                },
              },
      });
    },

    /** Latest first, keyset-paginated on (starts_on, id); a year filter keeps the sessions starting in it. */
    async list({ year, kind, cursor, limit }: TrainingListFilter) {
      const where: SQL[] = [];
      if (year) where.push(gte(t.startsOn, `${year}-01-01`), lt(t.startsOn, `${year + 1}-01-01`));
      if (kind) where.push(eq(t.kind, kind));
      if (cursor)
        where.push(or(lt(t.startsOn, cursor.startsOn), and(eq(t.startsOn, cursor.startsOn), lt(t.id, cursor.id)))!);
      const rows = await db
        .select({
          session: t,
          participantCount: sql<number>`(select count(*)::int from ${p} where ${p.sessionId} = ${t.id})`,
        })
        .from(t)
        .where(and(...where))
        .orderBy(desc(t.startsOn), desc(t.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) =>
          asView(sessionSummaryRecord)({ ...summary(r.session), participantCount: r.participantCount }),
        ),
        next: rows.length > limit && last ? { startsOn: last.session.startsOn, id: last.session.id } : undefined,
      };
    },

    /**
     * Records (or replaces) the evaluation in one transaction. The session row is locked first, so `check` sees its
     * participants and whether it is evaluated as they are when the write happens; `check` throws to refuse.
     */
    async recordEvaluation(
      id: string,
      evaluation: TrainingEvaluation,
      recordedBy: string,
      check: (session: { endsOn: string; participants: string[]; evaluated: boolean }) => void,
    ): Promise<'recorded' | 'replaced' | 'not_found'> {
      return db.transaction(async (tx) => {
        const [row] = await tx.select().from(t).where(eq(t.id, id)).for('update');
        if (!row) return 'not_found';
        const participants = (await tx.select({ personId: p.personId }).from(p).where(eq(p.sessionId, id))).map(
          (x) => x.personId,
        );
        const evaluated = row.evaluatedAt !== null;
        check({ endsOn: row.endsOn, participants, evaluated });
        await tx
          .update(t)
          .set({
            teachingQualityScore: evaluation.teachingQualityScore,
            evaluationNote: evaluation.note ?? null,
            evaluatedBy: recordedBy,
            evaluatedAt: new Date(),
          })
          .where(eq(t.id, id));
        for (const test of evaluation.learningTests)
          await tx
            .update(p)
            .set({ testPassed: test.passed ?? null, testScore: test.score ?? null })
            .where(and(eq(p.sessionId, id), eq(p.personId, test.personId)));
        return evaluated ? 'replaced' : 'recorded';
      });
    },

    /**
     * A person's cadre record: the training they attended (with their learning test), their appointments to posts
     * (with the probation outcome) and their rank changes, each oldest first.
     */
    async personRecord(personId: string) {
      const [training, appointments, rankChanges, names] = await Promise.all([
        db
          .select({ session: t, passed: p.testPassed, score: p.testScore })
          .from(p)
          .innerJoin(t, eq(t.id, p.sessionId))
          .where(eq(p.personId, personId))
          .orderBy(asc(t.startsOn), asc(t.id)),
        db
          .select({
            batchId: appointmentsTable.batchId,
            positionId: appointmentsTable.positionId,
            position: positionsTable.title,
            orgUnit: positionsTable.orgUnit,
            level: appointmentsTable.level,
            documentNo: appointmentsTable.documentNo,
            decisionDate: appointmentsTable.decisionDate,
            noticeDate: appointmentsTable.noticeDate,
            probationEndsOn: probationsTable.endsOn,
            probationOutcome: probationsTable.outcome,
          })
          .from(appointmentsTable)
          .leftJoin(
            positionsTable,
            and(
              eq(positionsTable.batchId, appointmentsTable.batchId),
              eq(positionsTable.id, appointmentsTable.positionId),
            ),
          )
          .leftJoin(
            probationsTable,
            and(
              eq(probationsTable.batchId, appointmentsTable.batchId),
              eq(probationsTable.personId, appointmentsTable.personId),
            ),
          )
          .where(eq(appointmentsTable.personId, personId))
          .orderBy(asc(appointmentsTable.noticeDate)),
        db
          .select({
            batchId: rankChangesTable.batchId,
            fromRank: rankChangesTable.fromRank,
            toRank: rankChangesTable.toRank,
            documentNo: rankChangesTable.documentNo,
            approvedOn: rankChangesTable.approvedOn,
            authority: rankChangesTable.authority,
          })
          .from(rankChangesTable)
          .where(eq(rankChangesTable.personId, personId))
          .orderBy(asc(rankChangesTable.approvedOn)),
        db
          .select({ name: candidatesTable.name, at: candidatesTable.updatedAt })
          .from(candidatesTable)
          .where(eq(candidatesTable.personId, personId))
          .unionAll(
            db
              .select({ name: rankCandidatesTable.name, at: rankCandidatesTable.updatedAt })
              .from(rankCandidatesTable)
              .where(eq(rankCandidatesTable.personId, personId)),
          ),
      ]);
      const latestName = names.sort((a, b) => b.at.getTime() - a.at.getTime())[0]?.name ?? null;
      return asView(personRecord)({
        personId,
        name: latestName,
        training: training.map(({ session, passed, score }) => {
          const s = summary(session);
          return {
            ...s,
            learningTest: s.evaluation === null ? null : { passed, score },
          };
        }),
        appointments,
        rankChanges,
      });
    },
  };
}

export type TrainingRepository = ReturnType<typeof createTrainingRepository>;
