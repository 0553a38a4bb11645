import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { ConfigError, payloadKeysSchema, type Config } from '../config/config';

/**
 * Every payload Temporal stores (workflow inputs, signal and update arguments, activity arguments and results, query
 * answers, memos, summaries and current details) is encrypted with AES-256-GCM before it leaves the process. The key
 * id travels in the payload's metadata, so keys rotate: encode with the first key, decode with any configured one.
 * Payloads without the encryption marker (histories written before encryption, `temporal workflow signal` with plain
 * JSON) pass through decode unchanged.
 */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const PayloadMessage = proto.temporal.api.common.v1.Payload;

export class PayloadCodecError extends Error {
  override name = 'PayloadCodecError';
}

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly current: PayloadKey;
  private readonly byId: Map<string, Buffer>;

  constructor(keys: readonly PayloadKey[]) {
    if (!keys[0]) throw new PayloadCodecError('the payload codec needs at least one key');
    this.current = keys[0];
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (text(payload.metadata?.encoding) === ENCODING ? this.decrypt(payload) : payload));
  }

  private encrypt(payload: Payload): Payload {
    const { id, key } = this.current;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, nonce);
    // The key id is authenticated: a payload relabelled with another key's id does not decrypt.
    cipher.setAAD(Buffer.from(id));
    const body = cipher.update(PayloadMessage.encode(payload).finish());
    const data = Buffer.concat([nonce, body, cipher.final(), cipher.getAuthTag()]);
    return { metadata: { encoding: Buffer.from(ENCODING), [KEY_ID]: Buffer.from(id) }, data };
  }

  private decrypt(payload: Payload): Payload {
    const id = text(payload.metadata?.[KEY_ID]);
    if (id === undefined) throw new PayloadCodecError(`an encrypted payload has no ${KEY_ID}`);
    const key = this.byId.get(id);
    if (!key) throw new PayloadCodecError(`a payload is encrypted with key "${id}", which TEMPORAL_PAYLOAD_KEYS lacks`);
    const data = Buffer.from(payload.data ?? []);
    if (data.length < NONCE_BYTES + TAG_BYTES) throw new PayloadCodecError(`a payload of key "${id}" is truncated`);
    const decipher = createDecipheriv(ALGORITHM, key, data.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch (cause) {
      throw new PayloadCodecError(`a payload of key "${id}" fails authentication: altered, or another key`, {
        cause,
      });
    }
    return PayloadMessage.decode(plain);
  }
}

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

type KeyConfig = Pick<Config, 'temporalPayloadKeys' | 'dataDir'>;

/** The configured keys; without any, a dev key generated once into DATA_DIR (as runtime/dev-secret.ts does). */
export function resolvePayloadKeys(config: KeyConfig): { keys: PayloadKey[]; devKeyFile?: string } {
  if (config.temporalPayloadKeys) return { keys: config.temporalPayloadKeys };
  const dir = resolve(config.dataDir);
  const file = join(dir, 'dev-payload-key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Written aside, then linked into place: processes starting together (npm run cluster) never read a half file.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, `dev:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(draft);
    }
  }
  const parsed = payloadKeysSchema.safeParse(readFileSync(file, 'utf8'));
  if (!parsed.success) throw new ConfigError(`${file} does not hold a payload key: ${parsed.error.issues[0]?.message}`);
  return { keys: parsed.data, devKeyFile: file };
}

/**
 * Said at startup when a process talks to an external Temporal with a dev key: every api and worker would encrypt
 * with a key of its own, and none could read what the others wrote.
 */
export function devKeyWarning(config: KeyConfig & Pick<Config, 'temporalAddress'>): string | undefined {
  const { devKeyFile } = resolvePayloadKeys(config);
  if (!devKeyFile || !config.temporalAddress) return undefined;
  return `Temporal payloads are encrypted with the dev key in ${devKeyFile}: set TEMPORAL_PAYLOAD_KEYS, the same for every api and worker`;
}

/** The keys as TEMPORAL_PAYLOAD_KEYS spells them, to hand them to child processes. */
export const payloadKeysText = (keys: readonly PayloadKey[]) =>
  keys.map(({ id, key }) => `${id}:${key.toString('base64')}`).join(',');

/** The data converter of every Temporal client and worker of xuanren: build it here, nowhere else. */
export function temporalDataConverter(config: KeyConfig): DataConverter {
  // Keys are read at the first payload: a client that only administers Temporal (setup:temporal) writes no dev key.
  let codec: AesGcmPayloadCodec | undefined;
  const keyed = () => (codec ??= new AesGcmPayloadCodec(resolvePayloadKeys(config).keys));
  return {
    payloadCodecs: [{ encode: (payloads) => keyed().encode(payloads), decode: (payloads) => keyed().decode(payloads) }],
  };
}
