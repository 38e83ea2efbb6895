// User journeys of the farmer app and the cooperative dashboard in headless Chromium.
// Run by BrowserJourneysTests: node journeys.mjs <journey>, with BASE_URL, ADMIN_TOKEN,
// SCREENSHOT_DIR, SHARED_DIR and CHROMIUM_PATH in the environment. Prints "PASS <journey>" and
// exits 0; exits 1 on a failed check; exits 3 when the service lacks an endpoint the journey
// needs (the test then reports the journey as not run, naming the endpoint).

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID as randomId } from 'node:crypto';
import * as service from './service.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BASE = process.env.BASE_URL || 'http://localhost:8080';
/** An 8x8 green PNG, as a cooperative's logo. */
const LOGO_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGPQqzXCihiGlgQAlgM3QfcSdGIAAAAASUVORK5CYII=', 'base64');
const SHOTS = process.env.SCREENSHOT_DIR || 'screenshots';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

function log(...args) {
	console.log(new Date().toISOString().slice(11, 19), ...args);
}

function check(condition, message) {
	if (!condition) {
		throw new Error(`check failed: ${message}`);
	}
}

// ---- browser -------------------------------------------------------------------------------

async function launch() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
	});
}

/** Requests of every page sent and not yet answered, with the time they were sent. */
const OPEN = new Map();

/** A page that records script errors and Content-Security-Policy violations. */
async function openPage(context) {
	const page = await context.newPage();
	page.problems = [];
	page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
	page.on('console', (m) => {
		const text = m.text();
		if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) {
			page.problems.push(`CSP: ${text}`);
		}
		if (process.env.VERBOSE) {
			log(`console.${m.type()}: ${text}`);
		}
	});
	// every write the page sends, with its answer, for the journey log
	page.on('response', (r) => {
		const q = r.request();
		if (q.method() !== 'GET' && new URL(q.url()).pathname.startsWith('/api/')) {
			log(`${q.method()} ${new URL(q.url()).pathname} -> ${r.status()}`);
		}
	});
	// requests still open, for the failure report (a page that never loads says what it waits for)
	page.on('request', (q) => OPEN.set(q, Date.now()));
	page.on('requestfinished', (q) => OPEN.delete(q));
	page.on('requestfailed', (q) => {
		OPEN.delete(q);
		if (new URL(q.url()).pathname.startsWith('/api/')) {
			log(`${q.method()} ${new URL(q.url()).pathname} failed: ${q.failure() && q.failure().errorText}`);
		}
	});
	page.setDefaultTimeout(40000); // generous for a loaded 2-core machine; a stuck request leaves a thread dump in the service log
	return page;
}

function noProblems(page) {
	check(page.problems.length === 0, `no script errors or CSP violations, got:\n${page.problems.join('\n')}`);
}

async function shot(page, name) {
	const size = page.viewportSize();
	await page.screenshot({ path: join(SHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: true });
}

/** axe-core in the page (evaluated through the DevTools protocol, so the page's CSP stays strict). */
async function axe(page, label) {
	await page.evaluate(AXE_SOURCE);
	const result = await page.evaluate(async () => {
		// eslint-disable-next-line no-undef
		const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
		return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
	});
	// every violation fails, whatever its impact (WCAG 2.1 A/AA and axe's best practices)
	result.forEach((v) => log(`axe (${label}): ${v.id} ${v.impact} ${v.nodes.join(', ')}`));
	check(result.length === 0, `no accessibility violations on ${label}: ${JSON.stringify(result, null, 1)}`);
	log(`axe ${label}: no violations`);
}

async function signIn(page, path, user) {
	await page.goto(BASE + path);
	await page.locator('#signin-email').waitFor({ state: 'visible' });
	await page.fill('#signin-email', user.email);
	await page.fill('#signin-password', user.password);
	await page.click('#signin-form button[type=submit]');
	await page.locator('#view-signin').waitFor({ state: 'hidden' });
}

/** A sample photo as JPEG bytes: a tomato from ../shared when present, else one drawn in the browser. */
async function samplePhoto(page, n) {
	const dir = join(process.env.SHARED_DIR || '', 'datasets/produce-quality');
	if (existsSync(dir)) {
		const files = [];
		const walk = (d) => readdirSync(d, { withFileTypes: true }).forEach((e) => {
			if (files.length < 20) {
				if (e.isDirectory()) {
					walk(join(d, e.name));
				} else if (/\.(jpe?g|png)$/i.test(e.name)) {
					files.push(join(d, e.name));
				}
			}
		});
		walk(dir);
		if (files.length > 0) {
			const f = files[n % files.length];
			return { name: `tomato-${n}.${f.endsWith('png') ? 'png' : 'jpg'}`, mimeType: f.endsWith('png') ? 'image/png' : 'image/jpeg', buffer: readFileSync(f) };
		}
	}
	return drawnPhoto(page, n);
}

/** A 1600 x 1200 JPEG drawn in the browser (a red fruit on a light background). */
async function drawnPhoto(page, n) {
	const dataUrl = await page.evaluate((i) => {
		const c = document.createElement('canvas');
		c.width = 1600;
		c.height = 1200;
		const g = c.getContext('2d');
		g.fillStyle = '#f4efe6';
		g.fillRect(0, 0, c.width, c.height);
		g.fillStyle = i % 2 ? '#c0392b' : '#d35400';
		g.beginPath();
		g.arc(800, 620, 420, 0, Math.PI * 2);
		g.fill();
		g.fillStyle = '#2e7d32';
		g.fillRect(760, 170, 80, 90);
		return c.toDataURL('image/jpeg', 0.9);
	}, n);
	return { name: `drawn-${n}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(dataUrl.split(',')[1], 'base64') };
}

/** Waits until the farmer app's outbox is empty (all sent), else fails naming what still waits and why. */
async function waitForOutboxEmpty(page, timeout = 30000) {
	try {
		await page.waitForFunction(() => document.body.dataset.outbox === '0', null, { timeout, polling: 200 });
	} catch (e) {
		const left = await page.evaluate(() => [...document.querySelectorAll('#outbox-list li')].map((li) => li.textContent).join(' | '));
		throw new Error(`outbox not empty after ${timeout} ms: ${left}`);
	}
}

/** Waits until the outbox holds n items, none of them being sent. */
async function waitForOutbox(page, n) {
	await page.waitForFunction((count) => document.body.dataset.outbox === String(count)
		&& !document.querySelector('#outbox-list li[data-state=sending]'), n, { polling: 200 });
}

/** Whether the service maps method + path; when not, notes it in `missing` and answers false. */
async function available(missing, method, path) {
	try {
		await service.requireRoute(method, path);
		return true;
	} catch (e) {
		if (!(e instanceof service.NotRunnable)) {
			throw e;
		}
		missing.push(e.message);
		log(`missing: ${e.message}`);
		return false;
	}
}

// ---- journeys ------------------------------------------------------------------------------

/** Farmer registers a batch, photographs it, watches the grade, shows the QR, records packing and shipping. */
async function farmerOnline(browser) {
	const world = await service.world();
	const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
	const page = await openPage(context);
	await signIn(page, '/app/', world.farmer);
	await page.locator('#view-home').waitFor({ state: 'visible' });
	await shot(page, 'farmer-home');
	await page.click('#new-batch-link');
	await page.locator('#view-new').waitFor({ state: 'visible' });
	check(await page.inputValue('#new-date') === new Date().toLocaleDateString('sv-SE'), 'harvest date defaults to today');
	await page.selectOption('#new-product', world.product.id);
	await page.selectOption('#new-farm', world.farm.id);
	await page.fill('#new-field', 'Thửa A3');
	await page.fill('#new-quantity', '125.5');
	await page.selectOption('#new-unit', 'kg');
	await shot(page, 'farmer-new-batch');
	await page.click('#new-form button[type=submit]');
	await page.waitForURL(/#\/batch\//);
	const batchId = page.url().split('#/batch/')[1];
	await waitForOutboxEmpty(page);
	await page.locator('#batch-pending').waitFor({ state: 'hidden' });
	const created = await service.batch(batchId);
	check(created && created.lot, `batch ${batchId} exists on the service with a lot code`);
	log(`batch ${batchId} lot ${created.lot}`);

	// photos and grade need the grading endpoints, the QR the resolver; without them the rest still runs and
	// the journey is reported as not run, naming what is missing
	const missing = [];
	if (await available(missing, 'POST', `/api/batches/${batchId}/photos`) && await available(missing, 'GET', `/api/batches/${batchId}/grade`)) {
		// one photo of a tomato (from ../shared when present) and one large drawn picture (1600 x 1200)
		await page.setInputFiles('#photo-input', [await samplePhoto(page, 0), await drawnPhoto(page, 1)]);
		await page.locator('#photo-list li').nth(1).waitFor();
		await waitForOutboxEmpty(page);
		const photos = await service.photoCount(batchId);
		check(photos === 2, `2 photos stored for the batch, found ${photos}`);
		await page.locator('#grade .badge.grade').waitFor({ timeout: 120000 });
		log(`grade shown: ${await page.textContent('#grade .badge.grade')}`);
		// the large picture was resized in the phone before upload
		const sizes = await service.photoSizes(batchId, 2);
		log(`stored photo sizes ${JSON.stringify(sizes)}`);
		check(sizes.length === 2 && sizes.every((s) => Math.max(s.width, s.height) <= 1024), `photos at most 1024 px: ${JSON.stringify(sizes)}`);
		check(sizes.some((s) => Math.max(s.width, s.height) === 1024), `the 1600 px picture was scaled to 1024 px: ${JSON.stringify(sizes)}`);
		await shot(page, 'farmer-batch-graded');
	}

	if (await available(missing, 'GET', `/qr/01/${created.gtin}/10/${encodeURIComponent(created.lot)}?format=svg`)) {
		await page.click('#show-qr');
		const qr = page.locator('#qr-image');
		await qr.waitFor({ state: 'visible' });
		await page.waitForFunction(() => document.getElementById('qr-image').naturalWidth > 0);
		check((await qr.getAttribute('alt')).includes(created.lot), 'QR image has an alt text naming the lot');
		await shot(page, 'farmer-qr');
		// the label sheet from the phone: shared where the browser can share files, else downloaded
		check(await page.isVisible('#qr-labels'), 'the QR dialog offers the label sheet');
		const [sheet] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('#qr-labels')]);
		check(sheet.suggestedFilename().endsWith('.pdf'), `the label sheet is a PDF: ${sheet.suggestedFilename()}`);
		await page.click('#qr-dialog form button');
	}

	await page.click('#do-pack');
	await page.fill('#pack-count', '10');
	await page.click('#pack-form button[type=submit]');
	await page.locator('#timeline .event-packed').waitFor();
	await waitForOutboxEmpty(page);
	await page.click('#do-ship');
	await page.fill('#ship-to', 'Chợ đầu mối Thủ Đức');
	await page.click('#ship-form button[type=submit]');
	await page.locator('#timeline .event-shipped').waitFor();
	await waitForOutboxEmpty(page);
	const after = await service.batch(batchId);
	check(after.stage === 'shipped', `batch stage is shipped, got ${after.stage}`);
	await page.locator('#timeline .event-shipped').waitFor();
	await shot(page, 'farmer-batch-shipped');
	noProblems(page);
	await context.close();
	if (missing.length) {
		throw new service.NotRunnable(`the other steps passed; not run: ${missing.join('; ')}`);
	}
}

/** The same offline: everything waits in the outbox, survives a reload, and syncs once. */
async function farmerOffline(browser) {
	const world = await service.world();
	const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
	const page = await openPage(context);
	await signIn(page, '/app/', world.farmer);
	await page.locator('#view-home').waitFor({ state: 'visible' });
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.reload(); // now controlled by the service worker
	await page.waitForFunction(() => !!navigator.serviceWorker.controller);
	await page.locator('#view-home').waitFor({ state: 'visible' });

	const missing = [];
	const photos = await available(missing, 'POST', `/api/batches/${randomId()}/photos`);
	await context.setOffline(true);
	await page.locator('#net[data-state=offline]').waitFor();
	await page.click('#new-batch-link');
	await page.selectOption('#new-product', world.product.id);
	await page.selectOption('#new-farm', world.farm.id);
	await page.fill('#new-quantity', '40');
	await page.selectOption('#new-unit', 'crate');
	await page.click('#new-form button[type=submit]');
	await page.waitForURL(/#\/batch\//);
	const batchId = page.url().split('#/batch/')[1];
	await page.locator('#batch-pending').waitFor({ state: 'visible' });
	if (photos) {
		await page.setInputFiles('#photo-input', [await samplePhoto(page, 2)]);
		await page.locator('#photo-list li').first().waitFor();
	}
	await page.click('#do-pack');
	await page.fill('#pack-count', '4');
	await page.click('#pack-form button[type=submit]');
	await page.locator('#toast').filter({ hasText: /đóng gói/i }).waitFor();
	log(`offline batch ${batchId} and its packing wait in the outbox`);

	// the app shell comes from the service worker and the outbox from IndexedDB
	await page.reload();
	await page.goto(`${BASE}/app/#/`);
	await page.locator('#outbox').waitFor({ state: 'visible' });
	await waitForOutbox(page, photos ? 3 : 2);
	const waiting = await page.locator('#outbox-list li').count();
	check(waiting === (photos ? 3 : 2), `${photos ? 3 : 2} items wait in the outbox (batch, photo, packing), found ${waiting}`);
	await shot(page, 'farmer-offline-outbox');
	check(await service.batch(batchId) === null, 'nothing reached the service while offline');

	// a queued batch can still be changed offline: 40 crates become 45
	await page.locator(`#outbox-list li[data-id="${batchId}"] button.edit`).click();
	await page.locator('#view-new').waitFor({ state: 'visible' });
	check((await page.inputValue('#new-quantity')) === '40', 'the queued batch opens with what was typed');
	await page.fill('#new-quantity', '45');
	await page.click('#new-form button[type=submit]');
	await page.waitForURL(new RegExp(`#/batch/${batchId}`));
	await page.goto(`${BASE}/app/#/`);
	await page.locator(`#batch-list a[data-id="${batchId}"]`).filter({ hasText: '45' }).waitFor();
	await waitForOutbox(page, photos ? 3 : 2);

	// Back online, but the first answer to the batch POST is lost after the service stored it:
	// the outbox must retry with the same Idempotency-Key and the service must not duplicate.
	let lost = 0;
	await context.route('**/api/batches', async (route) => {
		if (route.request().method() === 'POST' && lost === 0) {
			lost += 1;
			await route.fetch(); // the service stores the batch...
			await route.abort('connectionreset'); // ...but the phone never hears back
			return;
		}
		await route.continue();
	});
	await context.setOffline(false);
	await page.evaluate(() => window.dispatchEvent(new Event('online')));
	for (let i = 0; i < 100 && lost === 0; i += 1) {
		await page.waitForTimeout(100);
	}
	await waitForOutbox(page, photos ? 3 : 2);
	check(lost === 1, 'the first batch POST lost its answer');
	log('first answer lost; sending again');
	await page.click('#outbox-sync');
	await waitForOutboxEmpty(page);
	log('outbox empty');
	await shot(page, 'farmer-offline-synced');

	const b = await service.batch(batchId);
	check(b !== null, 'the batch reached the service');
	check(Number(b.quantity) === 45, `the batch reached the service as edited offline (quantity ${b.quantity})`);
	check(await service.countBatches(world, (x) => x.farmId === world.farm.id && Number(x.quantity) === 45) === 1,
		'exactly one batch, not two');
	if (photos) {
		check(await service.photoCount(batchId) === 1, 'exactly one photo');
	}
	check(b.stage === 'packed', `the packing reached the service, stage ${b.stage}`);
	const packs = (b.events || []).filter((e) => /packing/.test(JSON.stringify(e.bizStep || e.doc?.bizStep || '')));
	check(packs.length <= 1, `one packing event, found ${packs.length}`);
	await context.unroute('**/api/batches');

	// the session runs out (its cookie is gone; the CSRF cookie stays) while a new batch waits: the app asks
	// to sign in again and says that the unsent batch is kept on the phone
	const csrf = (await context.cookies()).filter((c) => c.name === 'XSRF-TOKEN');
	await context.clearCookies();
	await context.addCookies(csrf);
	await page.click('#new-batch-link');
	await page.selectOption('#new-product', world.product.id);
	await page.selectOption('#new-farm', world.farm.id);
	await page.fill('#new-quantity', '7');
	await page.click('#new-form button[type=submit]');
	await page.locator('#view-signin').waitFor({ state: 'visible' });
	await page.locator('#signin-expired').waitFor({ state: 'visible' });
	const expired = await page.textContent('#signin-expired');
	check(/hết hạn/.test(expired) && /1 mục chưa gửi/.test(expired), `the sign-in screen says the unsent batch is kept: ${expired}`);
	await signIn(page, '/app/', world.farmer);
	await waitForOutboxEmpty(page);
	noProblems(page);
	await context.close();
	if (missing.length) {
		throw new service.NotRunnable(`the other steps passed; not run: ${missing.join('; ')}`);
	}
}

/**
 * A reviewer watches the queue while photos are graded: the new grade appears live (Server-Sent
 * Events, no reload); the reviewer overrides it with a reason; the consumer page shows the new grade.
 */
async function reviewOverride(browser) {
	const world = await service.world();
	const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN' });
	const page = await openPage(context);
	await signIn(page, '/dashboard/', world.reviewer);
	await page.goto(`${BASE}/dashboard/#/review`);
	await page.locator('#review-live[data-state=live]').waitFor({ timeout: 30000 });
	await page.locator('#review-empty').waitFor({ state: 'visible' }); // a fresh organisation: nothing yet
	await page.evaluate(() => {
		window.nguonSameDocument = true; // gone if the page were reloaded
	});
	await shot(page, 'dashboard-review-live-empty');

	// photos uploaded and graded through the API while the dashboard stays open
	const b = await service.gradedBatch(world);
	check(b.grade.needsReview, `a grade of ${b.grade.sampleSize} photos waits for review: ${JSON.stringify(b.grade)}`);
	const item = page.locator(`#review-list li[data-batch="${b.id}"]`);
	await item.waitFor({ timeout: 60000 });
	check(await page.evaluate(() => window.nguonSameDocument === true), 'the new grade appeared without a reload');
	check(await page.getAttribute('#review-live', 'data-state') === 'live', 'the queue is live, not polling');
	await page.locator('#toast').filter({ hasText: /Lô mới chờ duyệt/ }).waitFor();
	log(`grade ${b.grade.id} appeared in the queue live`);
	await item.click();
	await page.locator('#review-detail .unit img').first().waitFor();
	await page.waitForFunction(() => [...document.querySelectorAll('#review-detail .unit img')].every((i) => i.complete && i.naturalWidth > 0));
	await shot(page, 'dashboard-review');
	const proposed = await page.getAttribute('#review-detail .badge.grade', 'data-grade');
	const target = proposed === 'REJECT' ? 'CLASS_II' : 'REJECT';
	await page.check(`#review-form input[name=grade][value=${target}]`);
	await page.fill('#review-reason', 'Vết dập nhìn thấy trên ảnh 2');
	await page.click('#review-override');
	await page.locator('#toast').filter({ hasText: /sửa hạng/i }).waitFor();
	check(await page.locator(`#review-list li[data-batch="${b.id}"]`).count() === 0, 'the reviewed grade leaves the queue');
	log(`overrode ${proposed} -> ${target}`);

	const after = await service.call('GET', `/api/batches/${b.id}/grade`);
	check(after.body.grade.grade === target && after.body.grade.overrides === b.grade.id,
		`the new grade ${target} overrides the model's grade: ${JSON.stringify(after.body.grade)}`);

	// the quality page counts the graded lot and draws its bar (the list answers grades now)
	await page.goto(`${BASE}/dashboard/#/quality`);
	await page.locator('#quality-note').filter({ hasText: /^[1-9]\d* trên/ }).waitFor({ timeout: 15000 });
	const cells = await page.locator('#quality-tables tbody td').allTextContents();
	check(cells.some((c) => Number(c) > 0), `the quality tables count a graded lot: ${cells.join(',')}`);
	await page.locator('#chart-product .uplot').waitFor();
	await shot(page, 'dashboard-quality-graded');

	const missing = [];
	if (await available(missing, 'GET', `/01/${b.gtin}/10/${encodeURIComponent(b.lot)}`)) {
		const phone = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
		const consumer = await openPage(phone);
		await consumer.goto(`${BASE}/01/${b.gtin}/10/${encodeURIComponent(b.lot)}`);
		await consumer.locator(`#grade .badge.${target}`).waitFor({ timeout: 15000 });
		await shot(consumer, 'consumer-after-override');
		await phone.close();
	}
	noProblems(page);
	await context.close();
	if (missing.length) {
		throw new service.NotRunnable(`the reviewer's override passed; not run: ${missing.join('; ')}`);
	}
}

/** An admin recalls a lot from the batch page; its consumer page shows the recall banner. */
async function recall(browser) {
	const world = await service.world();
	const b = await service.createBatch(world);
	const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN' });
	const page = await openPage(context);
	await signIn(page, '/dashboard/', world.admin);
	await page.goto(`${BASE}/dashboard/#/batches/${b.id}`);
	await page.locator('#batch-title').filter({ hasText: b.lot }).waitFor();
	await page.click('#recall-open');
	await page.fill('#recall-reason', 'Phát hiện dư lượng thuốc bảo vệ thực vật');
	await page.fill('#recall-confirm-lot', 'sai-ma');
	await page.click('#recall-submit');
	await page.locator('#recall-error').waitFor({ state: 'visible' });
	check((await service.batch(b.id)).status !== 'recalled', 'a wrong lot code does not recall');
	await page.fill('#recall-confirm-lot', b.lot);
	await shot(page, 'dashboard-recall-confirm');
	await page.click('#recall-submit');
	await page.locator('#batch-recalled').waitFor({ state: 'visible' });
	check((await service.batch(b.id)).status === 'recalled', 'the batch is recalled on the service');
	await shot(page, 'dashboard-recalled');

	const missing = [];
	if (await available(missing, 'GET', `/01/${b.gtin}/10/${encodeURIComponent(b.lot)}`)) {
		const phone = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
		const consumer = await openPage(phone);
		await consumer.goto(`${BASE}/01/${b.gtin}/10/${encodeURIComponent(b.lot)}`);
		await consumer.locator('#recall').waitFor({ timeout: 15000 });
		check(/thu hồi/i.test(await consumer.textContent('#recall')), 'the banner says the lot is recalled (thu hồi)');
		await shot(consumer, 'consumer-recalled');
		await phone.close();
	}
	noProblems(page);
	await context.close();
	if (missing.length) {
		throw new service.NotRunnable(`the recall from the dashboard passed; not run: ${missing.join('; ')}`);
	}
}

/** Every screen at both sizes: axe-core, labels, alt texts, and keyboard use. */
async function accessibility(browser) {
	const world = await service.world();
	const b = await service.createBatch(world);
	for (const viewport of [PHONE, DESKTOP]) {
		const context = await browser.newContext({ viewport, locale: 'vi-VN' });
		const page = await openPage(context);
		await page.goto(`${BASE}/app/`);
		await page.locator('#view-signin').waitFor({ state: 'visible' });
		await axe(page, `app sign-in ${viewport.width}`);
		// keyboard: the skip link comes first, then the language switch; Enter switches to English
		await page.keyboard.press('Tab');
		check(await page.evaluate(() => document.activeElement.classList.contains('skip')), 'Tab reaches the skip link first');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Tab');
		check(await page.evaluate(() => document.activeElement.id) === 'lang', 'Tab reaches the language switch');
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => document.documentElement.lang === 'en');
		check(/Sign in/.test(await page.textContent('#signin-title')), 'English bundle applied');
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => document.documentElement.lang === 'vi');
		// sign in with the keyboard only
		await page.focus('#signin-email');
		await page.keyboard.type(world.farmer.email);
		await page.keyboard.press('Tab');
		await page.keyboard.type(world.farmer.password);
		await page.keyboard.press('Enter');
		await page.locator('#view-home').waitFor({ state: 'visible' });
		await axe(page, `app home ${viewport.width}`);
		await page.goto(`${BASE}/app/#/new`);
		await page.locator('#view-new').waitFor({ state: 'visible' });
		await axe(page, `app new batch ${viewport.width}`);
		await page.goto(`${BASE}/app/#/batch/${b.id}`);
		await page.locator('#batch-title').filter({ hasText: b.lot }).waitFor();
		await axe(page, `app batch ${viewport.width}`);
		noProblems(page);
		await context.close();

		const dctx = await browser.newContext({ viewport, locale: 'vi-VN' });
		const dash = await openPage(dctx);
		await signIn(dash, '/dashboard/', world.admin);
		for (const [hash, ready] of [['#/review', '#view-review'], ['#/batches', '#batches-table tbody tr'],
			[`#/batches/${b.id}`, '#batch-timeline li'], ['#/quality', '#chart-week .uplot'], ['#/models', '#view-models'],
			['#/receive', '#view-receive'], ['#/exports', '#view-exports']]) {
			await dash.goto(`${BASE}/dashboard/${hash}`);
			await dash.locator(ready).first().waitFor({ state: 'visible' });
			await axe(dash, `dashboard ${hash} ${viewport.width}`);
		}
		// review shortcuts do not fire while typing, and j/k move the selection
		await dash.goto(`${BASE}/dashboard/#/review`);
		await dash.locator('#view-review').waitFor({ state: 'visible' });
		await dash.keyboard.press('j');
		noProblems(dash);
		await dctx.close();
	}
}

/** The dashboard's other screens: filters, batch detail with trace and labels, charts, models, receiving, exports. */
async function dashboard(browser) {
	const world = await service.world();
	const b = await service.createBatch(world);
	const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN', acceptDownloads: true });
	const page = await openPage(context);
	await signIn(page, '/dashboard/', world.admin);

	await page.goto(`${BASE}/dashboard/#/batches`);
	await page.fill('#f-q', b.lot);
	await page.selectOption('#f-farm', world.farm.id);
	await page.click('#batch-filters button[type=submit]');
	await page.locator('#batches-table tbody tr').first().waitFor();
	const rows = await page.locator('#batches-table tbody tr').count();
	check(rows === 1, `the filter finds exactly the batch, found ${rows}`);
	await shot(page, 'dashboard-batches');
	await page.click(`#batches-table a[href="#/batches/${b.id}"]`);
	await page.locator('#batch-timeline .event-harvested').waitFor();
	const missing = [];
	if (await available(missing, 'GET', `/qr/01/${b.gtin}/10/${encodeURIComponent(b.lot)}?format=svg`)) {
		await page.waitForFunction(() => document.getElementById('batch-qr').naturalWidth > 0);
	}
	await page.click('#trace-back');
	await page.locator('#trace-result h3').waitFor();
	await shot(page, 'dashboard-batch');

	if (await available(missing, 'POST', '/api/labels')) {
		await page.fill('#label-count', '12');
		const labelDownload = page.waitForEvent('download', { timeout: 60000 });
		await page.click('#label-form button[type=submit]');
		const pdf = await labelDownload;
		check((await pdf.suggestedFilename()).endsWith('.pdf'), 'labels arrive as a PDF');
	}
	const epcis = await (await fetch(`${BASE}/api/batches/${b.id}/epcis`, { headers: service.auth() })).text();
	check(epcis.includes('EPCISDocument'), 'the EPCIS document of the lot is served');

	await page.goto(`${BASE}/dashboard/#/quality`);
	await page.locator('#chart-product .uplot').waitFor();
	await shot(page, 'dashboard-quality');
	await page.goto(`${BASE}/dashboard/#/models`);
	await page.locator('#models-table tbody tr').first().waitFor();
	await shot(page, 'dashboard-models');

	const shipped = await service.createBatch(world, { ship: true });
	await page.goto(`${BASE}/dashboard/#/receive`);
	await page.click('#scan-start');
	await page.locator('#scan-support').waitFor({ state: 'visible' }); // headless: no camera, says so
	await page.fill('#receive-code', `https://nguon.test/01/${shipped.gtin}/10/${shipped.lot}`);
	const receiving = page.waitForResponse((r) => r.url().endsWith(`/api/batches/${shipped.id}/receive`)
		&& r.request().method() === 'POST');
	await page.click('#receive-form button[type=submit]');
	check((await receiving).ok(), 'the receipt is recorded');
	await page.locator('#receive-found').filter({ hasText: shipped.lot }).waitFor();
	await shot(page, 'dashboard-receive');
	const received = await service.batch(shipped.id);
	check(received.stage === 'received', `the scanned lot is received, stage ${received.stage}`);

	await page.goto(`${BASE}/dashboard/#/exports`);
	await page.fill('#fsma-lot', b.lot);
	const href = await page.getAttribute('#fsma-csv', 'href');
	const csv = await fetch(BASE + href, { headers: service.auth() });
	check(csv.ok, `FSMA CSV export answers ${csv.status}`);
	check((await csv.text()).includes(b.lot), 'the FSMA CSV names the lot');
	await shot(page, 'dashboard-exports');
	noProblems(page);
	await context.close();
	if (missing.length) {
		throw new service.NotRunnable(`the other steps passed; not run: ${missing.join('; ')}`);
	}
}

/** A GLN no other run uses: prefix 893, random digits, GS1 check digit. */
function randomGln() {
	let digits = '893';
	while (digits.length < 12) {
		digits += Math.floor(Math.random() * 10);
	}
	let sum = 0;
	for (let i = 0; i < 12; i++) {
		sum += (digits.charCodeAt(11 - i) - 48) * (i % 2 === 0 ? 3 : 1);
	}
	return digits + ((10 - (sum % 10)) % 10);
}

/**
 * The platform operator adds an organisation with its first admin, shares records with it as a
 * partner and revokes that, then disables it: its admin can no longer sign in.
 */
async function organisations(browser) {
	const operator = { email: process.env.OPERATOR_EMAIL, password: process.env.OPERATOR_PASSWORD };
	check(operator.email && operator.password, 'OPERATOR_EMAIL and OPERATOR_PASSWORD are set');
	const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN' });
	const page = await openPage(context);
	await signIn(page, '/dashboard/', operator);
	await page.goto(`${BASE}/dashboard/#/organisations`);
	await page.locator('#org-operator').waitFor({ state: 'visible' });

	const gln = randomGln();
	const name = `Siêu thị ${randomId().slice(0, 6)}`;
	const admin = { email: `admin-${randomId().slice(0, 8)}@journey.nguon.vn`, password: 'mật khẩu ban đầu 1' };
	const wrong = gln.slice(0, 12) + ((Number(gln[12]) + 1) % 10);
	await page.fill('#org-gln', wrong);
	const hint = await page.textContent('#org-gln-hint');
	check(hint.includes(gln[12]), `the GLN hint names the right check digit ${gln[12]}: "${hint}"`);
	await page.fill('#org-name', name);
	await page.fill('#org-gln', gln);
	check((await page.textContent('#org-gln-hint')) === '', 'a good GLN clears the hint');
	await page.fill('#org-email', admin.email);
	await page.fill('#org-password', admin.password);
	await page.click('#org-form button[type=submit]');
	const row = page.locator('#org-table tbody tr', { hasText: name });
	await row.waitFor();
	check((await row.textContent()).includes(gln), 'the new organisation is listed with its GLN');
	await axe(page, 'dashboard organisations');
	await shot(page, 'dashboard-organisations');

	await page.fill('#partner-gln', gln);
	await page.click('#partner-form button[type=submit]');
	await page.locator('#partner-list li', { hasText: name }).waitFor();
	await page.locator('#partner-list li', { hasText: name }).getByRole('button').click();
	await page.locator('#partner-list li', { hasText: name }).waitFor({ state: 'detached' });

	const other = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
	const adminPage = await openPage(other);
	await signIn(adminPage, '/dashboard/', admin);
	await adminPage.goto(`${BASE}/dashboard/#/organisations`);
	await adminPage.locator('#org-own').waitFor();
	check((await adminPage.textContent('#org-own')).includes(gln), 'the new admin sees its organisation and GLN');
	check(await adminPage.locator('#org-operator').isHidden(), 'the new admin is not the operator');
	await other.close();

	await row.getByRole('button').click();
	await page.locator('#org-table tbody tr', { hasText: name }).filter({ hasText: 'Đã vô hiệu hoá' }).waitFor();
	const again = await call('POST', '/api/session', { email: admin.email, password: admin.password });
	check(again.status === 401, `a disabled organisation's admin cannot sign in (got ${again.status})`);
	noProblems(page);
	await context.close();
}

/**
 * An admin adds a farm, a product (the GTIN's check digit is named while typing) and a farmer of
 * that farm, then sets a new password for the farmer, who signs in with it on the phone.
 */
async function admin(browser) {
	const world = await service.world();
	const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN' });
	const page = await openPage(context);
	await signIn(page, '/dashboard/', world.admin);
	await page.goto(`${BASE}/dashboard/#/admin`);
	await page.locator('#member-table tbody tr').first().waitFor();

	const farmName = `Vườn ${randomId().slice(0, 6)}`;
	await page.fill('#farm-name', farmName);
	await page.fill('#farm-commune', 'Ia Hrung');
	await page.selectOption('#farm-province', 'Gia Lai');
	// a tap on the map of Vietnam where Pleiku is (13.98 N, 108.00 E) puts the point there
	const map = page.locator('#farm-map svg');
	await map.waitFor();
	await map.scrollIntoViewIfNeeded();
	const [box, view] = [await map.boundingBox(), (await map.getAttribute('viewBox')).split(' ').map(Number)];
	const { projection: p } = await (await fetch(`${BASE}/js/vietnam-map.json`)).json();
	await page.mouse.click(box.x + box.width * ((108.0 - p.lon0) * p.cos) / view[2], box.y + box.height * (p.lat0 - 13.98) / view[3]);
	const tapped = [Number(await page.inputValue('#farm-lat')), Number(await page.inputValue('#farm-lon'))];
	check(Math.abs(tapped[0] - 13.98) < 0.1 && Math.abs(tapped[1] - 108.0) < 0.1, `a tap on the map sets the point near Pleiku, got ${tapped}`);
	check((await page.getAttribute('#farm-map .marker', 'visibility')) === 'visible', 'the map shows a marker at the point');
	await page.fill('#farm-lat', '13.9833');
	await page.fill('#farm-lon', '108.0');
	await page.click('#farm-form button[type=submit]');
	await page.locator('#farm-list li', { hasText: farmName }).waitFor();
	check((await page.textContent('#farm-list')).includes('Ia Hrung · Gia Lai'), 'the farm shows commune and province');

	const gtin = service.randomGtin();
	const wrong = gtin.slice(0, 13) + ((Number(gtin[13]) + 1) % 10);
	await page.fill('#product-gtin', wrong);
	check((await page.textContent('#product-gtin-hint')).includes(gtin[13]), 'the GTIN hint names the right check digit');
	await page.fill('#product-gtin', gtin);
	check((await page.textContent('#product-gtin-hint')) === '', 'a good GTIN clears the hint');
	await page.fill('#product-vi', 'Cà chua bi');
	await page.click('#product-form button[type=submit]');
	await page.locator('#product-list li', { hasText: gtin }).waitFor();

	const email = `nong-dan-${randomId().slice(0, 8)}@journey.nguon.vn`;
	await page.fill('#member-name', 'Nguyễn Thị Hoa');
	await page.fill('#member-email', email);
	await page.selectOption('#member-role', 'farmer');
	await page.locator('#member-farms label', { hasText: farmName }).locator('input').check();
	await page.fill('#member-password', 'mat khau ban dau');
	await page.click('#member-form button[type=submit]');
	const row = page.locator('#member-table tbody tr', { hasText: email });
	await row.waitFor();
	check((await row.textContent()).includes(farmName), 'the farmer is listed with the farm');

	// an access token for another program: the secret is shown once, works, and stops working when revoked
	const tokenName = `Cân điện tử ${randomId().slice(0, 6)}`;
	await page.fill('#token-name', tokenName);
	await page.locator('#token-form input[name=scopes][value=epcis]').check();
	await page.click('#token-form button[type=submit]');
	await page.locator('#token-secret').waitFor();
	const secret = (await page.textContent('#token-secret-value')).trim();
	check(secret.length >= 32, 'the new token\'s secret is shown');
	await page.locator('#token-list li', { hasText: tokenName }).waitFor();
	const withToken = () => fetch(`${BASE}/epcis/events?perPage=1`, { headers: { Authorization: `Bearer ${secret}` } });
	check((await withToken()).status === 200, 'the token reads EPCIS events');
	await page.getByRole('button', { name: `Thu hồi mã ${tokenName}` }).click();
	await page.locator('#token-list li', { hasText: tokenName }).getByRole('button').waitFor({ state: 'detached' });
	check((await withToken()).status === 401, 'a revoked token is refused');

	// the public profile: contact, a certification and a logo, then a shopper sees them on a lot's page
	const phoneNumber = '0269 3822 ' + String(100 + Math.floor(Math.random() * 900));
	await page.fill('#profile-phone', 'not a phone');
	await page.click('#profile-form button[type=submit]');
	await page.locator('#profile-error').waitFor();
	check(/phone|điện thoại/i.test(await page.textContent('#profile-error')), 'a bad phone number is named');
	await page.fill('#profile-phone', phoneNumber);
	await page.fill('#profile-email', 'lienhe@htx-journey.vn');
	await page.fill('#profile-website', 'https://htx-journey.vn');
	await page.click('#certification-add');
	const cert = page.locator('#certification-list li.certification').last();
	await cert.locator('[name=standard]').fill('VietGAP');
	await cert.locator('[name=number]').fill('VG-GL-0042');
	await cert.locator('[name=validUntil]').fill('2099-06-30');
	await page.click('#profile-form button[type=submit]');
	await page.locator('#profile-error').waitFor({ state: 'hidden' });
	await page.locator('#profile-logo-file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: LOGO_PNG });
	await page.locator('#profile-logo[src^="/logos/"]').waitFor();
	await page.reload();
	await page.locator('#certification-list li.certification').first().waitFor();
	check((await page.inputValue('#profile-phone')) === phoneNumber, 'the saved profile is shown again after a reload');
	const lot = await service.createBatch(world);
	const shopper = await openPage(await browser.newContext({ viewport: PHONE, locale: 'vi-VN' }));
	await shopper.goto(`${BASE}/01/${lot.gtin}/10/${encodeURIComponent(lot.lot)}`);
	await shopper.locator('#producer').waitFor();
	const producer = await shopper.textContent('#producer');
	check(producer.includes(phoneNumber) && producer.includes('lienhe@htx-journey.vn'), 'the shopper sees the contact');
	check((await shopper.textContent('#certifications')).includes('VietGAP'), 'the shopper sees the certification');
	await shopper.locator('#producer img.logo').scrollIntoViewIfNeeded(); // it loads lazily
	const logoLoaded = await shopper.waitForFunction(() => {
		const img = document.querySelector('#producer img.logo');
		return img.complete && img.naturalWidth > 0;
	}, null, { timeout: 10000 }).then(() => true, () => false);
	check(logoLoaded, 'the logo loads on the consumer page');
	await axe(shopper, 'consumer page with the producer');
	await shot(shopper, 'consumer-producer');
	noProblems(shopper);
	await shopper.context().close();
	await axe(page, 'dashboard admin');
	await shot(page, 'dashboard-admin');

	await row.getByRole('button', { name: /Đặt mật khẩu mới/ }).click();
	await page.fill('#password-new', 'mat khau moi cua Hoa');
	await page.click('#password-form button[type=submit]');
	await page.locator('#password-dialog').waitFor({ state: 'hidden' });
	noProblems(page);
	await context.close();

	const phone = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
	const app = await openPage(phone);
	await signIn(app, '/app/', { email, password: 'mat khau moi cua Hoa' });
	noProblems(app);
	await phone.close();
}

/** An unauthenticated JSON call straight to the service (with the CSRF cookie a browser gets). */
async function call(method, path, body) {
	const first = await fetch(`${BASE}/api/session`);
	const cookie = (first.headers.get('set-cookie') || '').match(/XSRF-TOKEN=([^;]+)/);
	const token = cookie ? cookie[1] : '';
	return fetch(BASE + path, {
		method,
		headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': token, Cookie: `XSRF-TOKEN=${token}` },
		body: JSON.stringify(body),
	});
}

const JOURNEYS = {
	organisations,
	admin,
	'farmer-online': farmerOnline,
	'farmer-offline': farmerOffline,
	'review-override': reviewOverride,
	recall,
	accessibility,
	dashboard,
};

const name = process.argv[2];
if (!JOURNEYS[name]) {
	console.error(`unknown journey ${name}; one of ${Object.keys(JOURNEYS).join(', ')}`);
	process.exit(2);
}
const browser = await launch();
try {
	await JOURNEYS[name](browser);
	console.log(`PASS ${name}`);
	await browser.close();
	process.exit(0);
} catch (e) {
	await browser.close().catch(() => {});
	if (e instanceof service.NotRunnable) {
		console.log(`NOT RUN ${name}: ${e.message}`);
		process.exit(3);
	}
	console.log(`FAIL ${name}: ${e.stack || e}`);
	for (const [q, sent] of OPEN) {
		console.log(`  still open: ${q.method()} ${q.url()} (${Math.round((Date.now() - sent) / 1000)} s)`);
	}
	process.exit(1);
}
