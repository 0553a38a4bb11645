import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../../runtime/ports';
import { startTemporalDevServer, type TemporalDevServer } from '../../runtime/temporal-dev';
import { projectRoot } from '../../runtime/tools';
import { startStack, token, uniqueId, type Stack } from '../helpers/stack';
import { batchBody } from '../../testkit';

const chromiumPath = '/usr/bin/chromium';
const screenshots = join(projectRoot, 'test-results');
const missingChromium = `${chromiumPath} is missing. CI installs it with: apt-get update && apt-get install -y chromium fonts-noto-cjk`;

// The test stack's own dev server runs headless; this file starts one with the Web UI that operators use, pointed
// at the API's codec endpoint as `npm start` points it (the dev UI has no sign-in: the dev rule of api/codec.routes.ts).
let temporal: TemporalDevServer;
let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(missingChromium);
  mkdirSync(screenshots, { recursive: true });
  const [port, uiPort, apiPort] = await Promise.all([freePort(), freePort(), freePort()]);
  temporal = await startTemporalDevServer({ port, uiPort, codecEndpoint: `http://127.0.0.1:${apiPort}/codec` });
  stack = await startStack({
    temporalAddress: temporal.address,
    port: apiPort,
    temporalUiUrl: temporal.uiUrl,
    codecWithoutTokenFromUi: true,
  });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({
    viewport: { width: 1600, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await temporal?.stop();
});

/** The text of the page and of its frames. */
async function renderedText(page: Page) {
  const texts = await Promise.all(page.frames().map((frame) => frame.innerText('body').catch(() => '')));
  return texts.join('\n');
}

describe('Temporal Web UI (a real browser)', () => {
  test('when an operator filters by BatchStage, the batch is listed with its stage, and its page shows the input decoded through the codec endpoint, the summary and where it stands', async () => {
    const officer = await token('ORG_OFFICER');
    const inspecting = uniqueId('2026');
    const other = uniqueId('2026');
    const cancelled = uniqueId('2026');
    for (const [id, orgUnit] of [
      [inspecting, 'HQ'],
      [other, 'FINANCE'],
      [cancelled, 'HQ'],
    ] as const) {
      const created = await stack.request('POST', '/api/v1/batches', {
        token: officer,
        body: batchBody(id, { orgUnit }),
      });
      expect(created.status).toBe(201);
    }
    const cancel = await stack.request('POST', `/api/v1/batches/${cancelled}/cancellation`, {
      token: await token('ORG_HEAD'),
      body: { reason: '岗位调整' },
    });
    expect(cancel.status).toBe(200);

    // The list, filtered as docs/operators.md tells operators to.
    const list = `${temporal.uiUrl}/namespaces/default/workflows?query=${encodeURIComponent('BatchStage="INSPECTING"')}`;
    const row = (id: string) => page.getByRole('link', { name: `batch-${id}`, exact: true });
    // Visibility is eventually consistent: reload until the list has caught up.
    await expect
      .poll(
        async () => {
          await page.goto(list);
          return row(inspecting)
            .waitFor({ timeout: 3000 })
            .then(() => true)
            .catch(() => false);
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    await expect.poll(() => row(other).count()).toBe(1);
    expect(await row(cancelled).count()).toBe(0);

    // The batch's own search attributes as columns (the UI keeps the choice in the browser).
    await page.getByTestId('workflows-summary-table-configuration-button').click();
    for (const column of ['Run ID', 'End'])
      await page.getByTestId(`orderable-list-item-${column}-remove-button`).click();
    for (const column of ['BatchStage', 'BatchYear', 'OrgUnit', 'PendingOpinions'])
      await page.getByTestId(`orderable-list-item-${column}-add-button`).click();
    await page.getByRole('button', { name: 'Close' }).filter({ visible: true }).click();
    await page.getByText('Configure Workflows Table').waitFor({ state: 'hidden' });
    const listed = page.getByRole('row').filter({ has: row(inspecting) });
    await expect.poll(() => listed.innerText()).toMatch(/INSPECTING[\s\S]*2026[\s\S]*HQ/);
    await page.screenshot({ path: join(screenshots, 'temporal-ui-batch-list.png') });

    // One batch. Its payloads are encrypted: the UI decodes them through the API's codec endpoint, so its input
    // shows the candidates' names.
    const decoded = page.waitForResponse((r) => new URL(r.url()).pathname === '/codec/decode' && r.status() === 200);
    await row(inspecting).click();
    await decoded;
    await expect.poll(() => renderedText(page), { timeout: 20_000 }).toContain('王一');
    // Its summary and details, and current details saying where it stands (the UI renders each markdown text in a
    // frame of its own).
    await page.getByRole('tab', { name: 'User Metadata' }).click();
    await expect
      .poll(() => renderedText(page), { timeout: 20_000 })
      .toContain(`干部选拔 ${inspecting} 2026年第一批干部选拔：2 个职位，2 名考察对象`);
    expect(await renderedText(page)).toMatch(/考察 INSPECTING — 等待：vetting/);
    expect(await renderedText(page)).toContain('p1 (正处, 办公室)');
    await page.screenshot({ path: join(screenshots, 'temporal-ui-batch.png') });

    // Its history, compact: one line per activity and timer.
    await page.getByRole('tab', { name: /Event History/ }).click();
    await page.getByRole('button', { name: 'Compact' }).click();
    await page.getByText('persistEvents').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(screenshots, 'temporal-ui-batch-history.png') });
  });
});
