// Test data through the service's JSON API with the admin token: products, farms, members,
// batches, photos. Request and response shapes live here only. A missing endpoint throws
// NotRunnable (the journey is then reported as not run, with the endpoint named).

import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const BASE = process.env.BASE_URL || 'http://localhost:8080';
const TOKEN = process.env.ADMIN_TOKEN;

/** The service lacks an endpoint a journey needs. */
export class NotRunnable extends Error {}

export function auth(extra = {}) {
	return { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json', ...extra };
}

/** Calls the service as the admin; answers {status, body}. */
export async function call(method, path, body, headers = {}) {
	const init = { method, headers: auth(headers) };
	if (body instanceof FormData) {
		init.body = body;
	} else if (body !== undefined) {
		init.headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}
	const response = await fetch(BASE + path, init);
	const text = await response.text();
	let json = null;
	try {
		json = text ? JSON.parse(text) : null;
	} catch {
		json = text;
	}
	return { status: response.status, body: json, headers: response.headers };
}

/** Like call, but a 2xx is required; 404/405 on a route means the endpoint is not there yet. */
async function must(method, path, body, headers) {
	const r = await call(method, path, body, headers);
	if ((r.status === 404 || r.status === 405) && isNoRoute(r.body)) {
		throw new NotRunnable(`${method} ${path.split('?')[0]} is not on this service (${r.status})`);
	}
	if (r.status < 200 || r.status >= 300) {
		throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
	}
	return r.body;
}

function isNoRoute(body) {
	// the answer for a path no handler maps (code not-found), as opposed to a domain 404 (batch-not-found ...)
	return !body || typeof body !== 'object' || !body.code || body.code === 'not-found';
}

/** Throws NotRunnable when no handler maps method + path (probed with an empty body: 4xx but not 404 = there). */
export async function requireRoute(method, path) {
	const r = await call(method, path, method === 'GET' ? undefined : new FormData());
	if ((r.status === 404 || r.status === 405) && isNoRoute(r.body)) {
		throw new NotRunnable(`${method} ${path.replace(/[0-9a-f-]{36}/g, '{id}')} is not on this service (${r.status})`);
	}
}

function items(answer) {
	if (Array.isArray(answer)) {
		return answer;
	}
	for (const k of ['items', 'content', 'data']) {
		if (answer && Array.isArray(answer[k])) {
			return answer[k];
		}
	}
	return [];
}

/** A GTIN-14 with a valid check digit, random enough for tests that own their data. */
export function randomGtin() {
	let digits = '0';
	while (digits.length < 13) {
		digits += String(randomBytes(1)[0] % 10);
	}
	const sum = [...digits].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
	return digits + ((10 - (sum % 10)) % 10);
}

const suffix = () => randomUUID().slice(0, 8);

async function member(role, farmIds) {
	const email = `${role}-${suffix()}@nguon.test`;
	const password = `Mat-khau-${randomUUID()}`;
	await must('POST', '/api/members', { email, displayName: `${role} ${suffix()}`, password, role, farmIds });
	return { email, password };
}

/** A fresh product, farm and three members (farmer of that farm, reviewer, admin). */
export async function world() {
	const product = await must('POST', '/api/products', {
		gtin: randomGtin(), nameVi: `Cà chua ${suffix()}`, nameEn: `Tomato ${suffix()}`, variety: 'Savior',
	}, { 'Idempotency-Key': randomUUID() });
	const farm = await must('POST', '/api/farms', {
		name: `Trang trại ${suffix()}`, commune: 'Hiệp Thạnh', province: 'Lâm Đồng',
	}, { 'Idempotency-Key': randomUUID() });
	return {
		product,
		farm,
		farmer: await member('farmer', [farm.id]),
		reviewer: await member('reviewer', []),
		admin: await member('admin', []),
	};
}

function flatten(answer) {
	if (!answer) {
		return null;
	}
	return answer.batch ? { ...answer.batch, events: answer.events || answer.timeline } : answer;
}

/** The batch as the service knows it, or null. */
export async function batch(id) {
	const r = await call('GET', `/api/batches/${id}`);
	if (r.status === 404) {
		console.log(`GET /api/batches/${id}: 404 ${JSON.stringify(r.body)}`);
		return null;
	}
	if (r.status !== 200) {
		throw new Error(`GET /api/batches/${id} answered ${r.status}`);
	}
	return flatten(r.body);
}

/** Counts the batches of the world's farm that match. */
export async function countBatches(w, predicate) {
	const list = items(await must('GET', `/api/batches?farm=${w.farm.id}&size=200`));
	return list.filter(predicate).length;
}

/** A batch registered through the API (and shipped when asked). */
export async function createBatch(w, { ship = false } = {}) {
	const id = randomUUID();
	const today = new Date().toLocaleDateString('sv-SE');
	const b = flatten(await must('POST', '/api/batches', {
		id, productId: w.product.id, farmId: w.farm.id, fieldName: 'Thửa B1', harvestDate: today, quantity: 80, unit: 'kg',
	}, { 'Idempotency-Key': id }));
	b.gtin = b.gtin || w.product.gtin;
	if (ship) {
		await must('POST', `/api/batches/${id}/ship`, { destination: { name: 'Hợp tác xã nhận hàng' } }, { 'Idempotency-Key': randomUUID() });
	}
	return b;
}

/** How many photos the service holds for a batch: queued, being graded, graded or parked. */
export async function photoCount(batchId) {
	const g = await must('GET', `/api/batches/${batchId}/grade`);
	return Object.values(g.queue || {}).reduce((sum, n) => sum + Number(n), 0);
}

/** Pixel sizes of the batch's graded photos, read from the public JPEG copies (/photos/{id}). */
export async function photoSizes(batchId, expected = 1) {
	// the grade can show after the first verdict: wait (at most 60 s) until every photo has one
	let g = await must('GET', `/api/batches/${batchId}/grade`);
	for (let i = 0; i < 120 && (g.units || []).length < expected; i++) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		g = await must('GET', `/api/batches/${batchId}/grade`);
	}
	const sizes = [];
	for (const unit of g.units || []) {
		const bytes = Buffer.from(await (await fetch(`${BASE}/photos/${unit.photoId}`)).arrayBuffer());
		sizes.push(jpegSize(bytes) || pngSize(bytes));
	}
	return sizes.filter(Boolean);
}

function pngSize(b) {
	return b.length > 24 && b.readUInt32BE(0) === 0x89504e47 ? { width: b.readUInt32BE(16), height: b.readUInt32BE(20) } : null;
}

/** Width and height from a JPEG's start-of-frame marker. */
function jpegSize(b) {
	if (b[0] !== 0xff || b[1] !== 0xd8) {
		return null;
	}
	let i = 2;
	while (i + 9 < b.length) {
		if (b[i] !== 0xff) {
			i += 1;
			continue;
		}
		const marker = b[i + 1];
		const length = b.readUInt16BE(i + 2);
		if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
			return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
		}
		i += 2 + length;
	}
	return null;
}

/** A batch with photos whose grade has arrived. */
export async function gradedBatch(w, photos = 3) {
	const b = await createBatch(w);
	for (let i = 0; i < photos; i += 1) {
		const form = new FormData();
		const bytes = samplePhotoBytes(i);
		form.append('photo', new Blob([bytes], { type: 'image/jpeg' }), `sample-${i}.jpg`);
		await must('POST', `/api/batches/${b.id}/photos`, form);
	}
	const until = Date.now() + 120000;
	let g = null;
	while (Date.now() < until) {
		g = (await call('GET', `/api/batches/${b.id}/grade`)).body;
		const pending = g && g.queue ? (g.queue.queued || 0) + (g.queue.running || 0) : 1;
		if (g && g.grade && pending === 0) {
			return { ...b, grade: g.grade };
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
	throw new Error(`no grade for batch ${b.id} within 2 minutes: ${JSON.stringify(g)}`);
}

let photoFiles = null;

function samplePhotoBytes(i) {
	if (photoFiles === null) {
		photoFiles = [];
		const shared = `${process.env.SHARED_DIR || ''}/datasets/produce-quality`;
		try {
			const list = readFileSync(`${shared}/FILES.tsv`, 'utf8').split('\n').slice(1, 40);
			for (const line of list) {
				const [split, label, file] = line.split('\t');
				if (file && /\.(jpe?g)$/i.test(file)) {
					photoFiles.push(`${shared}/${split}/${label}/${file}`);
				}
			}
		} catch {
			// no ../shared: use the built-in picture
		}
	}
	if (photoFiles.length) {
		try {
			return readFileSync(photoFiles[i % photoFiles.length]);
		} catch {
			// fall through
		}
	}
	return readFileSync(new URL('./fixtures/tomato.jpg', import.meta.url));
}
