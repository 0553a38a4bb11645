import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { Worker, type ReplayResult, type WorkflowBundle } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, test } from 'vitest';
import { workflowBundle } from '../../runtime/worker';
import { testDataConverter } from '../helpers/temporal-env';

type History = proto.temporal.api.history.v1.IHistory;

// Saved by `npx tsx scripts/save-histories.ts`; regenerate only after a deliberate, versioned workflow change.
const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'histories');

// historyFromJSON() from @temporalio/common/lib/proto-utils (which runReplayHistories also calls on JSON histories)
// fails here with "type must be a Type": @temporalio/common and @temporalio/proto each have their own protobufjs
// copy, as npm could not hoist protobufjs 8 over grpc's protobufjs 7. The protojson of the copy @temporalio/proto was
// built with parses the same proto3 JSON into the History message the replayer takes as is.
const fromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
const { fromJson } = fromProto('protobufjs/ext/protojson') as {
  fromJson: (type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }) => History;
};
const historyType: unknown = (
  patchProtobufRoot(proto) as unknown as { lookupType: (name: string) => unknown }
).lookupType('temporal.api.history.v1.History');
const historyFromJSON = (json: unknown) => fromJson(historyType, json, { ignoreUnknownFields: true });

const fixtures = readdirSync(fixturesDir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({
    workflowId: basename(file, '.json'),
    json: JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')) as { events: Record<string, unknown>[] },
  }));

async function replay(histories: { workflowId: string; history: History }[]) {
  const results: ReplayResult[] = [];
  // Through the payload codec, as a worker replays: payloads stored before encryption pass through it unchanged.
  const options = { workflowBundle: bundle, dataConverter: testDataConverter() };
  for await (const result of Worker.runReplayHistories(options, histories)) results.push(result);
  return results;
}

let bundle: WorkflowBundle;
beforeAll(async () => {
  bundle = await workflowBundle();
});

describe('workflow histories', () => {
  test('when saved histories of finished workflows (payloads in clear, from before encryption) are replayed through the payload codec, none is non-deterministic', async () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(4);
    const clear = Buffer.from('json/plain').toString('base64');
    expect(fixtures.filter(({ json }) => JSON.stringify(json.events[0]).includes(clear)).length).toBeGreaterThanOrEqual(
      4,
    );
    for (const { json } of fixtures)
      expect(['EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW']).toContain(
        json.events.at(-1)?.eventType,
      );

    const results = await replay(
      fixtures.map(({ workflowId, json }) => ({ workflowId, history: historyFromJSON(json) })),
    );
    expect(results.map(({ workflowId, error }) => ({ workflowId, error: error?.message }))).toEqual(
      fixtures.map(({ workflowId }) => ({ workflowId, error: undefined })),
    );
  });

  test('when the code would schedule other commands than a saved history records, the replay fails', async () => {
    const appointed = fixtures.find((f) => f.workflowId === 'selection-batch-appointed.before-history-diet');
    expect(appointed).toBeDefined();
    // As if the workflow had been changed to call another activity first: the code's commands no longer match.
    let renamed = false;
    const events = appointed!.json.events.map((event) => {
      const attributes = event.activityTaskScheduledEventAttributes as Record<string, unknown> | undefined;
      if (renamed || !attributes) return event;
      renamed = true;
      return { ...event, activityTaskScheduledEventAttributes: { ...attributes, activityType: { name: 'renamed' } } };
    });
    expect(renamed).toBe(true);

    const results = await replay([{ workflowId: 'changed', history: historyFromJSON({ events }) }]);
    expect(results).toHaveLength(1);
    expect(results[0]?.error).toBeInstanceOf(DeterminismViolationError);
  });
});
