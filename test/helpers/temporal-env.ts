import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import proto from '@temporalio/proto';
import { loadConfig } from '../../config/config';
import { temporalDataConverter } from '../../runtime/payload-codec';
import { requireTool, temporalTestServer } from '../../runtime/tools';
import { searchAttributeDefinitions } from '../../workflows/search-attributes';

// Default import: the package is CommonJS, and this file is also loaded by plain `tsx` scripts (scripts/, bench/).
const IndexedValueType = proto.temporal.api.enums.v1.IndexedValueType;
const types = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
} as const;

/** The payload key of every test (TEMPORAL_PAYLOAD_KEYS): fixed, so histories saved by a test can be replayed. */
export const testPayloadKeys = `test:${createHash('sha256').update('xuanren test payload key').digest('base64')}`;
/** What runtime/payload-codec.ts builds for clients and workers, with the test key. */
export const testDataConverter = () => temporalDataConverter(loadConfig({ TEMPORAL_PAYLOAD_KEYS: testPayloadKeys }));

/** The values of payloads read from a history (fetchHistory() leaves them encrypted), decoded by the client's codec. */
export async function decodedValues(client: Client, payloads: readonly Payload[] | null | undefined) {
  let decoded = [...(payloads ?? [])];
  for (const codec of [...(client.options.loadedDataConverter.payloadCodecs ?? [])].reverse())
    decoded = await codec.decode(decoded);
  return decoded.map((payload) => defaultPayloadConverter.fromPayload(payload));
}

/**
 * The official time-skipping test server from .tools/ (the SDK's default would try to download it). Its client
 * encrypts payloads as the API's does; give workers `dataConverter: testDataConverter()`.
 */
export async function timeSkippingEnv() {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireTool(temporalTestServer) } },
    client: { dataConverter: testDataConverter() },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(searchAttributeDefinitions.map(({ name, type }) => [name, types[type]])),
  });
  return env;
}
