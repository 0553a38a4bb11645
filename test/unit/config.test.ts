import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../config/config';

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

    test('when only a TLS certificate is set, it fails', () => {
      expect(() => loadConfig({ TEMPORAL_TLS_CERT: '/c.pem' })).toThrow(/TEMPORAL_TLS_KEY/);
    });
  });
});

describe('README configuration table', () => {
  test('when a variable is read by the config module, the README documents it', async () => {
    const { readFileSync } = await import('node:fs');
    const { configKeys } = await import('../../config/config');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const missing = Object.values(configKeys)
      .filter((k) => !readme.includes(`\`${k.env}\``))
      .map((k) => k.env);
    expect(missing).toEqual([]);
  });
});
