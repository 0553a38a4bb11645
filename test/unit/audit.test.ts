import { describe, expect, test } from 'vitest';
import { canonicalJson, chainHash, GENESIS_HASH, verifyChain, type AuditRecord } from '../../db/audit';

const record = (seq: number, payload: unknown = { n: seq }): AuditRecord => ({
  batchId: 'b1',
  seq,
  type: 'EVENT',
  actorId: 'a',
  actorRole: 'ORG_OFFICER',
  at: '2026-03-01T00:00:00.000Z',
  rejected: false,
  payload,
});

function chain(n: number) {
  const rows = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const hash = chainHash(prev, record(seq));
    rows.push({ ...record(seq), prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('audit chain', () => {
  describe('canonicalJson', () => {
    test('when keys come in another order, the text is the same', () => {
      expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
        canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
      );
    });
  });

  describe('verifyChain', () => {
    test('when the chain is intact, it verifies', () => {
      expect(verifyChain(chain(5))).toEqual({ verified: true, length: 5 });
    });

    test('when a payload was edited, it breaks at that event', () => {
      const rows = chain(5);
      rows[2] = { ...rows[2]!, payload: { n: 99 } };
      expect(verifyChain(rows)).toEqual({ verified: false, length: 5, brokenAt: 3 });
    });

    test('when an event was deleted, it breaks where the gap is', () => {
      const rows = chain(5);
      rows.splice(1, 1);
      expect(verifyChain(rows)).toMatchObject({ verified: false, brokenAt: 3 });
    });

    test('when the channel of an event was edited, it breaks at that event', () => {
      let prev = GENESIS_HASH;
      const rows = [1, 2, 3].map((seq) => {
        const r = { ...record(seq), actorChannel: 'SIGNAL' };
        const hash = chainHash(prev, r);
        const row = { ...r, prevHash: prev, hash };
        prev = hash;
        return row;
      });
      expect(verifyChain(rows).verified).toBe(true);
      rows[1] = { ...rows[1]!, actorChannel: 'API' };
      expect(verifyChain(rows)).toEqual({ verified: false, length: 3, brokenAt: 2 });
    });

    test('when a row recorded before channels comes back with a null channel, its hash still matches', () => {
      const rows = chain(3).map((r) => ({ ...r, actorChannel: null }));
      expect(verifyChain(rows).verified).toBe(true);
    });

    test('when a timestamp comes back from the database as a Date, the hash still matches', () => {
      const rows = chain(2).map((r) => ({ ...r, at: new Date(r.at as string) }));
      expect(verifyChain(rows).verified).toBe(true);
    });
  });
});
