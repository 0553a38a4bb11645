import { describe, expect, test } from 'vitest';
import { ConfigError, configKeys, loadConfig } from '../../config/config';
import { readMarkdown, section, tableRows } from '../helpers/markdown';

describe('config', () => {
  describe('loadConfig', () => {
    test('when nothing is set, it uses the embedded defaults', () => {
      const config = loadConfig({});
      expect(config).toMatchObject({ port: 3000, dataDir: '.data', temporalNamespace: 'default', temporalTls: false });
      expect(config.databaseUrl).toBeUndefined();
      expect(config.temporalAddress).toBeUndefined();
    });

    test.each([
      ['PORT', 'eighty'],
      ['PORT', '70000'],
      ['DATABASE_URL', 'not a url'],
      ['TEMPORAL_TLS', 'maybe'],
      ['AUTH_JWT_SECRET', 'short'],
      ['LOG_LEVEL', 'loud'],
      ['TEMPORAL_PAYLOAD_KEYS', 'no-colon'],
      ['TEMPORAL_PAYLOAD_KEYS', `k1:${Buffer.alloc(16).toString('base64')}`],
      ['TEMPORAL_PAYLOAD_KEYS', `bad id:${Buffer.alloc(32).toString('base64')}`],
      [
        'TEMPORAL_PAYLOAD_KEYS',
        `k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`,
      ],
      ['AUTH_MAX_TOKEN_LIFETIME', 'forever'],
      ['AUTH_MAX_TOKEN_LIFETIME', '10s'],
    ])('when %s=%s, it fails naming the variable', (name, value) => {
      expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}=`));
    });

    test('when ALLOW_SCALED_TIMERS is unset, scaled timers are refused (a production default)', () => {
      expect(loadConfig({}).allowScaledTimers).toBe(false);
      expect(loadConfig({ ALLOW_SCALED_TIMERS: 'true' }).allowScaledTimers).toBe(true);
      expect(() => loadConfig({ ALLOW_SCALED_TIMERS: 'yes' })).toThrow(/^ALLOW_SCALED_TIMERS=/);
    });

    test('when an API key is set, TLS is implied', () => {
      expect(loadConfig({ TEMPORAL_API_KEY: 'k', TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233' }).temporalTls).toBe(
        true,
      );
    });

    test('when TEMPORAL_PAYLOAD_KEYS lists keys, each becomes an id and 32 key bytes, the current one first', () => {
      const [a, b] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
      const keys = loadConfig({
        TEMPORAL_PAYLOAD_KEYS: `2026-12:${a.toString('base64')},2026-01:${b.toString('base64')}`,
      }).temporalPayloadKeys;
      expect(keys).toEqual([
        { id: '2026-12', key: a },
        { id: '2026-01', key: b },
      ]);
    });

    test('when AUTH_MAX_TOKEN_LIFETIME has a unit, it is read as seconds; by default 12 hours', () => {
      expect(loadConfig({}).authMaxTokenLifetime).toBe(12 * 3600);
      expect(loadConfig({ AUTH_MAX_TOKEN_LIFETIME: '30m' }).authMaxTokenLifetime).toBe(1800);
      expect(loadConfig({ AUTH_MAX_TOKEN_LIFETIME: '1d' }).authMaxTokenLifetime).toBe(86_400);
      expect(loadConfig({ AUTH_MAX_TOKEN_LIFETIME: '900' }).authMaxTokenLifetime).toBe(900);
    });

    test('when an API key is set with TEMPORAL_TLS=false, TLS stays off (a plain-gRPC server with JWT authorization)', () => {
      expect(
        loadConfig({ TEMPORAL_API_KEY: 'jwt', TEMPORAL_TLS: 'false', TEMPORAL_ADDRESS: '127.0.0.1:7300' }).temporalTls,
      ).toBe(false);
    });

    test('when only a TLS certificate is set, it fails', () => {
      expect(() => loadConfig({ TEMPORAL_TLS_CERT: '/c.pem' })).toThrow(/TEMPORAL_TLS_KEY/);
    });
  });
});

describe('docs/operators.md configuration table', () => {
  const rows = () => {
    const table = section(readMarkdown('docs/operators.md'), '## Configuration');
    return tableRows(table).map(([variables = '', defaultValue = '']) => ({
      envs: [...variables.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!),
      defaultValue,
    }));
  };
  const keys = Object.values(configKeys) as { env: string; default: string | undefined }[];

  test('when a variable is read by the config module, the table documents it', () => {
    const documented = rows().flatMap((r) => r.envs);
    const missing = keys.filter((k) => !documented.includes(k.env)).map((k) => k.env);
    expect(missing).toEqual([]);
  });

  test('when the table names a variable, the config module reads it', () => {
    const read = keys.map((k) => k.env);
    expect(rows().flatMap((r) => r.envs.filter((env) => !read.includes(env)))).toEqual([]);
  });

  test("when the table gives a default, it is the config module's", () => {
    const shown = (k: { default: string | undefined }) => (k.default ? `\`${k.default}\`` : '—');
    const wrong = rows().flatMap(({ envs, defaultValue }) =>
      keys.filter((k) => envs.includes(k.env) && shown(k) !== defaultValue).map((k) => `${k.env}: ${defaultValue}`),
    );
    expect(wrong).toEqual([]);
  });
});
