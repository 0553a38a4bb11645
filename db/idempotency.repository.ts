import { and, eq } from 'drizzle-orm';
import type { Db } from './client';
import { idempotencyKeysTable } from './schema';

/** The first answer to a caller's request under one `Idempotency-Key`. */
export interface StoredAnswer {
  actorId: string;
  key: string;
  /** Hash of method, URL and canonical body: tells a retry from another request reusing the key. */
  requestHash: string;
  status: number;
  body: unknown;
}

export function createIdempotencyRepository({ db }: { db: Db }) {
  return {
    async find(actorId: string, key: string): Promise<StoredAnswer | undefined> {
      const [row] = await db
        .select({
          actorId: idempotencyKeysTable.actorId,
          key: idempotencyKeysTable.key,
          requestHash: idempotencyKeysTable.requestHash,
          status: idempotencyKeysTable.status,
          body: idempotencyKeysTable.body,
        })
        .from(idempotencyKeysTable)
        .where(and(eq(idempotencyKeysTable.actorId, actorId), eq(idempotencyKeysTable.key, key)));
      return row;
    },

    /** Keeps the answer stored first: of two concurrent first requests, the later one's answer is not stored. */
    async save(answer: StoredAnswer, at = new Date()): Promise<void> {
      await db
        .insert(idempotencyKeysTable)
        .values({ ...answer, body: answer.body ?? null, createdAt: at })
        .onConflictDoNothing();
    },
  };
}
