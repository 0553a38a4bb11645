/**
 * What encryption adds per payload (runtime/payload-codec.ts): encode and decode of a batch's start input (the
 * largest payload a batch writes) and of a small update argument, next to the JSON conversion every payload pays anyway.
 *
 *   npx tsx bench/payload-codec.ts [--rounds 20000]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from '../runtime/payload-codec';
import { batchBody } from '../testkit/selection-plans';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20000' } } });
const rounds = Number(values.rounds);
const codec = new AesGcmPayloadCodec([{ id: 'bench', key: randomBytes(32) }]);

const candidates = Array.from({ length: 30 }, (_, i) => ({
  personId: `c${i}`,
  name: `候选人${i}`,
  branchId: `b${i % 3}`,
  positionId: 'p1',
}));
const inputs = {
  'batch start input (30 candidates)': { plan: batchBody('bench', { candidates }), startedBy: { id: 'officer' } },
  'vetting check update': { personId: 'c1', kind: 'DISCIPLINE_OPINION', result: 'clear', note: '该同志廉洁自律' },
};

async function perCall(fn: () => unknown) {
  for (let i = 0; i < 1000; i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) await fn();
  return ((performance.now() - t0) / rounds) * 1000;
}

const results: Record<string, Record<string, number>> = {};
for (const [name, value] of Object.entries(inputs)) {
  const payload = defaultPayloadConverter.toPayload(value);
  const [encrypted] = await codec.encode([payload]);
  results[name] = {
    'bytes clear': payload.data!.length,
    'bytes encrypted': encrypted!.data!.length,
    'JSON to payload µs': await perCall(() => defaultPayloadConverter.toPayload(value)),
    'encode µs': await perCall(() => codec.encode([payload])),
    'decode µs': await perCall(() => codec.decode([encrypted!])),
  };
}
console.log(`xuanren bench: payload codec, ${rounds} rounds`);
console.table(
  Object.fromEntries(
    Object.entries(results).map(([k, v]) => [
      k,
      Object.fromEntries(Object.entries(v).map(([m, n]) => [m, Math.round(n * 10) / 10])),
    ]),
  ),
);
const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'payload-codec.json'), `${JSON.stringify({ rounds, results }, null, 2)}\n`);
