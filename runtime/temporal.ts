import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config/config';
import { temporalDataConverter } from './payload-codec';

type TemporalConfig = Pick<
  Config,
  'temporalNamespace' | 'temporalTls' | 'temporalTlsCert' | 'temporalTlsKey' | 'temporalApiKey'
> &
  Pick<Config, 'temporalPayloadKeys' | 'dataDir'>;

function connectionOptions(address: string, config: TemporalConfig) {
  const tls = config.temporalTls
    ? config.temporalTlsCert && config.temporalTlsKey
      ? { clientCertPair: { crt: readFileSync(config.temporalTlsCert), key: readFileSync(config.temporalTlsKey) } }
      : true
    : undefined;
  return {
    address,
    // The SDK turns TLS on for an API key unless told otherwise (a local cluster's JWT authorization is plain gRPC).
    ...(tls ? { tls } : config.temporalApiKey ? { tls: false as const } : {}),
    ...(config.temporalApiKey ? { apiKey: config.temporalApiKey } : {}),
  };
}

export async function connectClient(address: string, config: TemporalConfig) {
  const connection = await Connection.connect(connectionOptions(address, config));
  const client = new Client({
    connection,
    namespace: config.temporalNamespace,
    dataConverter: temporalDataConverter(config),
  });
  return { connection, client };
}

export function connectWorker(address: string, config: TemporalConfig) {
  return NativeConnection.connect(connectionOptions(address, config));
}
