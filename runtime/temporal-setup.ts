import type { Connection } from '@temporalio/client';
import { isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import { searchAttributeDefinitions } from '../workflows/search-attributes';

// Default import: the package is CommonJS.
const { IndexedValueType } = proto.temporal.api.enums.v1;
const indexedTypes = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
} as const;
const typeNames = new Map<number, string>([
  [IndexedValueType.INDEXED_VALUE_TYPE_TEXT, 'Text'],
  [IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD, 'Keyword'],
  [IndexedValueType.INDEXED_VALUE_TYPE_INT, 'Int'],
  [IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE, 'Double'],
  [IndexedValueType.INDEXED_VALUE_TYPE_BOOL, 'Bool'],
  [IndexedValueType.INDEXED_VALUE_TYPE_DATETIME, 'Datetime'],
  [IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST, 'KeywordList'],
]);

/** gRPC status codes (google.rpc.Code). */
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

export interface SetupReport {
  namespace: string;
  namespaceCreated: boolean;
  /** Search attributes this run added. */
  added: string[];
  /** Search attributes that were already there with the right type. */
  existing: string[];
}

export class SearchAttributeConflictError extends Error {
  override name = 'SearchAttributeConflictError';
}

/**
 * Idempotent: creates the namespace if it is missing and adds the custom search attributes the workflows set
 * (workflows/search-attributes.ts) that the namespace lacks; what exists is left alone. An attribute that exists
 * with another type is an error: the cluster's operator must resolve it (Temporal cannot change a type in place).
 */
export async function setupTemporal({
  connection,
  namespace,
  retentionDays = 30,
  log = () => {},
  timeoutMs = 60_000,
}: {
  connection: Connection;
  namespace: string;
  retentionDays?: number;
  log?: (line: string) => void;
  timeoutMs?: number;
}): Promise<SetupReport> {
  const deadline = Date.now() + timeoutMs;
  const namespaceCreated = await ensureNamespace(connection, namespace, retentionDays);
  log(
    namespaceCreated
      ? `namespace "${namespace}": created (retention ${retentionDays} days)`
      : `namespace "${namespace}": exists`,
  );

  // A namespace just registered reaches the server's namespace cache a few seconds later.
  const current = await retryWhileNotFound(deadline, () => customAttributes(connection, namespace));
  const added: string[] = [];
  const existing: string[] = [];
  const conflicts: string[] = [];
  for (const { name, type } of searchAttributeDefinitions) {
    const found = current.get(name);
    if (found === undefined) added.push(name);
    else if (found === indexedTypes[type]) existing.push(name);
    else conflicts.push(`${name} is ${typeNames.get(found) ?? found}, expected ${type}`);
  }
  if (conflicts.length > 0) {
    throw new SearchAttributeConflictError(
      `namespace "${namespace}" has search attributes of the wrong type: ${conflicts.join('; ')}`,
    );
  }
  for (const name of existing) log(`search attribute ${name}: exists`);
  if (added.length > 0) {
    const definitions = Object.fromEntries(
      searchAttributeDefinitions.filter((d) => added.includes(d.name)).map((d) => [d.name, indexedTypes[d.type]]),
    );
    await retryWhileNotFound(deadline, () =>
      connection.operatorService.addSearchAttributes({ namespace, searchAttributes: definitions }),
    );
    for (const { name, type } of searchAttributeDefinitions.filter((d) => added.includes(d.name)))
      log(`search attribute ${name}: added (${type})`);
  }
  return { namespace, namespaceCreated, added, existing };
}

async function ensureNamespace(connection: Connection, namespace: string, retentionDays: number) {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return false;
  } catch (err) {
    if (!isGrpcServiceError(err) || err.code !== NOT_FOUND) throw err;
  }
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
      description: 'xuanren: cadre selection and appointment',
    });
    return true;
  } catch (err) {
    // Another setup run registered it in between.
    if (isGrpcServiceError(err) && err.code === ALREADY_EXISTS) return false;
    throw err;
  }
}

async function customAttributes(connection: Connection, namespace: string): Promise<Map<string, number>> {
  const { customAttributes = {} } = await connection.operatorService.listSearchAttributes({ namespace });
  return new Map(Object.entries(customAttributes ?? {}).map(([name, type]) => [name, Number(type)]));
}

async function retryWhileNotFound<T>(deadline: number, call: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (!isGrpcServiceError(err) || err.code !== NOT_FOUND || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
