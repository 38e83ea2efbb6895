// The farmer app's outbox: every write (batch, event, photo) is stored in IndexedDB first and
// sent from there, in order, with its client-generated id as Idempotency-Key. A retry after a
// lost answer therefore never duplicates. Network trouble and 5xx keep an item waiting; a 4xx
// marks it failed (shown with its reason and a retry button); items that depend on a failed or
// waiting item wait for it.

import { ApiError, NetworkError, send } from './api.js';

const DB_NAME = 'nguon-farmer';
const DB_VERSION = 1;
const OUTBOX = 'outbox';
const CACHE = 'cache';

let dbPromise = null;
const listeners = new Set();
let flushing = null;

function openDb() {
	if (!dbPromise) {
		dbPromise = new Promise((resolve, reject) => {
			const req = indexedDB.open(DB_NAME, DB_VERSION);
			req.onupgradeneeded = () => {
				const db = req.result;
				if (!db.objectStoreNames.contains(OUTBOX)) {
					db.createObjectStore(OUTBOX, { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
				}
				if (!db.objectStoreNames.contains(CACHE)) {
					db.createObjectStore(CACHE);
				}
			};
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
	}
	return dbPromise;
}

async function tx(store, mode, fn) {
	const db = await openDb();
	return new Promise((resolve, reject) => {
		const t = db.transaction(store, mode);
		const result = fn(t.objectStore(store));
		t.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
		t.onerror = () => reject(t.error);
		t.onabort = () => reject(t.error);
	});
}

function changed() {
	listeners.forEach((fn) => {
		try {
			fn();
		} catch (e) {
			console.error(e);
		}
	});
}

/** Calls fn whenever the outbox changes. */
export function onChange(fn) {
	listeners.add(fn);
	return () => listeners.delete(fn);
}

/**
 * Adds a request to the outbox.
 * @param {{id: string, kind: string, label: string, method: string, url: string, json?, blob?, blobName?,
 *          multipart?, idempotencyKey: string, dependsOn?: string, ref?: string}} item
 */
export async function enqueue(item) {
	const row = { state: 'waiting', attempts: 0, error: null, createdAt: Date.now(), ...item };
	await tx(OUTBOX, 'readwrite', (s) => s.put(row));
	changed();
	return row;
}

/** @returns {Promise<Array>} every item still in the outbox, oldest first */
export async function list() {
	const rows = await tx(OUTBOX, 'readonly', (s) => s.getAll());
	return rows.sort((a, b) => a.createdAt - b.createdAt);
}

async function put(row) {
	await tx(OUTBOX, 'readwrite', (s) => s.put(row));
}

async function remove(id) {
	await tx(OUTBOX, 'readwrite', (s) => s.delete(id));
}

/** Puts a failed item back to waiting and tries to send again. */
export async function retry(id) {
	const rows = await list();
	const row = rows.find((r) => r.id === id);
	if (row) {
		row.state = 'waiting';
		row.error = null;
		await put(row);
		changed();
	}
	return flush();
}

/**
 * Changes an item that has not left the phone, or that the service refused: its request body, label and a
 * fresh idempotency key; it waits to be sent again.
 * @returns {Promise<boolean>} false when the item is gone (sent) or being sent
 */
export async function update(id, change) {
	const row = (await list()).find((r) => r.id === id);
	if (!row || !editable(row)) {
		return false;
	}
	Object.assign(row, change, { state: 'waiting', error: null });
	await put(row);
	changed();
	return true;
}

/** @returns whether an item may still be changed: never tried, or refused by the service */
export function editable(row) {
	return row.state === 'failed' || (row.state === 'waiting' && row.attempts === 0);
}

/** Drops a failed item the farmer gave up on (and what depends on it). */
export async function discard(id) {
	const rows = await list();
	const doomed = new Set([id]);
	rows.forEach((r) => {
		if (r.dependsOn && doomed.has(r.dependsOn)) {
			doomed.add(r.id);
		}
	});
	for (const d of doomed) {
		await remove(d);
	}
	changed();
}

/**
 * Sends what waits, oldest first. Resolves to {sent, failed, waiting} counts. Only one flush runs at
 * a time; a second call joins the running one.
 * @param {(item, answer) => void} [onSent] told about every item the service accepted
 */
export function flush(onSent) {
	if (!flushing) {
		flushing = doFlush(onSent).finally(() => {
			flushing = null;
		});
	}
	return flushing;
}

async function doFlush(onSent) {
	let sent = 0;
	// the phone knows it has no network: nothing leaves it, so nothing counts as an attempt (an item never
	// tried can still be edited)
	let offline = typeof navigator !== 'undefined' && navigator.onLine === false;
	const blocked = new Set();
	for (const row of await list()) {
		if (row.state === 'failed' || offline || (row.dependsOn && blocked.has(row.dependsOn))) {
			blocked.add(row.id);
			continue;
		}
		row.state = 'sending';
		row.attempts += 1;
		await put(row);
		changed();
		try {
			const answer = await send(row);
			await remove(row.id);
			sent += 1;
			changed();
			if (onSent) {
				onSent(row, answer);
			}
		} catch (e) {
			blocked.add(row.id);
			if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 408
					&& e.status !== 429) {
				row.state = 'failed';
				row.error = e.message;
			} else {
				// offline, 5xx, signed out or throttled: keep waiting, try the rest later
				row.state = 'waiting';
				row.error = e instanceof NetworkError ? null : e.message;
				offline = true;
			}
			await put(row);
			changed();
		}
	}
	const rows = await list();
	return { sent, failed: rows.filter((r) => r.state === 'failed').length, waiting: rows.filter((r) => r.state !== 'failed').length };
}

/** Keeps a copy of an answer (farms, products, batches) for offline use. */
export function cachePut(key, value) {
	return tx(CACHE, 'readwrite', (s) => s.put(value, key));
}

/** @returns {Promise<*>} the cached copy, or undefined */
export function cacheGet(key) {
	return tx(CACHE, 'readonly', (s) => s.get(key));
}
