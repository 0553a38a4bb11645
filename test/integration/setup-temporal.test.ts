import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { SearchAttributeConflictError, setupTemporal } from '../../runtime/temporal-setup';
import { projectRoot } from '../../runtime/tools';
import { searchAttributeDefinitions } from '../../workflows/search-attributes';

const { IndexedValueType } = proto.temporal.api.enums.v1;
const names = searchAttributeDefinitions.map((d) => d.name);

/** `npm run setup:temporal` as an operator runs it, with nothing but the variables it documents. */
function runSetup(namespace: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/setup-temporal.ts'], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: namespace,
    },
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

let connection: Connection;
beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
});
afterAll(() => connection.close());

describe('setup:temporal (bin/setup-temporal.ts)', () => {
  test('when run twice on a cluster without the namespace, the first run creates everything and the second changes nothing', async () => {
    const namespace = `xuanren-setup-${randomUUID().slice(0, 8)}`;

    const first = runSetup(namespace);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain(`namespace "${namespace}": created`);
    for (const name of names) expect(first.output).toContain(`search attribute ${name}: added`);

    const second = runSetup(namespace);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain(`namespace "${namespace}": exists`);
    expect(second.output).not.toContain('added');
    expect(second.output).toContain('nothing changed');

    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    expect(customAttributes).toMatchObject({
      BatchKind: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      BatchStage: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      BatchYear: IndexedValueType.INDEXED_VALUE_TYPE_INT,
      OrgUnit: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      PendingOpinions: IndexedValueType.INDEXED_VALUE_TYPE_INT,
      PublicityEndsAt: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
    });
  });

  test('when some attributes exist already, it adds only the missing ones', async () => {
    const namespace = `xuanren-setup-${randomUUID().slice(0, 8)}`;
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    await whenNamespaceReady(() =>
      connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: { BatchStage: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD },
      }),
    );

    const report = await setupTemporal({ connection, namespace });

    expect(report).toEqual({
      namespace,
      namespaceCreated: false,
      added: names.filter((n) => n !== 'BatchStage'),
      existing: ['BatchStage'],
    });
  });

  test('when an attribute exists with another type, it stops with a SearchAttributeConflictError and adds nothing', async () => {
    const namespace = `xuanren-setup-${randomUUID().slice(0, 8)}`;
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    await whenNamespaceReady(() =>
      connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: { BatchYear: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD },
      }),
    );

    await expect(setupTemporal({ connection, namespace })).rejects.toBeInstanceOf(SearchAttributeConflictError);

    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    expect(Object.keys(customAttributes ?? {})).toEqual(['BatchYear']);
  });
});

/** A namespace just registered reaches the server's namespace cache a moment later. */
async function whenNamespaceReady(call: () => Promise<unknown>) {
  for (let i = 0; ; i++) {
    try {
      return await call();
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
