/**
 * The network report in headless Chromium (Debian's, driven by playwright-core): every section and
 * chart renders with the stored figures, no console error, no request leaves localhost, and
 * screenshots at desktop and phone widths are saved under test/artifacts/ (CI keeps them).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../../src/config/load-config.js';
import { startService, type RunningService } from '../../src/main.js';
import { silentLogger } from '../../src/shared/logger.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const available = fs.existsSync(CHROMIUM);
if (!available && process.env['RAPPORT_REQUIRE_BROWSER'] === '1')
  throw new Error(
    `${CHROMIUM} is missing: install it with \`apt-get install chromium\` (.ci/run does)`,
  );
const maybe = available ? describe : describe.skip;

maybe('the network report in a browser', () => {
  let service: RunningService;
  let browser: Browser;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-report-'));

  beforeAll(async () => {
    // The embedded default: demo organization, no HubSpot secret, so the report is local-only.
    service = await startService(
      loadConfig({ PORT: '0', RAPPORT_DATA_DIR: dataDir, RAPPORT_WORKER: 'off' }),
      silentLogger(),
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['desktop', 1280, 900],
    ['phone', 390, 844],
  ] as const)(
    'renders every section and chart on a %s, offline, without errors',
    async (name, width, height) => {
      const page = await browser.newPage({ viewport: { width, height } });
      const errors: string[] = [];
      const outside: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => {
        const host = new URL(r.url()).hostname;
        if (!['127.0.0.1', 'localhost'].includes(host)) outside.push(r.url());
      });
      const response = await page.goto(service.url, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      for (const id of ['vision', 'kpis', 'teams', 'risk', 'hygiene'])
        expect(await page.locator(`section#${id}`).count()).toBe(1);
      expect(await page.locator('h1').textContent()).toContain('Northwind Partners (demo)');

      const charts = await page.evaluate(() => {
        const list = (
          globalThis as unknown as {
            rapportCharts: {
              canvas: { id: string; width: number };
              data: { datasets: { data: number[] }[] };
            }[];
          }
        ).rapportCharts;
        return list.map((c) => ({
          id: c.canvas.id,
          width: c.canvas.width,
          points: c.data.datasets[0]!.data.length,
        }));
      });
      expect(charts.map((c) => c.id)).toEqual(
        expect.arrayContaining(['kpi-coverage', 'team-coverage', 'team-ror', 'hygiene-trend']),
      );
      expect(charts.every((c) => c.width > 0 && c.points > 0)).toBe(true);

      // The figures are the stored ones: organization coverage from the snapshot, six teams, three leavers.
      const portalId = (await service.store.portals.list())[0]!.portalId;
      const coverage = (
        await service.store.snapshots.series(portalId, {
          scopeType: 'portal',
          scopeId: 0,
          metric: 'coverage',
        })
      ).at(-1)!.value;
      expect(await page.locator('#kpis tbody tr').first().locator('td').nth(1).textContent()).toBe(
        `${Math.round(coverage * 100)}%`,
      );
      expect(await page.locator('#teams tbody tr').count()).toBe(6);
      expect(await page.locator('#risk table').nth(1).locator('tbody tr').count()).toBe(3);

      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, `report-${name}.png`), fullPage: true });
      await page.close();
    },
    60_000,
  );

  it('prints to PDF with the print stylesheet', async () => {
    const page = await browser.newPage();
    await page.goto(service.url, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    fs.writeFileSync(path.join(ARTIFACTS, 'report.pdf'), pdf);
    await page.close();
  }, 60_000);
});
