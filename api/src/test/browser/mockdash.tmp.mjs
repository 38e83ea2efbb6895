import { chromium } from 'playwright-core';
const BASE = 'http://localhost:18089';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const product = { id: 'p1', gtin: '08930000000015', nameVi: 'Cà chua', nameEn: 'Tomato' };
const farms = [{ id: 'f1', name: 'Trang trại Đà Lạt' }, { id: 'f2', name: 'Vườn Đơn Dương' }];
const grades = ['EXTRA', 'CLASS_I', 'CLASS_II', 'REJECT'];
const batches = Array.from({ length: 30 }, (_, i) => ({ id: 'b' + i, lot: 'L' + i, productId: 'p1', farmId: farms[i % 2].id, gtin: product.gtin, harvestDate: `2026-11-${String(1 + i % 25).padStart(2, '0')}`, quantity: 10 + i, unit: 'kg', grade: grades[i % 4], status: i === 3 ? 'recalled' : 'active', stage: 'harvested' }));
await ctx.route('**/api/**', async (route) => {
  const req = route.request(); const url = new URL(req.url()); const p = url.pathname; const m = req.method();
  const json = (b, s = 200) => route.fulfill({ status: s, contentType: 'application/json', body: JSON.stringify(b) });
  if (p === '/api/session') return json({ email: 'admin@x', role: 'admin' });
  if (p === '/api/products') return json([product]);
  if (p === '/api/farms') return json(farms);
  if (p === '/api/batches') return json({ items: batches });
  if (p === '/api/grading/reviews') return json([{ batchId: 'b1', lot: 'L1', productId: 'p1', proposedGrade: 'CLASS_I', needsReview: true, modelVersion: 'm1', policyVersion: 'p1', sampleSize: 2, defectiveShare: 0.1, photos: [{ photoId: 'x1', label: 'fresh', probabilities: { fresh: 0.8, medium: 0.15, rotten: 0.05 } }, { photoId: 'x2', label: 'medium', probabilities: { fresh: 0.3, medium: 0.6, rotten: 0.1 } }] }, { batchId: 'b2', lot: 'L2', proposedGrade: 'REJECT', photos: [] }]);
  if (p === '/api/grading/models') return json([{ version: 'v1', active: true, createdAt: '2026-11-20T00:00:00Z', metrics: { accuracy: 0.91, perClassRecall: { fresh: 0.95, medium: 0.86, rotten: 0.93 } } }, { version: 'v2', status: 'candidate', metrics: { accuracy: 0.93 } }]);
  const mm = p.match(/^\/api\/batches\/([^/]+)$/); if (mm) return json({ ...batches[1], events: [{ eventTime: '2026-11-25T08:00:00Z', bizStep: 'commissioning' }, { eventTime: '2026-11-25T09:00:00Z', bizStep: 'inspecting', 'nguon:grade': { class: 'CLASS_I' } }] });
  if (p.includes('/trace')) return json({ lots: [{ key: '01/08930000000015/10/L1', depth: 0, children: [{ key: '01/08930000000015/10/L9', depth: 1 }] }] });
  return json({ code: 'nope' }, 404);
});
const page = await ctx.newPage();
page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
page.on('console', (m) => { if (m.type() !== 'log') console.log('console', m.type(), m.text()); });
for (const h of ['#/review', '#/batches?grade=CLASS_I', '#/batches/b1', '#/quality', '#/models', '#/receive', '#/exports']) {
  await page.goto(BASE + '/dashboard/' + h);
  await page.waitForTimeout(1200);
  if (h === '#/batches/b1') { await page.click('#trace-back'); await page.waitForTimeout(500); }
  if (h === '#/receive') { await page.click('#scan-start'); await page.waitForTimeout(500); console.log('scan support:', await page.textContent('#scan-support')); }
  if (h === '#/review') { await page.keyboard.press('j'); await page.keyboard.press('3'); }
  await page.screenshot({ path: `/tmp/ui-dash-${h.replace(/\W/g, '_')}.png`, fullPage: true });
}
await browser.close();
