/**
 * The auditor's report in a real browser: the bundled demo audited by the real command, its report
 * opened by file URL in Debian's Chromium (playwright-core, no browser download), with every request
 * other than the file itself refused. One browser for the file; generous timeouts for a 2-core CI.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forceBySlug } from '#core/reference/forces.ts';
import { auditor, queryJson, REPO, removeTempDirs, tempDir } from '../cli/run-cli.ts';

const TIMEOUT = 180_000;
const SCREENSHOTS = join(REPO, '.audit/screenshots');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface StoredFinding {
  finding_id: string;
  force_code: string;
  severity: string;
}

describe('the report page in Chromium', { timeout: TIMEOUT }, () => {
  const out = tempDir('report-page');
  const profile = mkdtempSync(join(tmpdir(), 'auditor-chromium-'));
  let context: BrowserContext;
  let page: Page;
  let stored: StoredFinding[];
  let fileUrl: string;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    const audit = auditor('audit', 'examples/returns', '--out', out);
    expect(audit.code, audit.stderr).toBe(0);
    stored = queryJson<StoredFinding>(out, 'SELECT finding_id, force_code, severity FROM findings');
    const explained = stored[0]!.finding_id;
    const response = [
      '--as',
      'force',
      '--by',
      'Force analyst',
      '--action',
      'explain',
      '--note',
      'A new system.',
    ];
    const respond = auditor('respond', explained, '--out', out, ...response);
    expect(respond.code, respond.stderr).toBe(0);
    expect(auditor('report', '--out', out).code).toBe(0);
    fileUrl = pathToFileURL(join(out, 'report.html')).href;
    mkdirSync(SCREENSHOTS, { recursive: true });

    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 900 },
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === fileUrl) return route.continue();
      requests.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(fileUrl, { waitUntil: 'load' });
  }, TIMEOUT);

  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    removeTempDirs();
  });

  const shownIds = () =>
    page.$$eval('[data-finding-id]', (els) =>
      els.filter((e) => !(e as { hidden: boolean }).hidden).map((e) => e.getAttribute('data-finding-id')),
    );

  it('shows every finding in the store, once', async () => {
    expect(stored.length).toBeGreaterThan(5);
    const ids = await page.$$eval('[data-finding-id]', (els) =>
      els.map((e) => e.getAttribute('data-finding-id')),
    );
    expect([...ids].sort()).toEqual(stored.map((f) => f.finding_id).sort());
    expect(await page.locator('#f-count').textContent()).toBe(
      `${stored.length} of ${stored.length} findings shown`,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'index.png') });
  });

  it('narrows the list to one force when its name is searched', async () => {
    const slug = stored.find((f) => forceBySlug(f.force_code))!.force_code;
    const name = forceBySlug(slug)!.name;
    await page.fill('#f-search', name);
    const shown = await shownIds();
    const expected = stored.filter((f) => f.force_code === slug).map((f) => f.finding_id);
    expect(shown.sort()).toEqual(expected.sort());
    expect(shown.length).toBeLessThan(stored.length);
    await page.fill('#f-search', '');
    expect((await shownIds()).length).toBe(stored.length);
  });

  it('filters by severity', async () => {
    await page.selectOption('#f-severity', 'high');
    const shown = await shownIds();
    const high = stored.filter((f) => f.severity === 'high').map((f) => f.finding_id);
    expect(high.length).toBeGreaterThan(0);
    expect(shown.sort()).toEqual(high.sort());
    await page.selectOption('#f-severity', '');
    expect((await shownIds()).length).toBe(stored.length);
  });

  it('draws a finding’s chart with uPlot when it is opened, expected line included', async () => {
    const item = page
      .locator('[data-finding-id]:has([data-expected-points]:not([data-expected-points="0"]))')
      .first();
    const id = (await item.getAttribute('data-finding-id')) ?? '';
    await item.locator(':scope > details > summary').click();
    const chart = item.locator('[data-chart-id]');
    await expect.poll(() => chart.getAttribute('data-drawn'), { timeout: 30_000 }).toBe('true');
    expect((await chart.getAttribute('data-series'))?.split(' ')).toEqual(
      expect.arrayContaining(['observed', 'expected']),
    );
    const labels = await page.evaluate(
      (chartId) =>
        (
          globalThis as unknown as { reportCharts: Map<string, { series: { label?: string }[] }> }
        ).reportCharts
          .get(chartId)
          ?.series.map((s) => s.label),
      id,
    );
    expect(labels?.slice(0, 3)).toEqual(['Month', 'observed', 'expected']);
    // The demo's first such finding names its peer forces: their range is drawn too.
    expect(Number(await chart.getAttribute('data-peer-points'))).toBeGreaterThan(0);
    expect(labels).toContain('peers, highest');
    const legend = (await chart.locator('.u-legend').textContent()) ?? '';
    expect(legend).toContain('expected');
    // At rest the legend gives the flagged window's last month and its values, not uPlot's "--".
    expect(legend).not.toContain('--');
    expect(legend).toMatch(/\d/);
    const box = await chart.locator('canvas').boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    await item.screenshot({ path: join(SCREENSHOTS, 'finding-opened.png') });
  });

  it('opens a related finding when its link is followed', async () => {
    const holder = page.locator('[data-finding-id]:has(ul.related)').first();
    await holder.locator(':scope > details > summary').click();
    const link = holder.locator('ul.related a').first();
    const target = ((await link.getAttribute('href')) ?? '').slice(1);
    await link.click();
    expect(await page.locator(`[id="${target}"] > details`).getAttribute('open')).not.toBeNull();
  });

  it('prints every finding with its chart and without the controls', async () => {
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() =>
      (globalThis as unknown as { dispatchEvent(e: Event): void }).dispatchEvent(new Event('beforeprint')),
    );
    const charts = page.locator('[data-chart-id]');
    const drawn = page.locator('[data-chart-id][data-drawn="true"]');
    expect(await charts.count()).toBeGreaterThan(3);
    expect(await drawn.count()).toBe(await charts.count());
    expect(await page.locator('.controls').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });

  it('has no serious or critical accessibility violation (axe-core), every finding opened', async () => {
    await page.$$eval('details', (els) => {
      for (const d of els) d.setAttribute('open', '');
    });
    await page.addScriptTag({ path: join(REPO, 'node_modules/axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
      const result = await axe.run();
      return (result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' '))}`);
    });
    expect(violations).toEqual([]);
  });

  it('shows the league table of each target with every force and links from its flags to the findings', async () => {
    const table = page.locator('#league-tables table').first();
    await expect.poll(() => table.isVisible()).toBe(true);
    const forces = await table.locator('tbody th[scope="row"]').count();
    expect(forces).toBe(
      new Set(queryJson<{ f: string }>(out, 'SELECT DISTINCT force_code AS f FROM returns').map((r) => r.f))
        .size,
    );
    const link = table.locator('a[href^="#"]').first();
    const target = (await link.getAttribute('href'))!.slice(1);
    expect(await page.locator(`[id="${target}"]`).count()).toBe(1);
    await page.locator('#league-tables').screenshot({ path: join(SCREENSHOTS, 'league-table.png') });
  });

  it('fits a 900 px wide window: nothing overflows sideways', async () => {
    await page.setViewportSize({ width: 900, height: 900 });
    const widths = await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: { documentElement: { scrollWidth: number } };
        innerWidth: number;
      };
      return { scroll: g.document.documentElement.scrollWidth, inner: g.innerWidth };
    });
    expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-900.png') });
    await page
      .locator('[data-finding-id]')
      .first()
      .screenshot({ path: join(SCREENSHOTS, 'finding-900.png') });
  });

  it('raised no console or page error and made no network request', () => {
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });
});
