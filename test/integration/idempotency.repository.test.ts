import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { connectDatabase, type Database } from '../../db/client';
import { createIdempotencyRepository } from '../../db/idempotency.repository';
import { uniqueId } from '../helpers/stack';

let database: Database;
let answers: ReturnType<typeof createIdempotencyRepository>;
beforeAll(() => {
  database = connectDatabase(inject('databaseUrl'), { max: 2 });
  answers = createIdempotencyRepository({ db: database.db });
});
afterAll(async () => {
  await database?.close();
});

const answer = (actorId: string, key: string, status = 201, body: unknown = { id: 'b1' }) => ({
  actorId,
  key,
  requestHash: `hash-${status}`,
  status,
  body,
});

describe('idempotency repository', () => {
  describe('find', () => {
    test('when nothing was stored under the key, undefined', async () => {
      expect(await answers.find(uniqueId('actor'), 'k1')).toBeUndefined();
    });

    test('when another caller used the same key, their answer is not found', async () => {
      const key = uniqueId('key');
      await answers.save(answer(uniqueId('actor'), key));
      expect(await answers.find(uniqueId('actor'), key)).toBeUndefined();
    });
  });

  describe('save', () => {
    test('when an answer is saved, find returns it as stored', async () => {
      const actorId = uniqueId('actor');
      await answers.save(answer(actorId, 'k1', 422, { code: 'rule.violated', errors: [{ path: 'x' }] }));
      expect(await answers.find(actorId, 'k1')).toEqual(
        answer(actorId, 'k1', 422, { code: 'rule.violated', errors: [{ path: 'x' }] }),
      );
    });

    test('when a second answer comes for the same caller and key, the first one stays', async () => {
      const actorId = uniqueId('actor');
      await answers.save(answer(actorId, 'k1', 201));
      await answers.save(answer(actorId, 'k1', 409, { code: 'batch.already_exists' }));
      expect(await answers.find(actorId, 'k1')).toMatchObject({ status: 201, body: { id: 'b1' } });
    });
  });
});
