// The farmer app: sign in, register batches, photograph samples, watch the grade, show the QR,
// record packing and shipping. Every write goes through the IndexedDB outbox (queue.js), so the
// app works the same offline; the outbox syncs as soon as the phone is back online.

import * as api from './api.js';
import * as queue from './queue.js';
import { apply, currentLang, formatDate, formatNumber, init as initI18n, setLang, t } from './i18n.js';
import { $, announce, download, h, mount, today } from './dom.js';
import { resizeToJpeg } from './image.js';
import { gradeBadge, productName, signInHandler, timeline } from './shared.js';

const state = {
	me: null,
	products: [],
	farms: [],
	batches: [],
	current: null, // id of the batch on screen
	photos: new Map(), // batchId -> [{id, url, state}]
	gradeTimer: null,
	awaitingGrade: new Set(), // batches whose photos were just taken: "grading", not "take photos", until a grade comes
	expired: false, // the session ran out while the app was open
};

// ---- start ---------------------------------------------------------------------------------

async function start() {
	await initI18n();
	renderLangButton();
	registerServiceWorker();
	api.onUnauthorized(() => {
		if (state.me) {
			state.me = null;
			state.expired = true;
			route();
		}
	});
	window.addEventListener('hashchange', route);
	window.addEventListener('online', () => {
		renderNet();
		sync();
	});
	window.addEventListener('offline', renderNet);
	document.addEventListener('langchange', () => {
		renderLangButton();
		route();
	});
	queue.onChange(renderOutbox);
	wireForms();
	renderNet();
	state.me = await loadSession();
	$('#loading').hidden = true;
	if (state.me) {
		await loadReferenceData();
		sync();
	}
	route();
}

function registerServiceWorker() {
	if ('serviceWorker' in navigator) {
		navigator.serviceWorker.register('/sw.js', { scope: '/app/' }).catch((e) => console.warn('service worker', e));
	}
}

async function loadSession() {
	try {
		const me = await api.session();
		if (me) {
			await queue.cachePut('session', me);
		}
		return me;
	} catch (e) {
		if (e instanceof api.NetworkError) {
			return (await queue.cacheGet('session')) || null;
		}
		throw e;
	}
}

/** Products, farms and batches from the service, or the last copy when offline. */
async function loadReferenceData() {
	for (const [key, fetcher] of [['products', api.products], ['farms', api.farms], ['batches', () => api.batches()]]) {
		try {
			state[key] = await fetcher();
			await queue.cachePut(key, state[key]);
		} catch (e) {
			if (!(e instanceof api.NetworkError)) {
				console.warn(key, e);
			}
			state[key] = (await queue.cacheGet(key)) || [];
		}
	}
}

function renderLangButton() {
	const other = currentLang() === 'vi' ? 'en' : 'vi';
	const button = $('#lang');
	button.textContent = other === 'en' ? 'English' : 'Tiếng Việt';
	button.lang = other;
	button.dataset.target = other;
}

function renderNet() {
	const net = $('#net');
	net.textContent = navigator.onLine ? '' : t('net.offline');
	net.dataset.state = navigator.onLine ? 'online' : 'offline';
}

// ---- routing -------------------------------------------------------------------------------

function show(view) {
	document.querySelectorAll('.view').forEach((v) => {
		v.hidden = v.id !== `view-${view}`;
	});
}

/** After a session ran out: say so, and that what waits in the outbox stays on the phone. */
async function showExpired() {
	const note = $('#signin-expired');
	if (!state.expired) {
		note.hidden = true;
		return;
	}
	const n = (await queue.list()).length;
	note.textContent = n > 0 ? t('signin.expiredKept', { n }) : t('signin.expired');
	note.hidden = false;
}

function route() {
	clearInterval(state.gradeTimer);
	if (!state.me) {
		show('signin');
		showExpired();
		return;
	}
	const hash = location.hash || '#/';
	const m = hash.match(/^#\/batch\/([\w-]+)/);
	if (hash.startsWith('#/new')) {
		const edit = hash.match(/[?&]edit=([\w-]+)/);
		renderNew(edit ? edit[1] : null);
		show('new');
	} else if (m) {
		state.current = m[1];
		renderBatch(m[1]);
		show('batch');
	} else {
		renderHome();
		show('home');
	}
}

// ---- forms ---------------------------------------------------------------------------------

function wireForms() {
	$('#lang').addEventListener('click', (e) => setLang(e.currentTarget.dataset.target));
	$('#signin-form').addEventListener('submit', onSignIn);
	$('#signout').addEventListener('click', async () => {
		await api.signOut().catch(() => {});
		state.me = null;
		route();
	});
	$('#new-form').addEventListener('submit', onCreateBatch);
	$('#photo-input').addEventListener('change', onPhotos);
	$('#show-qr').addEventListener('click', showQr);
	$('#qr-labels').addEventListener('click', shareLabels);
	$('#do-pack').addEventListener('click', () => toggleForm('#pack-form'));
	$('#do-ship').addEventListener('click', () => toggleForm('#ship-form'));
	$('#pack-form').addEventListener('submit', (e) => onEvent(e, 'pack'));
	$('#ship-form').addEventListener('submit', (e) => onEvent(e, 'ship'));
	$('#outbox-sync').addEventListener('click', () => sync());
}

const onSignIn = signInHandler({
	signIn: api.signIn,
	after: async () => {
		state.me = await loadSession();
		state.expired = false;
		await loadReferenceData();
		sync();
		location.hash = '#/';
		route();
	},
	failure: (err) => (err instanceof api.NetworkError ? t('net.offline') : t('signin.failed')),
});

function toggleForm(sel) {
	const form = $(sel);
	form.hidden = !form.hidden;
	if (!form.hidden) {
		form.querySelector('input, select').focus();
	}
}

// ---- home ----------------------------------------------------------------------------------

async function pendingBatches() {
	return (await queue.list()).filter((r) => r.kind === 'batch').map((r) => ({ ...r.json, pending: true, queueState: r.state }));
}

async function allBatches() {
	const pending = await pendingBatches();
	const known = new Set(state.batches.map((b) => b.id));
	return [...pending.filter((b) => !known.has(b.id)), ...state.batches];
}

async function renderHome() {
	const list = await allBatches();
	mount($('#batch-list'), list.map((b) => h('li', null,
		h('a', { href: `#/batch/${b.id}`, class: 'batch-item', dataset: { id: b.id } },
			h('span', { class: 'batch-name' }, productName(productOf(b), currentLang()) || t('batch.unknownProduct')),
			h('span', { class: 'batch-lot' }, b.lot ? `${t('batch.lot')} ${b.lot}` : t('batch.lotPending')),
			h('span', { class: 'batch-meta' }, [formatDate(b.harvestDate), quantityText(b)].filter(Boolean).join(' · ')),
			b.pending ? h('span', { class: 'badge waiting' }, t('outbox.waiting')) : gradeBadge(b.grade, t)))));
	$('#batch-empty').hidden = list.length > 0;
	renderOutbox();
}

function productOf(b) {
	return b.product || state.products.find((p) => p.id === b.productId) || null;
}

function farmOf(b) {
	return b.farm || state.farms.find((f) => f.id === b.farmId) || null;
}

function quantityText(b) {
	return b.quantity ? `${formatNumber(b.quantity)} ${t('unit.' + b.unit) || b.unit || ''}` : '';
}

async function renderOutbox() {
	const rows = await queue.list();
	const box = $('#outbox');
	box.hidden = rows.length === 0;
	const failed = rows.filter((r) => r.state === 'failed').length;
	// for scripts and tests: how many requests wait, and how many failed
	document.body.dataset.outbox = String(rows.length);
	document.body.dataset.outboxFailed = String(failed);
	$('#outbox-summary').textContent = t('outbox.summary', { waiting: rows.length - failed, failed });
	mount($('#outbox-list'), rows.map((r) => h('li', { class: `outbox-item ${r.state}`, dataset: { id: r.id, state: r.state } },
		h('span', { class: 'outbox-label' }, t(`outbox.kind.${r.kind}`), ' ', r.label || ''),
		h('span', { class: 'outbox-state' }, t(`outbox.${r.state}`)),
		r.error ? h('span', { class: 'outbox-error' }, r.error) : null,
		r.kind === 'batch' && queue.editable(r) ? h('button', {
			type: 'button', class: 'secondary edit', 'aria-label': t('outbox.editOf', { label: r.label || '' }),
			onclick: () => { location.hash = `#/new?edit=${encodeURIComponent(r.id)}`; },
		}, t('outbox.edit')) : null,
		r.state === 'failed' ? [
			h('button', { type: 'button', class: 'secondary', onclick: () => queue.retry(r.id).then(afterSync) }, t('outbox.retry')),
			h('button', { type: 'button', class: 'link', onclick: () => queue.discard(r.id) }, t('outbox.discard')),
		] : null)));
}

/** Sends the outbox and refreshes what the service now knows. */
async function sync() {
	if (!state.me) {
		return;
	}
	const result = await queue.flush();
	await afterSync(result);
}

async function afterSync(result) {
	if (result && result.sent > 0) {
		await loadReferenceData();
		route();
	}
	renderOutbox();
}

// ---- new batch -----------------------------------------------------------------------------

/** The new-batch form, or the same form for a batch still in the outbox ({@code editing}: its id). */
async function renderNew(editing) {
	const form = $('#new-form');
	const productSelect = form.productId;
	const farmSelect = form.farmId;
	const keepP = productSelect.value;
	const keepF = farmSelect.value;
	mount(productSelect, state.products.map((p) => h('option', { value: p.id }, productName(p, currentLang()))));
	const mine = state.me && state.me.role === 'farmer' && state.me.farmIds && state.me.farmIds.length
		? state.farms.filter((f) => state.me.farmIds.includes(f.id)) : state.farms;
	mount(farmSelect, mine.map((f) => h('option', { value: f.id }, f.name)));
	if (keepP) {
		productSelect.value = keepP;
	}
	if (keepF) {
		farmSelect.value = keepF;
	}
	const fields = new Set(state.batches.map((b) => b.fieldName).filter(Boolean));
	mount($('#field-names'), [...fields].map((f) => h('option', { value: f })));
	if (!form.harvestDate.value) {
		form.harvestDate.value = today();
	}
	apply(form);
	$('#new-error').hidden = true;
	delete form.dataset.editing;
	$('#new-title').textContent = t('batch.new.title');
	form.querySelector('button[type=submit]').textContent = t('batch.new.submit');
	if (editing) {
		const row = (await queue.list()).find((r) => r.id === editing && r.kind === 'batch');
		if (!row || !queue.editable(row)) {
			$('#new-error').hidden = false;
			$('#new-error').textContent = t('batch.edit.tooLate');
			return;
		}
		const b = row.json;
		form.dataset.editing = editing;
		form.productId.value = b.productId;
		form.farmId.value = b.farmId;
		form.fieldName.value = b.fieldName || '';
		form.harvestDate.value = b.harvestDate;
		form.quantity.value = String(b.quantity);
		form.unit.value = b.unit;
		$('#new-title').textContent = t('batch.edit.title');
		form.querySelector('button[type=submit]').textContent = t('batch.edit.submit');
	}
}

async function onCreateBatch(e) {
	e.preventDefault();
	const form = e.currentTarget;
	const error = $('#new-error');
	error.hidden = true;
	if (!form.reportValidity()) {
		return;
	}
	const editing = form.dataset.editing;
	const cmd = {
		id: editing || api.uuid(),
		productId: form.productId.value,
		farmId: form.farmId.value,
		fieldName: form.fieldName.value.trim() || null,
		harvestDate: form.harvestDate.value,
		quantity: Number(form.quantity.value),
		unit: form.unit.value,
	};
	const r = api.createBatchRequest(cmd);
	const label = `${productName(productOf(cmd), currentLang())} · ${formatDate(cmd.harvestDate)}`;
	if (editing) {
		// a fresh key: the service never stored the old body (never sent, or refused)
		if (!await queue.update(editing, { json: r.json, label, idempotencyKey: api.uuid() })) {
			error.hidden = false;
			error.textContent = t('batch.edit.tooLate');
			return;
		}
	} else {
		await queue.enqueue({ id: cmd.id, kind: 'batch', label, ref: cmd.id, ...r });
	}
	delete form.dataset.editing;
	form.quantity.value = '';
	form.fieldName.value = '';
	location.hash = `#/batch/${cmd.id}`;
	announce(t(editing ? 'batch.edit.saved' : 'batch.new.saved'));
	sync();
}

// ---- one batch -----------------------------------------------------------------------------

async function currentBatch(id) {
	const pending = (await pendingBatches()).find((b) => b.id === id);
	if (pending) {
		return pending;
	}
	try {
		return await api.batch(id);
	} catch (e) {
		if (e instanceof api.NetworkError) {
			return state.batches.find((b) => b.id === id) || null;
		}
		throw e;
	}
}

async function renderBatch(id) {
	const b = await currentBatch(id).catch(() => null);
	if (state.current !== id) {
		return;
	}
	if (!b) {
		mount($('#batch-title'), t('batch.notFound'));
		return;
	}
	const product = productOf(b);
	const farm = farmOf(b);
	mount($('#batch-title'), productName(product, currentLang()) || t('batch.unknownProduct'), b.lot ? ` · ${b.lot}` : '');
	$('#batch-pending').hidden = !b.pending;
	const facts = [
		['batch.lot', b.lot || t('batch.lotPending')],
		['batch.farm', farm ? farm.name : ''],
		['batch.field', b.fieldName],
		['batch.harvestDate', formatDate(b.harvestDate)],
		['batch.quantity', quantityText(b)],
		['batch.stage', b.stage ? t(`stage.${b.stage}`) : ''],
		['batch.status', b.status ? t(`status.${b.status}`) : ''],
	].filter(([, v]) => v);
	mount($('#batch-facts'), facts.map(([k, v]) => [h('dt', null, t(k)), h('dd', null, v)]));
	$('#show-qr').disabled = !b.lot || b.pending;
	const gtin = b.gtin || (product && product.gtin);
	$('#show-qr').dataset.gtin = gtin || '';
	$('#show-qr').dataset.lot = b.lot || '';
	$('#show-qr').dataset.batch = b.pending ? '' : id;
	$('#ship-form').date.value = $('#ship-form').date.value || today();
	renderPhotos(id);
	mount($('#timeline'), timeline(b.events || [], t, formatDate));
	if (!b.pending) {
		watchGrade(id);
	} else {
		mount($('#grade'), h('p', { class: 'muted' }, t('grade.afterSync')));
	}
}

async function renderPhotos(batchId) {
	const local = state.photos.get(batchId) || [];
	const queued = new Map((await queue.list()).filter((r) => r.kind === 'photo').map((r) => [r.id, r.state]));
	mount($('#photo-list'), local.map((p, i) => h('li', { class: 'photo', dataset: { id: p.id } },
		h('img', { src: p.url, alt: t('photo.alt', { n: i + 1 }), width: 96, height: 96 }),
		h('span', { class: 'photo-state' }, queued.has(p.id) ? t(`outbox.${queued.get(p.id)}`) : t('photo.sent')))));
}

async function onPhotos(e) {
	const input = e.currentTarget;
	const batchId = state.current;
	const files = [...input.files];
	input.value = '';
	const b = await currentBatch(batchId).catch(() => null);
	for (const file of files) {
		let blob;
		try {
			blob = await resizeToJpeg(file);
		} catch {
			announce(t('photo.notImage'), 'error');
			continue;
		}
		const photoId = api.uuid();
		const r = api.photoUploadRequest(batchId, photoId);
		await queue.enqueue({
			id: photoId, kind: 'photo', label: b && b.lot ? b.lot : '', ref: batchId, dependsOn: b && b.pending ? batchId : undefined,
			...r, blob, blobName: `${photoId}.jpg`,
		});
		const list = state.photos.get(batchId) || [];
		list.push({ id: photoId, url: URL.createObjectURL(blob) });
		state.photos.set(batchId, list);
	}
	renderPhotos(batchId);
	if (files.length > 0) {
		state.awaitingGrade.add(batchId);
		mount($('#grade'), h('p', { class: 'muted' }, t('grade.waiting')));
	}
	announce(t('photo.saved', { n: files.length }));
	await sync();
	renderPhotos(batchId);
	if (navigator.onLine) {
		watchGrade(batchId);
	}
}

function watchGrade(batchId) {
	clearInterval(state.gradeTimer);
	const started = Date.now();
	const tick = async () => {
		if (state.current !== batchId) {
			clearInterval(state.gradeTimer);
			return;
		}
		let g = null;
		try {
			g = await api.grade(batchId);
		} catch {
			// offline or not ready: keep the last text
			return;
		}
		const pendingPhotos = (await queue.list()).some((r) => r.kind === 'photo' && r.ref === batchId);
		const done = (g && g.grade && g.pending === 0 && !pendingPhotos) || Date.now() - started > 180000;
		if (done || (g && g.parked > 0 && g.pending === 0 && !pendingPhotos)) {
			state.awaitingGrade.delete(batchId);
		}
		renderGrade(g, pendingPhotos || state.awaitingGrade.has(batchId));
		if (done) {
			clearInterval(state.gradeTimer);
		}
	};
	tick();
	state.gradeTimer = setInterval(tick, 2500);
}

/**
 * Shows the batch's grade. awaiting: photos were taken and sent (or wait in the outbox) but no
 * grade came back yet, so the card says it is grading rather than asking for photos.
 */
function renderGrade(g, awaiting = false) {
	if (!g || !g.grade) {
		let text = t('grade.none');
		if ((g && g.pending > 0) || awaiting) {
			text = t('grade.waiting');
		} else if (g && g.parked > 0) {
			text = t('grade.parked', { n: g.parked });
		}
		mount($('#grade'), h('p', { class: 'muted' }, text));
		return;
	}
	const percent = (x) => formatNumber((x || 0) * 100, 0);
	const status = {
		provisional: h('p', { class: 'notice' }, t('grade.provisional')),
		confident: h('p', null, t('grade.confident', { certainty: percent(g.certainty) })),
		reviewed: h('p', null, t('grade.reviewed')),
	}[g.status];
	// the figure under the class is the one that decided it: the expected share below that class
	const sample = g.grade === 'REJECT'
		? t('grade.sampleReject', { n: g.sampleSize, share: percent(g.defectiveShare) })
		: t('grade.sampleBelow', { n: g.sampleSize, share: percent(g.defectiveShare), grade: t(`grade.${g.grade}`) });
	const units = g.units || [];
	const retake = units.filter((u) => (u.reviewReasons || []).includes('not-produce') && !u.reviewedLabel).length;
	const waiting = units.filter((u) => u.waitsForReview).length;
	const advice = [];
	if (retake > 0) {
		advice.push(h('p', { class: 'notice' }, t('grade.retake', { n: retake })));
	}
	if (waiting > 0 && g.status !== 'reviewed') {
		advice.push(h('p', { class: 'muted' }, t('grade.waitReview', { n: waiting })));
	}
	const photoList = units.length === 0 ? null : h('ul', { class: 'unit-list', 'aria-label': t('grade.photos') },
		units.map((u, i) => {
			const label = t(`label.${u.effectiveLabel || u.label}`);
			let why;
			if (u.reviewedLabel) {
				why = t('grade.unitReviewed');
			} else if ((u.reviewReasons || []).includes('not-produce')) {
				why = t('grade.unitNotProduce');
			} else if (u.waitsForReview) {
				why = t('grade.unitUnsure', { confidence: percent(u.confidence) });
			} else {
				why = t('grade.unitSure', { confidence: percent(u.confidence) });
			}
			return h('li', { class: u.waitsForReview ? 'waiting' : null },
				h('span', null, t('grade.photoN', { n: i + 1 })), ' ', h('strong', null, label), ' · ', h('span', null, why));
		}));
	mount($('#grade'),
		gradeBadge(g.grade, t, true),
		status,
		h('p', null, sample),
		...advice,
		photoList,
		g.pending > 0 ? h('p', { class: 'muted' }, t('grade.waiting')) : null);
}

/**
 * A sheet of labels (A4, 3 x 8) for the batch on the dialog: shared through the phone's share sheet
 * (to a printing shop, Zalo, e-mail) when the browser can share files, else downloaded.
 */
async function shareLabels() {
	const button = $('#qr-labels');
	const { batch, lot } = button.dataset;
	if (!batch) {
		return;
	}
	button.disabled = true;
	announce(t('labels.working'));
	try {
		const response = await api.labels({ batchIds: [batch], layout: 'a4-3x8', copies: 24 });
		if (response.status !== 200) {
			throw new Error(t('labels.failed'));
		}
		const blob = await response.blob();
		const name = `nhan-${(lot || 'lo').replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
		const file = new File([blob], name, { type: 'application/pdf' });
		if (navigator.canShare && navigator.canShare({ files: [file] })) {
			await navigator.share({ files: [file], title: t('labels.shareTitle', { lot }) });
		} else {
			download(blob, name);
		}
		announce(t('labels.ready'));
	} catch (err) {
		if (err.name !== 'AbortError') {
			announce(err.message || t('labels.failed'), 'error');
		}
	} finally {
		button.disabled = false;
	}
}

function showQr(e) {
	const { gtin, lot } = e.currentTarget.dataset;
	$('#qr-labels').dataset.batch = e.currentTarget.dataset.batch || '';
	$('#qr-labels').dataset.lot = lot || '';
	$('#qr-labels').hidden = !e.currentTarget.dataset.batch || !navigator.onLine;
	if (!gtin || !lot) {
		return;
	}
	const img = $('#qr-image');
	img.src = api.qrUrl(gtin, lot);
	img.alt = t('qr.alt', { lot });
	$('#qr-caption').textContent = `${t('batch.lot')} ${lot}`;
	const dialog = $('#qr-dialog');
	dialog.showModal();
	if (dialog.requestFullscreen) {
		dialog.requestFullscreen().catch(() => {});
	}
}

/** The event time for a date picked in a form: now when it is today, else noon local time that day. */
function eventTimeOn(date) {
	if (!date || date === today()) {
		return null;
	}
	const offset = -new Date().getTimezoneOffset();
	const sign = offset >= 0 ? '+' : '-';
	const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
	return `${date}T12:00:00${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

async function onEvent(e, action) {
	e.preventDefault();
	const form = e.currentTarget;
	if (!form.reportValidity()) {
		return;
	}
	const batchId = state.current;
	const b = await currentBatch(batchId).catch(() => null);
	const body = action === 'pack'
		? { quantity: Number(form.packageCount.value), unit: form.packagingType.value }
		: { destination: { name: form.destination.value.trim() }, eventTime: eventTimeOn(form.date.value) };
	const key = api.uuid();
	const r = api.batchActionRequest(batchId, action, body, key);
	await queue.enqueue({
		id: key, kind: action, label: b && b.lot ? b.lot : '', ref: batchId, dependsOn: b && b.pending ? batchId : undefined, ...r,
	});
	form.hidden = true;
	form.reset();
	announce(t(`event.${action}.saved`));
	await sync();
	renderBatch(batchId);
}

start().catch((e) => {
	console.error(e);
	announce(String(e.message || e), 'error');
});
