import { TestWorkflowEnvironment } from '@temporalio/testing';
import proto from '@temporalio/proto';
import { requireTool, temporalTestServer } from '../../runtime/tools';
import { searchAttributeDefinitions } from '../../workflows/search-attributes';

// Default import: the package is CommonJS, and this file is also loaded by plain `tsx` scripts (scripts/, bench/).
const IndexedValueType = proto.temporal.api.enums.v1.IndexedValueType;
const types = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
} as const;

/** The official time-skipping test server from .tools/ (the SDK's default would try to download it). */
export async function timeSkippingEnv() {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireTool(temporalTestServer) } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(searchAttributeDefinitions.map(({ name, type }) => [name, types[type]])),
  });
  return env;
}
