// Opens a consumer page in Debian's Chromium at a phone viewport, saves a screenshot and prints
// what the JUnit test checks: status, lang, heading, recall banner, bytes and hosts requested.
// Usage: node consumer-page.mjs <url> <screenshot.png>
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    locale: 'vi-VN',
  });
  const page = await context.newPage();
  const hosts = new Set();
  let bytes = 0;
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('response', async (r) => {
    hosts.add(new URL(r.url()).host);
    try { bytes += (await r.body()).length; } catch { /* redirects have no body */ }
  });
  // 'load' first (a cold service on a loaded CI machine can be slow), then give the verification
  // script its fetches; the byte count is taken once the network is quiet or after 30 s.
  const response = await page.goto(url, { waitUntil: 'load', timeout: 90000 });
  await page.waitForLoadState('networkidle', { timeout: 30000 }).catch(() => {});
  await page.screenshot({ path: screenshot, fullPage: true });
  const result = {
    status: response.status(),
    lang: await page.evaluate(() => document.documentElement.lang),
    h1: await page.textContent('h1'),
    recallBanner: await page.locator('#recall').count(),
    verification: await page.locator('#verification').count(),
    overflowsViewport: await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
    bytes,
    hosts: [...hosts],
    errors,
  };
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
