// The cooperative dashboard: review queue, batches (filters, detail, trace, recall, labels),
// quality charts, grading models, receiving by QR scan, exports.

import * as api from './api.js';
import { currentLang, formatDate, formatNumber, init as initI18n, setLang, t } from './i18n.js';
import { $, announce, download, h, mount } from './dom.js';
import { GRADES, gradeBadge, gradeCode, productName, signInHandler, timeline } from './shared.js';
import { renderQuality } from './charts.js';
import { parseDigitalLink, startScanner } from './scan.js';
import { createFromForm, grantFromForm, renderOrganisations, watchGln } from './organisations.js';
import { onFarmSubmit, onLocate, onMemberSubmit, onPasswordSubmit, onProductSubmit, onTokenSubmit, renderAdmin, watchGtin } from './admin.js';
import { onCertificationAdd, onLogoChange, onLogoRemove, onProfileSubmit, renderProfile } from './profile.js';

const state = {
	me: null,
	products: [],
	farms: [],
	reviews: [],
	selected: 0,
	batch: null,
	live: null,
	scanner: null,
	retrainTimer: null,
};

// ---- start ---------------------------------------------------------------------------------

async function start() {
	await initI18n();
	renderLangButton();
	api.onUnauthorized(() => {
		if (state.me) {
			state.me = null;
			route();
		}
	});
	wire();
	state.me = await api.session().catch(() => null);
	$('#loading').hidden = true;
	if (state.me) {
		await loadReferenceData();
	}
	window.addEventListener('hashchange', route);
	document.addEventListener('langchange', () => {
		renderLangButton();
		$('#review-detail').dataset.shown = ''; // redraw the open review in the new language
		route();
	});
	route();
}

async function loadReferenceData() {
	[state.products, state.farms] = await Promise.all([
		api.products().catch(() => []),
		api.farms().catch(() => []),
	]);
}

function renderLangButton() {
	const other = currentLang() === 'vi' ? 'en' : 'vi';
	const button = $('#lang');
	button.textContent = other === 'en' ? 'English' : 'Tiếng Việt';
	button.lang = other;
	button.dataset.target = other;
}

function wire() {
	$('#lang').addEventListener('click', (e) => setLang(e.currentTarget.dataset.target));
	$('#partner-form').addEventListener('submit', grantFromForm);
	$('#org-form').addEventListener('submit', createFromForm);
	watchGln($('#partner-gln'), $('#partner-gln-hint'));
	watchGln($('#org-gln'), $('#org-gln-hint'));
	$('#member-form').addEventListener('submit', (e) => onMemberSubmit(e, state));
	$('#farm-form').addEventListener('submit', (e) => onFarmSubmit(e, state));
	$('#product-form').addEventListener('submit', (e) => onProductSubmit(e, state));
	$('#token-form').addEventListener('submit', onTokenSubmit);
	$('#profile-form').addEventListener('submit', onProfileSubmit);
	$('#certification-add').addEventListener('click', onCertificationAdd);
	$('#profile-logo-file').addEventListener('change', onLogoChange);
	$('#profile-logo-remove').addEventListener('click', onLogoRemove);
	$('#farm-locate').addEventListener('click', onLocate);
	$('#password-form').addEventListener('submit', onPasswordSubmit);
	$('#password-cancel').addEventListener('click', () => $('#password-dialog').close());
	watchGtin($('#product-gtin'), $('#product-gtin-hint'));
	$('#signin-form').addEventListener('submit', onSignIn);
	$('#signout').addEventListener('click', async () => {
		await api.signOut().catch(() => {});
		state.me = null;
		route();
	});
	$('#batch-filters').addEventListener('submit', (e) => {
		e.preventDefault();
		const params = new URLSearchParams();
		for (const [k, v] of new FormData(e.currentTarget)) {
			if (v) {
				params.set(k, v);
			}
		}
		location.hash = `#/batches${params.toString() ? '?' + params : ''}`;
	});
	$('#trace-back').addEventListener('click', () => showTrace('back'));
	$('#trace-forward').addEventListener('click', () => showTrace('forward'));
	$('#recall-open').addEventListener('click', openRecall);
	$('#recall-form').addEventListener('submit', onRecall);
	$('#recall-cancel').addEventListener('click', () => $('#recall-dialog').close());
	$('#label-form').addEventListener('submit', onLabels);
	$('#retrain').addEventListener('click', onRetrain);
	$('#scan-start').addEventListener('click', onScanStart);
	$('#scan-stop').addEventListener('click', stopScan);
	$('#receive-form').addEventListener('submit', onReceive);
	$('#receive-code').addEventListener('input', () => {
		$('#receive-found').textContent = '';
	});
	$('#fsma-form').addEventListener('input', renderExportLinks);
	document.addEventListener('keydown', onKey);
}

const onSignIn = signInHandler({
	signIn: api.signIn,
	after: async () => {
		state.me = await api.session();
		await loadReferenceData();
		route();
	},
	failure: () => t('signin.failed'),
});

// ---- routing -------------------------------------------------------------------------------

function show(view) {
	document.querySelectorAll('.view').forEach((v) => {
		v.hidden = v.id !== `view-${view}`;
	});
	document.querySelectorAll('#nav a').forEach((a) => {
		if (view.startsWith(a.dataset.route) || (view === 'batch' && a.dataset.route === 'batches')) {
			a.setAttribute('aria-current', 'page');
		} else {
			a.removeAttribute('aria-current');
		}
	});
}

/** Views other than the review queue, by the first part of the hash. */
const OTHER_VIEWS = ['batches', 'quality', 'models', 'receive', 'exports', 'admin', 'organisations'];

function route() {
	const signedIn = !!state.me;
	$('#nav').hidden = !signedIn;
	$('#nav a[data-route="organisations"]').hidden = !signedIn || state.me.role !== 'admin';
	$('#nav a[data-route="admin"]').hidden = !signedIn || state.me.role !== 'admin';
	$('#signout').hidden = !signedIn;
	$('#who').textContent = signedIn ? (state.me.displayName || state.me.name || state.me.email || '') : '';
	if (state.scanner && !location.hash.startsWith('#/receive')) {
		stopScan();
	}
	const [path, queryString] = (location.hash.slice(1) || '/review').split('?');
	const parts = path.split('/').filter(Boolean);
	const params = new URLSearchParams(queryString || '');
	if (!signedIn || !onReviewView()) {
		stopLive(); // the review queue (the default view) is the only one kept live
	}
	clearInterval(state.retrainTimer);
	if (!signedIn) {
		show('signin');
		return;
	}
	switch (parts[0]) {
		case 'batches':
			if (parts[1]) {
				show('batch');
				renderBatch(parts[1]);
			} else {
				show('batches');
				renderBatches(params);
			}
			break;
		case 'quality':
			show('quality');
			loadQuality();
			break;
		case 'models':
			show('models');
			renderModels();
			break;
		case 'receive':
			show('receive');
			break;
		case 'exports':
			show('exports');
			renderExportLinks();
			break;
		case 'admin':
			show('admin');
			renderAdmin(state);
			renderProfile();
			break;
		case 'organisations':
			show('organisations');
			renderOrganisations(state.me);
			break;
		default:
			show('review');
			// the stream opens once the queue is read, and only if the reviewer is still here
			renderReviews().then(() => {
				if (state.me && onReviewView()) {
					startLive();
				}
			});
	}
}

/** @returns {boolean} whether the hash shows the review queue (the default view) */
function onReviewView() {
	const first = (location.hash.slice(1) || '/review').split('?')[0].split('/').filter(Boolean)[0];
	return !OTHER_VIEWS.includes(first);
}

// ---- review queue --------------------------------------------------------------------------

/** Batches named by queue items, fetched once each (lot, product). */
const batchCache = new Map();

function cachedBatch(id) {
	if (!batchCache.has(id)) {
		batchCache.set(id, api.batch(id).catch(() => null));
	}
	return batchCache.get(id);
}

/** Counts queue reads: an answer that a newer read (or a local change) overtook is dropped. */
let reviewsRound = 0;

/**
 * Reads the queue again and redraws it, keeping the selected item selected.
 * @param {{arrivals?: boolean}} [options] arrivals: announce items that were not in the queue before
 */
async function renderReviews({ arrivals = false } = {}) {
	const round = ++reviewsRound;
	let reviews;
	try {
		reviews = await api.reviewQueue();
		await Promise.all(reviews.map(async (r) => {
			r.batch = await cachedBatch(r.batchId);
		}));
	} catch (e) {
		if (round === reviewsRound) {
			announce(e.message, 'error');
		}
		return;
	}
	if (round !== reviewsRound) {
		return;
	}
	const before = new Set(state.reviews.map((r) => r.id));
	const selected = state.reviews[state.selected];
	const kept = selected ? reviews.findIndex((r) => r.id === selected.id) : -1;
	state.reviews = reviews;
	state.selected = kept >= 0 ? kept : Math.min(state.selected, Math.max(0, reviews.length - 1));
	drawReviewList();
	const arrived = reviews.filter((r) => !before.has(r.id)).length;
	if (arrivals && arrived > 0) {
		announce(t('review.arrived', { n: arrived }));
	}
}

function drawReviewList() {
	$('#review-empty').hidden = state.reviews.length > 0;
	mount($('#review-list'), state.reviews.map((r, i) => h('li', {
		role: 'option', 'aria-selected': String(i === state.selected), class: 'queue-item', dataset: { key: r.id, batch: r.batchId || '' },
		onclick: () => select(i),
	},
	h('span', { class: 'queue-lot' }, r.batch ? `${t('batch.lot')} ${r.batch.lot}` : t('batch.unknownProduct')),
	h('span', { class: 'queue-product' }, r.batch ? productName(r.batch.product, currentLang()) : ''),
	gradeBadge(r.grade, t))));
	drawReviewDetail();
}

function select(i) {
	if (state.reviews.length === 0) {
		return;
	}
	state.selected = (i + state.reviews.length) % state.reviews.length;
	drawReviewList();
	const item = $('#review-list').children[state.selected];
	if (item) {
		item.scrollIntoView({ block: 'nearest' });
	}
}

function probabilityBars(probabilities) {
	const entries = Object.entries(probabilities || {}).sort((a, b) => b[1] - a[1]);
	return h('ul', { class: 'probs' }, entries.map(([label, p]) => {
		const bar = h('span', { class: 'prob-bar' });
		bar.style.width = `${Math.round(p * 100)}%`; // CSSOM, allowed by style-src 'self'
		return h('li', null, h('span', { class: 'prob-label' }, t(`label.${label}`)), h('span', { class: 'prob-track' }, bar),
			h('span', { class: 'prob-value' }, `${formatNumber(p * 100, 0)} %`));
	}));
}

async function drawReviewDetail() {
	const r = state.reviews[state.selected];
	const box = $('#review-detail');
	if (!r) {
		box.dataset.shown = '';
		mount(box);
		return;
	}
	// a live refresh must not wipe what the reviewer is typing: the shown item is drawn once
	if (box.dataset.shown === r.id) {
		return;
	}
	const view = r.batchId ? await api.grade(r.batchId).catch(() => null) : null;
	if (state.reviews[state.selected] !== r || box.dataset.shown === r.id) {
		return;
	}
	box.dataset.shown = r.id;
	const units = (view && view.units.length ? view.units : (r.photos || []).map((url) => ({ photoId: String(url).split('/').pop() })));
	const labels = Object.keys((units.find((u) => u.probabilities) || {}).probabilities || { fresh: 0, medium: 0, rotten: 0 });
	mount(box,
		h('h2', null, r.batch ? `${productName(r.batch.product, currentLang())} · ${t('batch.lot')} ${r.batch.lot}` : t('review.batch')),
		h('p', null, t('review.proposed'), ' ', gradeBadge(r.grade, t, true)),
		r.needsReview ? h('p', { class: 'notice' }, t('grade.needsReview'), (r.reasons || []).length ? ` (${r.reasons.join(', ')})` : '') : null,
		h('p', { class: 'muted' }, t('review.provenance', {
			model: r.modelVersion || '?', policy: r.policyVersion || '?', n: r.sampleSize,
			share: formatNumber((r.defectiveShare || 0) * 100, 0),
		})),
		h('ul', { class: 'units' }, units.map((u, i) => {
			const verdict = u.effectiveLabel || u.label || 'unknown';
			return h('li', { class: 'unit', dataset: { photo: u.photoId } },
				h('img', { src: `/photos/${u.photoId}`, alt: t('review.photoAlt', { n: i + 1, label: t(`label.${verdict}`) }), width: 160, height: 160, loading: 'lazy' }),
				h('p', null, t('review.unitVerdict'), ' ', h('strong', null, t(`label.${verdict}`))),
				u.probabilities ? probabilityBars(u.probabilities) : null,
				u.label ? h('div', { class: 'unit-override' },
					h('label', { for: `unit-${u.photoId}` }, t('review.unitLabel', { n: i + 1 })),
					h('select', { id: `unit-${u.photoId}` }, labels.map((l) => h('option', { value: l, selected: l === verdict }, t(`label.${l}`)))),
					h('button', { type: 'button', onclick: (e) => onUnitReview(u, e.currentTarget.previousSibling.value) }, t('review.unitOverride'))) : null);
		})),
		h('form', { class: 'card stack', id: 'review-form', onsubmit: onReview, novalidate: true },
			h('h3', null, t('review.decide')),
			h('fieldset', { class: 'grades' },
				h('legend', null, t('review.grade')),
				GRADES.map((g, i) => h('label', { class: 'radio' },
					h('input', { type: 'radio', name: 'grade', value: g, checked: g === r.grade }),
					`${i + 1}. `, t(`grade.${g}`)))),
			h('label', { for: 'review-reason' }, t('review.reason')),
			h('textarea', { id: 'review-reason', name: 'reason', rows: 2, maxlength: 2000 }),
			h('p', { class: 'error', role: 'alert', id: 'review-error', hidden: true }),
			h('div', { class: 'buttons' },
				h('button', { type: 'submit', class: 'primary', name: 'decision', value: 'confirm', id: 'review-confirm' }, t('review.confirm')),
				h('button', { type: 'submit', name: 'decision', value: 'override', id: 'review-override' }, t('review.override')))));
}

async function onReview(e) {
	e.preventDefault();
	const form = e.currentTarget;
	const decision = (e.submitter && e.submitter.value) || 'confirm';
	const r = state.reviews[state.selected];
	const chosen = form.grade.value;
	const reason = form.reason.value.trim();
	const error = $('#review-error');
	if (decision === 'override' && (chosen === r.grade || !reason)) {
		error.textContent = chosen === r.grade ? t('review.pickOther') : t('review.reasonNeeded');
		error.hidden = false;
		(chosen === r.grade ? form.querySelector('input[name=grade]') : form.reason).focus();
		return;
	}
	try {
		await api.reviewBatch({ gradeId: r.id, action: decision, grade: chosen, reason: reason || t('review.confirmReason') });
		announce(t(decision === 'override' ? 'review.overridden' : 'review.confirmed'));
		reviewsRound += 1; // a read under way still holds the reviewed item
		state.reviews.splice(state.selected, 1);
		$('#review-detail').dataset.shown = '';
		drawReviewList();
	} catch (err) {
		error.textContent = err.message;
		error.hidden = false;
	}
}

async function onUnitReview(unit, label) {
	const reason = ($('#review-reason').value || '').trim();
	const error = $('#review-error');
	if (!reason) {
		error.textContent = t('review.reasonNeeded');
		error.hidden = false;
		$('#review-reason').focus();
		return;
	}
	try {
		await api.reviewUnit({ photoId: unit.photoId, action: label === (unit.effectiveLabel || unit.label) ? 'confirm' : 'override', label, reason });
		announce(t('review.unitDone'));
		$('#review-detail').dataset.shown = '';
		renderReviews();
	} catch (err) {
		error.textContent = err.message;
		error.hidden = false;
	}
}

function onKey(e) {
	if (location.hash && !location.hash.startsWith('#/review')) {
		return;
	}
	if (e.ctrlKey || e.metaKey || e.altKey || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName)) {
		return;
	}
	const form = $('#review-form');
	switch (e.key) {
		case 'j':
		case 'ArrowDown':
			select(state.selected + 1);
			break;
		case 'k':
		case 'ArrowUp':
			select(state.selected - 1);
			break;
		case 'c':
			if (form) {
				form.requestSubmit($('#review-confirm'));
			}
			break;
		case 'o':
			if (form) {
				form.reason.focus();
			}
			break;
		case '1': case '2': case '3': case '4':
			if (form) {
				const radio = form.querySelectorAll('input[name=grade]')[Number(e.key) - 1];
				radio.checked = true;
				radio.focus();
			}
			break;
		default:
			return;
	}
	e.preventDefault();
}

/** Live updates of the review queue. */
const LIVE = {
	/** quiet time before a refresh, so a burst of events makes one read */
	debounceMs: 400,
	/** longest a refresh waits while events keep coming */
	maxWaitMs: 2000,
	/** errors in a row (without a ready in between) before falling back to polling */
	maxErrors: 3,
	pollMs: 15000,
	/** while polling, how soon the stream is tried again */
	retryMs: 60000,
};

/**
 * Keeps the review queue current: the Server-Sent Events of /api/grading/events (a grade or a
 * review of the organisation, or a resync, refreshes the queue, debounced; so does every
 * (re)connection, since nothing is replayed). Only when the stream fails again and again (or the
 * browser has no EventSource) does the queue poll every 15 s, trying the stream again every minute.
 */
function startLive() {
	if (!state.live) {
		if ('EventSource' in window) {
			connectLive();
		} else {
			startPolling();
		}
	}
	drawLive();
}

function connectLive() {
	const source = new EventSource(api.gradingEventsUrl);
	const live = {
		mode: 'connecting',
		errors: 0,
		timer: null,
		pendingSince: 0,
		close: () => {
			source.close();
			clearTimeout(live.timer);
		},
	};
	state.live = live;
	source.addEventListener('ready', () => {
		live.errors = 0;
		live.mode = 'live';
		drawLive();
		refreshSoon(live, false); // whatever changed while (re)connecting
	});
	['grade', 'review', 'resync'].forEach((name) => source.addEventListener(name, () => refreshSoon(live, true)));
	source.addEventListener('error', () => {
		if (state.live !== live) {
			return;
		}
		live.errors += 1;
		// CLOSED: the browser gave up (an error status, not a stream); else it reconnects by itself
		if (source.readyState === EventSource.CLOSED || live.errors >= LIVE.maxErrors) {
			live.close();
			state.live = null;
			startPolling();
		} else {
			live.mode = 'connecting';
			drawLive();
		}
	});
}

function refreshSoon(live, arrivals) {
	const now = Date.now();
	live.pendingSince = live.pendingSince || now;
	live.arrivals = live.arrivals || arrivals;
	clearTimeout(live.timer);
	live.timer = setTimeout(() => {
		const announceArrivals = live.arrivals;
		live.pendingSince = 0;
		live.arrivals = false;
		if (state.live === live) {
			renderReviews({ arrivals: announceArrivals });
		}
	}, Math.max(0, Math.min(LIVE.debounceMs, live.pendingSince + LIVE.maxWaitMs - now)));
}

function startPolling() {
	const poll = {
		mode: 'polling',
		close: () => {
			clearInterval(poll.timer);
			clearTimeout(poll.retry);
		},
	};
	poll.timer = setInterval(() => renderReviews({ arrivals: true }), LIVE.pollMs);
	poll.retry = setTimeout(() => {
		if (state.live === poll) {
			poll.close();
			state.live = null;
			startLive();
		}
	}, LIVE.retryMs);
	state.live = poll;
	drawLive();
}

/** The small indicator next to the title: live, connecting or polling (data-state for the dot). */
function drawLive() {
	const status = $('#review-live');
	const mode = state.live ? state.live.mode : 'off';
	const text = { live: t('review.live'), connecting: t('review.connecting'), polling: t('review.polling') };
	status.dataset.state = mode;
	status.textContent = text[mode] || '';
	status.title = mode === 'live' ? t('review.liveHint') : '';
}

function stopLive() {
	if (state.live) {
		state.live.close();
		state.live = null;
	}
	drawLive();
}

// ---- batches -------------------------------------------------------------------------------

function fillSelect(select, options, value) {
	mount(select, h('option', { value: '' }, t('common.all')), options.map(([v, label]) => h('option', { value: v }, label)));
	select.value = value || '';
}

function batchGrade(b) {
	const g = b.grade;
	return gradeCode(g && typeof g === 'object' ? g.class : g || (b.latestGrade && b.latestGrade.class));
}

/** The service may ignore some filters; apply them here too so the table always matches the form. */
function matches(b, p) {
	const q = (p.get('q') || '').toLowerCase();
	if (q && ![b.lot, b.fieldName, b.gtin].some((v) => v && String(v).toLowerCase().includes(q))) {
		return false;
	}
	if (p.get('productId') && b.productId && b.productId !== p.get('productId')) {
		return false;
	}
	if (p.get('farmId') && b.farmId && b.farmId !== p.get('farmId')) {
		return false;
	}
	if (p.get('from') && b.harvestDate && b.harvestDate < p.get('from')) {
		return false;
	}
	if (p.get('to') && b.harvestDate && b.harvestDate > p.get('to')) {
		return false;
	}
	if (p.get('grade') && batchGrade(b) !== p.get('grade')) {
		return false;
	}
	return !(p.get('status') && ![b.status, b.stage].includes(p.get('status')));
}

async function renderBatches(params) {
	const form = $('#batch-filters');
	form.q.value = params.get('q') || '';
	form.from.value = params.get('from') || '';
	form.to.value = params.get('to') || '';
	fillSelect(form.productId, state.products.map((p) => [p.id, productName(p, currentLang())]), params.get('productId'));
	fillSelect(form.farmId, state.farms.map((f) => [f.id, f.name]), params.get('farmId'));
	fillSelect(form.grade, GRADES.map((g) => [g, t(`grade.${g}`)]), params.get('grade'));
	fillSelect(form.status, ['active', 'recalled', 'harvested', 'packed', 'shipped', 'received'].map((s) => [s, t(`status.${s}`)]), params.get('status'));
	let list = [];
	try {
		list = (await api.batches(Object.fromEntries(params))).filter((b) => matches(b, params));
	} catch (e) {
		announce(e.message, 'error');
	}
	$('#batches-count').textContent = t('batches.count', { n: list.length });
	mount($('#batches-table tbody'), list.map((b) => {
		const product = b.product || state.products.find((p) => p.id === b.productId);
		const farm = b.farm || state.farms.find((f) => f.id === b.farmId);
		return h('tr', { dataset: { id: b.id } },
			h('td', null, h('a', { href: `#/batches/${b.id}` }, b.lot || b.id)),
			h('td', null, productName(product, currentLang())),
			h('td', null, farm ? farm.name : ''),
			h('td', null, formatDate(b.harvestDate)),
			h('td', null, b.quantity ? `${formatNumber(b.quantity)} ${t('unit.' + b.unit)}` : ''),
			h('td', null, gradeBadge(batchGrade(b), t)),
			h('td', null, statusBadge(b)));
	}));
}

function statusBadge(b) {
	if (b.status === 'recalled') {
		return h('span', { class: 'badge status-recalled' }, t('status.recalled'));
	}
	return t(`status.${b.stage || b.status || 'active'}`);
}

async function renderBatch(id) {
	let b;
	try {
		b = await api.batch(id);
	} catch (e) {
		mount($('#batch-title'), t('batch.notFound'));
		announce(e.message, 'error');
		return;
	}
	state.batch = b;
	const product = b.product || state.products.find((p) => p.id === b.productId);
	const farm = b.farm || state.farms.find((f) => f.id === b.farmId);
	const gtin = b.gtin || (product && product.gtin);
	b.gtin = gtin;
	mount($('#batch-title'), productName(product, currentLang()), ' · ', t('batch.lot'), ' ', b.lot);
	$('#batch-recalled').hidden = b.status !== 'recalled';
	$('#recall-open').disabled = b.status === 'recalled';
	mount($('#batch-facts'), [
		['batch.gtin', gtin],
		['batch.farm', farm ? farm.name : ''],
		['batch.field', b.fieldName],
		['batch.harvestDate', formatDate(b.harvestDate)],
		['batch.quantity', b.quantity ? `${formatNumber(b.quantity)} ${t('unit.' + b.unit)}` : ''],
		['batch.grade', gradeBadge(batchGrade(b), t) || t('grade.none')],
		['batch.status', statusBadge(b)],
	].filter(([, v]) => v).map(([k, v]) => [h('dt', null, t(k)), h('dd', null, v)]));
	mount($('#batch-timeline'), timeline(b.events || [], t, formatDate));
	const qr = $('#batch-qr');
	qr.src = api.qrUrl(gtin, b.lot);
	qr.alt = t('qr.alt', { lot: b.lot });
	$('#batch-consumer').href = api.consumerUrl(gtin, b.lot);
	$('#batch-epcis').href = api.epcisUrl(b.id);
	$('#batch-epcis').setAttribute('download', `epcis-${b.lot}.jsonld`);
	mount($('#trace-result'));
	$('#label-status').textContent = '';
	$('#label-progress').hidden = true;
}

async function showTrace(direction) {
	const b = state.batch;
	const box = $('#trace-result');
	mount(box, h('p', { class: 'muted' }, t('common.loading')));
	try {
		const answer = await api.trace(b.gtin, b.lot, direction);
		mount(box, h('h3', null, t(`trace.${direction}`)), traceTree(answer));
	} catch (e) {
		mount(box, h('p', { class: 'error' }, e.message));
	}
}

/** Renders a trace answer: the related lots with their depth, then the farms and fields behind them. */
function traceTree(answer) {
	const nodes = answer.lots || [];
	const farms = (answer.farms || []).map((f) => h('li', null,
		h('strong', null, f.farmName || ''), f.fieldName ? ` · ${f.fieldName}` : '',
		[f.commune, f.province].filter(Boolean).length ? ` · ${[f.commune, f.province].filter(Boolean).join(', ')}` : '',
		f.harvestDate ? ` · ${formatDate(f.harvestDate)}` : ''));
	const farmList = farms.length ? [h('h4', null, t('trace.farms')), h('ul', { class: 'trace' }, farms)] : null;
	if (!nodes.length) {
		return [h('p', { class: 'muted' }, t('trace.none')), farmList];
	}
	const node = (n) => {
		const children = n.children || n.inputs || n.outputs || [];
		const key = n.key || n.lotKey || (n.gtin && n.lot ? `01/${n.gtin}/10/${n.lot}` : n.id || '');
		const [, gtin, , lot] = String(key).split('/');
		return h('li', null,
			h('span', { class: 'trace-lot' }, lot ? h('a', { href: api.consumerUrl(gtin, lot), target: '_blank', rel: 'noopener' }, `${t('batch.lot')} ${lot}`) : key),
			n.depth !== undefined ? h('span', { class: 'muted' }, ` · ${t('trace.depth', { n: n.depth })}`) : null,
			n.holder || n.organisation ? h('span', { class: 'muted' }, ` · ${n.holder || n.organisation}`) : null,
			n.farm ? h('span', { class: 'muted' }, ` · ${n.farm.name || n.farm}`) : null,
			n.recalled ? h('span', { class: 'badge status-recalled' }, t('status.recalled')) : null,
			children.length ? h('ul', null, children.map(node)) : null);
	};
	return [h('ul', { class: 'trace' }, nodes.map(node)), farmList];
}

function openRecall() {
	const b = state.batch;
	$('#recall-dialog-text').textContent = t('recall.confirmText', { lot: b.lot });
	$('#recall-confirm-label').textContent = t('recall.typeLot', { lot: b.lot });
	$('#recall-form').reset();
	$('#recall-error').hidden = true;
	$('#recall-dialog').showModal();
}

async function onRecall(e) {
	e.preventDefault();
	const form = e.currentTarget;
	const b = state.batch;
	const error = $('#recall-error');
	if (!form.reportValidity()) {
		return;
	}
	if (form.confirmLot.value.trim() !== b.lot) {
		error.textContent = t('recall.lotMismatch');
		error.hidden = false;
		return;
	}
	$('#recall-submit').disabled = true;
	try {
		await api.batchAction(b.id, 'recall', { reason: form.reason.value.trim() });
		$('#recall-dialog').close();
		announce(t('recall.done', { lot: b.lot }));
		renderBatch(b.id);
	} catch (err) {
		error.textContent = err.message;
		error.hidden = false;
	} finally {
		$('#recall-submit').disabled = false;
	}
}

/**
 * Makes a label sheet. Small sheets come back at once (the download shows bytes as they arrive);
 * large ones run as a job whose progress (labels done of total) is polled before the PDF is fetched.
 */
async function onLabels(e) {
	e.preventDefault();
	const form = e.currentTarget;
	if (!form.reportValidity()) {
		return;
	}
	const b = state.batch;
	const progress = $('#label-progress');
	const status = $('#label-status');
	const button = form.querySelector('button[type=submit]');
	button.disabled = true;
	progress.hidden = false;
	progress.removeAttribute('value');
	status.textContent = t('labels.working');
	try {
		let response = await api.labels({ batchIds: [b.id], layout: form.size.value, copies: Number(form.count.value) });
		if (response.status === 202) {
			let job = await response.json();
			while (job.state === 'running') {
				progress.max = job.total || 100;
				progress.value = job.done || 0;
				status.textContent = t('labels.progressText', { done: job.done, total: job.total });
				await new Promise((r) => setTimeout(r, 1000));
				job = await api.labelJob(job.id);
			}
			if (job.state !== 'done') {
				throw new Error(t('labels.failed'));
			}
			response = await api.labelPdf(job.id);
		}
		const total = Number(response.headers.get('Content-Length')) || 0;
		const reader = response.body.getReader();
		const chunks = [];
		let received = 0;
		for (;;) {
			const { done, value } = await reader.read();
			if (done) {
				break;
			}
			chunks.push(value);
			received += value.length;
			if (total) {
				progress.max = 100;
				progress.value = Math.round((received / total) * 100);
			}
			status.textContent = t('labels.received', { kb: formatNumber(received / 1024, 0) });
		}
		progress.max = 100;
		progress.value = 100;
		download(new Blob(chunks, { type: 'application/pdf' }), `labels-${b.lot}.pdf`);
		status.textContent = t('labels.done');
	} catch (err) {
		status.textContent = err.message;
		progress.hidden = true;
	} finally {
		button.disabled = false;
	}
}

// ---- quality -------------------------------------------------------------------------------

async function loadQuality() {
	let list = [];
	try {
		list = await api.batches({ size: 200 });
	} catch (e) {
		announce(e.message, 'error');
	}
	const graded = list.filter((b) => batchGrade(b));
	$('#quality-note').textContent = t('quality.note', { n: graded.length, total: list.length });
	renderQuality(graded, {
		t, grade: batchGrade,
		product: (b) => productName(b.product || state.products.find((p) => p.id === b.productId), currentLang()) || '?',
		farm: (b) => (b.farm && b.farm.name) || (state.farms.find((f) => f.id === b.farmId) || {}).name || '?',
	});
}

// ---- models --------------------------------------------------------------------------------

/** The held-out metrics of a model version (specimen-grouped split, what promotion compares). */
function heldOut(m) {
	const metrics = m.metrics || {};
	return metrics.heldOutSpecimens || metrics;
}

async function renderModels() {
	let list = [];
	try {
		list = await api.models();
	} catch (e) {
		announce(e.message, 'error');
	}
	mount($('#models-table tbody'), list.map((m) => {
		const version = m.version;
		const held = heldOut(m);
		const recall = held.recall || {};
		return h('tr', { dataset: { version } },
			h('th', { scope: 'row' }, version, m.product ? h('span', { class: 'muted' }, ` · ${m.product}`) : null),
			h('td', null, formatDate(m.createdAt, true)),
			h('td', null, held.accuracy !== undefined ? `${formatNumber(held.accuracy * 100, 1)} %` : '–'),
			h('td', null, Object.entries(recall).map(([k, v]) => `${t('label.' + k)} ${formatNumber(v * 100, 0)} %`).join(' · ') || '–',
				held.freshRottenConfusion !== undefined ? h('div', { class: 'muted' }, t('models.confusion', { pct: formatNumber(held.freshRottenConfusion * 100, 1) })) : null),
			h('td', null, m.active ? h('strong', null, t('models.active')) : t(m.loaded === false ? 'models.status.notLoaded' : 'models.status.ready')),
			h('td', null, m.active ? null : h('button', { type: 'button', onclick: () => onPromote(version, !!m.promotedAt) },
				t(m.promotedAt ? 'models.rollback' : 'models.promote'))));
	}));
}

async function onPromote(version, before) {
	// eslint-disable-next-line no-alert
	if (!window.confirm(t('models.promoteConfirm', { version }))) {
		return;
	}
	try {
		await (before ? api.rollback(version) : api.promote(version));
		announce(t('models.promoted', { version }));
	} catch (e) {
		announce(e.message, 'error');
	}
	renderModels();
}

async function onRetrain() {
	const progress = $('#retrain-progress');
	const status = $('#retrain-status');
	$('#retrain').disabled = true;
	try {
		let job = await api.retrain();
		progress.hidden = false;
		const show = (j) => {
			progress.value = Math.round((j.progress || 0) * 100);
			status.textContent = t('models.trainingStep', { pct: formatNumber((j.progress || 0) * 100, 0), message: j.message || '' });
		};
		show(job);
		clearInterval(state.retrainTimer);
		state.retrainTimer = setInterval(async () => {
			try {
				job = await api.retrainJob(job.id);
			} catch (e) {
				status.textContent = e.message;
				return;
			}
			show(job);
			if (job.state !== 'running') {
				clearInterval(state.retrainTimer);
				status.textContent = t('models.trained', { status: job.message || job.state, version: job.version || '' });
				$('#retrain').disabled = false;
				renderModels();
			}
		}, 3000);
	} catch (e) {
		status.textContent = e.message;
		$('#retrain').disabled = false;
	}
}

// ---- receiving -----------------------------------------------------------------------------

async function onScanStart() {
	const support = $('#scan-support');
	support.hidden = true;
	try {
		state.scanner = await startScanner($('#scan-video'), (text) => {
			$('#receive-code').value = text;
			stopScan();
			lookUpCode(text);
		});
		$('#scan-video').hidden = false;
		$('#scan-start').hidden = true;
		$('#scan-stop').hidden = false;
	} catch (e) {
		support.textContent = t(e.code === 'unsupported' ? 'receive.unsupported' : 'receive.noCamera');
		support.hidden = false;
	}
}

function stopScan() {
	if (state.scanner) {
		state.scanner.stop();
		state.scanner = null;
	}
	$('#scan-video').hidden = true;
	$('#scan-start').hidden = false;
	$('#scan-stop').hidden = true;
}

async function lookUpCode(text) {
	const found = $('#receive-found');
	const lotRef = parseDigitalLink(text);
	if (!lotRef) {
		found.textContent = t('receive.badCode');
		return null;
	}
	const list = await api.batches({ q: lotRef.lot }).catch(() => []);
	const b = list.find((x) => x.lot === lotRef.lot && (!x.gtin || x.gtin === lotRef.gtin));
	found.textContent = b ? t('receive.found', { lot: b.lot }) : t('receive.notFound', { lot: lotRef.lot });
	return b || null;
}

async function onReceive(e) {
	e.preventDefault();
	const form = e.currentTarget;
	if (!form.reportValidity()) {
		return;
	}
	const b = await lookUpCode(form.code.value.trim());
	if (!b) {
		return;
	}
	try {
		await api.batchAction(b.id, 'receive', {});
		announce(t('receive.done', { lot: b.lot }));
		$('#receive-found').textContent = t('receive.done', { lot: b.lot });
		form.reset();
	} catch (err) {
		$('#receive-found').textContent = err.message;
	}
}

// ---- exports -------------------------------------------------------------------------------

function renderExportLinks() {
	const form = $('#fsma-form');
	const params = { from: form.from.value, to: form.to.value, lot: form.lot.value.trim() };
	$('#fsma-csv').href = api.fsmaUrl({ ...params, format: 'csv' });
	$('#fsma-xlsx').href = api.fsmaUrl({ ...params, format: 'xlsx' });
}

start().catch((e) => {
	console.error(e);
	announce(String(e.message || e), 'error');
});
