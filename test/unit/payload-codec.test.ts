import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { afterEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../config/config';
import {
  AesGcmPayloadCodec,
  PayloadCodecError,
  devKeyWarning,
  resolvePayloadKeys,
  temporalDataConverter,
  type PayloadKey,
} from '../../runtime/payload-codec';

const key = (id: string): PayloadKey => ({ id, key: randomBytes(32) });
const toPayload = (value: unknown) => defaultPayloadConverter.toPayload(value);
const fromPayload = (payload: Payload) => defaultPayloadConverter.fromPayload(payload);
const text = (payload: Payload) =>
  Buffer.concat([
    Buffer.from(payload.data ?? []),
    ...Object.values(payload.metadata ?? {}).map((v) => Buffer.from(v)),
  ]).toString('utf8');
const candidate = { personId: 'c1', name: '王五', note: '廉政意见：王五同志无问题' };

describe('runtime/payload-codec', () => {
  describe('AesGcmPayloadCodec', () => {
    test('when a payload is encoded, it holds no clear text, names its key, and decodes back to the same value', async () => {
      const codec = new AesGcmPayloadCodec([key('k1')]);
      const [encoded] = await codec.encode([toPayload(candidate)]);
      expect(text(encoded!)).not.toContain('王五');
      expect(Buffer.from(encoded!.metadata!.encoding!).toString()).toBe('binary/encrypted');
      expect(Buffer.from(encoded!.metadata!['encryption-key-id']!).toString()).toBe('k1');
      const [decoded] = await codec.decode([encoded!]);
      expect(fromPayload(decoded!)).toEqual(candidate);
    });

    test('when the same payload is encoded twice, the ciphertexts differ (a fresh nonce each time)', async () => {
      const codec = new AesGcmPayloadCodec([key('k1')]);
      const [a, b] = await codec.encode([toPayload(candidate), toPayload(candidate)]);
      expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
    });

    test('when keys rotate, a payload encoded with the old key still decodes and new payloads use the new key', async () => {
      const old = key('2025');
      const [before] = await new AesGcmPayloadCodec([old]).encode([toPayload(candidate)]);
      const rotated = new AesGcmPayloadCodec([key('2026'), old]);
      expect(fromPayload((await rotated.decode([before!]))[0]!)).toEqual(candidate);
      const [after] = await rotated.encode([toPayload(candidate)]);
      expect(Buffer.from(after!.metadata!['encryption-key-id']!).toString()).toBe('2026');
    });

    test('when a payload was stored before encryption, decode passes it through unchanged', async () => {
      const plain = toPayload(candidate);
      const [decoded] = await new AesGcmPayloadCodec([key('k1')]).decode([plain]);
      expect(decoded).toBe(plain);
    });

    test('when an encrypted payload is tampered with, decode fails with PayloadCodecError', async () => {
      const codec = new AesGcmPayloadCodec([key('k1')]);
      const [encoded] = await codec.encode([toPayload(candidate)]);
      const data = Buffer.from(encoded!.data!);
      data[data.length - 20]! ^= 0x01;
      await expect(codec.decode([{ ...encoded!, data }])).rejects.toBeInstanceOf(PayloadCodecError);
      // The key id is authenticated too: relabelling a payload with another known key's id fails as well.
      const relabelled = { ...encoded!, metadata: { ...encoded!.metadata, 'encryption-key-id': Buffer.from('k2') } };
      await expect(new AesGcmPayloadCodec([key('k1'), key('k2')]).decode([relabelled])).rejects.toBeInstanceOf(
        PayloadCodecError,
      );
    });

    test('when a payload names a key that is not configured, decode fails naming that key id', async () => {
      const [encoded] = await new AesGcmPayloadCodec([key('gone')]).encode([toPayload(candidate)]);
      const decoding = new AesGcmPayloadCodec([key('k1')]).decode([encoded!]);
      await expect(decoding).rejects.toBeInstanceOf(PayloadCodecError);
      await expect(decoding).rejects.toThrow(/"gone"/);
    });

    test('when built without a key, it refuses', () => {
      expect(() => new AesGcmPayloadCodec([])).toThrow(PayloadCodecError);
    });
  });

  describe('resolvePayloadKeys', () => {
    const dirs: string[] = [];
    afterEach(() => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    });

    test('when a client or worker is only built (setup:temporal administers Temporal), no dev key is written yet', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'xuanren-keys-'));
      dirs.push(dataDir);
      const converter = temporalDataConverter(loadConfig({ DATA_DIR: dataDir }));
      expect(existsSync(join(dataDir, 'dev-payload-key'))).toBe(false);
      await converter.payloadCodecs![0]!.encode([toPayload(candidate)]);
      expect(existsSync(join(dataDir, 'dev-payload-key'))).toBe(true);
    });

    test('when TEMPORAL_PAYLOAD_KEYS is set, its keys are used in order and no file is written', () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'xuanren-keys-'));
      dirs.push(dataDir);
      const [a, b] = [randomBytes(32), randomBytes(32)];
      const config = loadConfig({
        DATA_DIR: dataDir,
        TEMPORAL_PAYLOAD_KEYS: `2026:${a.toString('base64')}, 2025:${b.toString('base64')}`,
      });
      const resolved = resolvePayloadKeys(config);
      expect(resolved.keys.map((k) => k.id)).toEqual(['2026', '2025']);
      expect(resolved.keys[0]!.key.equals(a)).toBe(true);
      expect(resolved.devKeyFile).toBeUndefined();
    });

    test('when no key is configured, a dev key is generated once into DATA_DIR (owner-only) and reused, with a warning against an external Temporal', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'xuanren-keys-'));
      dirs.push(dataDir);
      const config = loadConfig({ DATA_DIR: dataDir });
      const first = resolvePayloadKeys(config);
      expect(first.devKeyFile).toBe(join(dataDir, 'dev-payload-key'));
      expect(statSync(first.devKeyFile!).mode & 0o777).toBe(0o600);
      // The file holds what TEMPORAL_PAYLOAD_KEYS would: it can be moved into the configuration as is.
      const content = readFileSync(first.devKeyFile!, 'utf8').trim();
      expect(loadConfig({ TEMPORAL_PAYLOAD_KEYS: content }).temporalPayloadKeys).toEqual(first.keys);
      const second = resolvePayloadKeys(config);
      expect(second.keys).toEqual(first.keys);

      expect(devKeyWarning(config)).toBeUndefined();
      // Against an external Temporal (api and workers apart), a key of one process's own is a mistake to point out.
      expect(devKeyWarning({ ...config, temporalAddress: 'temporal:7233' })).toMatch(/TEMPORAL_PAYLOAD_KEYS/);

      const [encoded] = await temporalDataConverter(config).payloadCodecs![0]!.encode([toPayload(candidate)]);
      const [decoded] = await temporalDataConverter(config).payloadCodecs![0]!.decode([encoded!]);
      expect(fromPayload(decoded!)).toEqual(candidate);
    });
  });
});
