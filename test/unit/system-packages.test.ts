import { describe, expect, test } from 'vitest';
import { plan, systemPackages } from '../../scripts/system-packages.mjs';

const byName = (...names: string[]) => systemPackages.filter((p) => names.includes(p.name));

describe('scripts/system-packages.mjs', () => {
  describe('systemPackages', () => {
    test('when listed, each package the suite needs is there with the reason it is needed', () => {
      expect(systemPackages.map((p) => p.name).sort()).toEqual(
        ['chromium', 'docker-compose', 'fonts-noto-cjk', 'libreoffice-writer-nogui', 'poppler-utils'].sort(),
      );
      for (const p of systemPackages) expect(p.why.length).toBeGreaterThan(10);
    });
  });

  describe('plan', () => {
    test('when nothing is missing, it does nothing', () => {
      expect(plan({ missing: [], isRoot: false, hasAptGet: false })).toEqual({ action: 'none' });
    });

    test('when root and apt-get is present, it installs exactly the missing packages', () => {
      const decision = plan({ missing: byName('chromium', 'poppler-utils'), isRoot: true, hasAptGet: true });
      expect(decision).toMatchObject({ action: 'install', names: ['chromium', 'poppler-utils'] });
    });

    test('when not root, it stops and names each package, why, and the sudo command', () => {
      const decision = plan({ missing: byName('chromium', 'docker-compose'), isRoot: false, hasAptGet: true });
      expect(decision.action).toBe('stop');
      if (decision.action !== 'stop') return;
      expect(decision.message).toContain('this user is not root');
      expect(decision.message).toContain(
        'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium docker-compose',
      );
      expect(decision.message).toMatch(/chromium: headless browser/);
    });

    test('when apt-get is absent, it stops even as root and says so', () => {
      const decision = plan({ missing: byName('fonts-noto-cjk'), isRoot: true, hasAptGet: false });
      expect(decision).toMatchObject({ action: 'stop', names: ['fonts-noto-cjk'] });
      if (decision.action === 'stop') expect(decision.message).toContain('apt-get is not available');
    });
  });
});
