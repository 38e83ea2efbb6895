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
		name: `Trang trại ${suffix()}`, commune: 'Hiệp Thạnh', district: 'Đức Trọng', province: 'Lâm Đồng',
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

/** How many photos the service holds for a batch (from its grade view). */
export async function photoCount(batchId) {
	const g = await must('GET', `/api/batches/${batchId}/grade`).catch((e) => {
		if (e instanceof NotRunnable) {
			throw e;
		}
		return null;
	});
	if (!g) {
		return 0;
	}
	const photos = g.photos || g.units || [];
	return Array.isArray(photos) ? photos.length : Number(g.photoCount || 0);
}

/** Pixel sizes of the stored photos when the grade view tells them, else null. */
export async function photoSizes(batchId) {
	const g = (await call('GET', `/api/batches/${batchId}/grade`)).body;
	const photos = (g && (g.photos || g.units)) || [];
	const sized = photos.filter((p) => p && p.width && p.height);
	return sized.length ? sized.map((p) => ({ width: p.width, height: p.height })) : null;
}

/** A batch with photos whose grade has arrived. */
export async function gradedBatch(w, photos = 2) {
	const b = await createBatch(w);
	for (let i = 0; i < photos; i += 1) {
		const form = new FormData();
		const bytes = samplePhotoBytes(i);
		form.append('photo', new Blob([bytes], { type: 'image/jpeg' }), `sample-${i}.jpg`);
		const photoId = randomUUID();
		form.append('id', photoId);
		await must('POST', `/api/batches/${b.id}/photos`, form, { 'Idempotency-Key': photoId });
	}
	const until = Date.now() + 120000;
	while (Date.now() < until) {
		const g = (await call('GET', `/api/batches/${b.id}/grade`)).body;
		if (g && (g.grade || g.class)) {
			return { ...b, grade: g };
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
	throw new Error(`no grade for batch ${b.id} within 2 minutes`);
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
