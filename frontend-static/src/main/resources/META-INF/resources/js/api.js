// Every call to the service in one place, so request and response shapes are easy to fix.
// Cookie session + CSRF (cookie XSRF-TOKEN -> header X-XSRF-TOKEN); problem+json errors.

/** An HTTP answer that is not 2xx; `problem` holds the RFC 9457 body when there is one. */
export class ApiError extends Error {
	constructor(status, problem) {
		super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
		this.name = 'ApiError';
		this.status = status;
		this.problem = problem || {};
	}
}

/** The service could not be reached (offline, DNS, connection reset). */
export class NetworkError extends Error {
	constructor(cause) {
		super('network unreachable');
		this.name = 'NetworkError';
		this.cause = cause;
	}
}

/** A random UUID (crypto.randomUUID needs a secure context; fall back to getRandomValues). */
export function uuid() {
	if (crypto.randomUUID) {
		return crypto.randomUUID();
	}
	const b = crypto.getRandomValues(new Uint8Array(16));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function cookie(name) {
	const match = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
	return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

let unauthorizedHandler = null;

/** Called with the ApiError whenever the service answers 401 (to show the sign-in screen). */
export function onUnauthorized(handler) {
	unauthorizedHandler = handler;
}

/**
 * Sends one request.
 * @param {string} method HTTP method
 * @param {string} url path under this origin
 * @param {{json?: *, form?: FormData, file?: Blob, headers?: Object, idempotencyKey?: string, raw?: boolean, signal?: AbortSignal}} [opts]
 */
export async function request(method, url, opts = {}) {
	const headers = { Accept: 'application/json, application/problem+json', ...(opts.headers || {}) };
	let body;
	if (opts.json !== undefined) {
		headers['Content-Type'] = 'application/json';
		body = JSON.stringify(opts.json);
	} else if (opts.form) {
		body = opts.form;
	} else if (opts.file) {
		headers['Content-Type'] = opts.file.type;
		body = opts.file;
	}
	if (method !== 'GET' && method !== 'HEAD') {
		const token = cookie('XSRF-TOKEN');
		if (token) {
			headers['X-XSRF-TOKEN'] = token;
		}
	}
	if (opts.idempotencyKey) {
		headers['Idempotency-Key'] = opts.idempotencyKey;
	}
	let response;
	try {
		response = await fetch(url, { method, headers, body, credentials: 'same-origin', signal: opts.signal });
	} catch (e) {
		if (e.name === 'AbortError') {
			throw e;
		}
		throw new NetworkError(e);
	}
	if (!response.ok) {
		let problem = null;
		try {
			problem = await response.json();
		} catch {
			// not JSON
		}
		const error = new ApiError(response.status, problem);
		if (response.status === 401 && unauthorizedHandler) {
			unauthorizedHandler(error);
		}
		throw error;
	}
	if (opts.raw) {
		return response;
	}
	if (response.status === 204) {
		return null;
	}
	const type = response.headers.get('Content-Type') || '';
	return type.includes('json') ? response.json() : response.text();
}

const get = (url, opts) => request('GET', url, opts);
const post = (url, json, opts = {}) => request('POST', url, { ...opts, json });

function query(params) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params || {})) {
		if (v !== undefined && v !== null && v !== '') {
			q.set(k, v);
		}
	}
	const s = q.toString();
	return s ? `?${s}` : '';
}

/** Lists come back either as an array or wrapped ({items: [...]}, {content: [...]}). */
export function items(answer) {
	if (Array.isArray(answer)) {
		return answer;
	}
	if (answer && typeof answer === 'object') {
		for (const k of ['items', 'content', 'data', 'batches', 'farms', 'products', 'reviews', 'models', 'results']) {
			if (Array.isArray(answer[k])) {
				return answer[k];
			}
		}
	}
	return [];
}

const enc = encodeURIComponent;

// ---- session -------------------------------------------------------------------------------

/** @returns {Promise<Object|null>} the signed-in member, or null */
export async function session() {
	try {
		return await get('/api/session');
	} catch (e) {
		if (e instanceof ApiError && (e.status === 401 || e.status === 403 || e.status === 404)) {
			return null;
		}
		throw e;
	}
}

export const signIn = (email, password) => post('/api/session', { email, password });
export const signOut = () => request('DELETE', '/api/session');

// ---- organisations and partners ----------------------------------------------------------

export const organisations = async () => items(await get('/api/organisations'));
export const createOrganisation = (body) => post('/api/organisations', body);
export const setOrganisationDisabled = (id, disabled) =>
	request('PATCH', `/api/organisations/${enc(id)}`, { json: { disabled } });
export const addOrganisationGln = (id, gln) => post(`/api/organisations/${enc(id)}/glns`, { gln });
export const partners = () => get('/api/partners');
export const grantPartner = (gln) => post('/api/partners', { gln });
export const revokePartner = (id) => request('DELETE', `/api/partners/${enc(id)}`);

// ---- members, farms, products (admin screens) ---------------------------------------------

export const members = async () => items(await get('/api/members'));
export const createMember = (body) => post('/api/members', body);
export const changeMember = (id, change) => request('PATCH', `/api/members/${enc(id)}`, { json: change });
export const createFarm = (body) => post('/api/farms', body, { idempotencyKey: uuid() });
export const createProduct = (body) => post('/api/products', body, { idempotencyKey: uuid() });
export const tokens = async () => items(await get('/api/tokens'));
export const createToken = (body) => post('/api/tokens', body);
export const revokeToken = (id) => request('DELETE', `/api/tokens/${enc(id)}`);
export const profile = () => get('/api/organisation/profile');
export const saveProfile = (body) => request('PUT', '/api/organisation/profile', { json: body });
export const uploadLogo = (file) => request('PUT', '/api/organisation/profile/logo', { file });
export const deleteLogo = () => request('DELETE', '/api/organisation/profile/logo');

// ---- farms, products, batches ------------------------------------------------------------

export const farms = async () => items(await get('/api/farms'));
export const products = async () => items(await get('/api/products'));

/**
 * One page of batches, newest first (the service pages by 200 at most).
 * @param {{q?, productId?, farmId?, from?, to?, grade?, status?, size?, gtin?, lot?}} filters
 */
export const batches = async (filters = {}) => {
	const { productId, farmId, size, ...rest } = filters;
	return items(await get('/api/batches' + query({ ...rest, product: productId, farm: farmId, size: Math.min(Number(size) || 200, 200) })));
};

/** A batch answer ({batch, product, farm, events}) as one flat object with `events`. */
export function flattenBatch(answer) {
	if (!answer || !answer.batch) {
		return answer;
	}
	return { ...answer.batch, product: answer.product || null, farm: answer.farm || null, events: answer.events || [] };
}

export const batch = async (id) => flattenBatch(await get(`/api/batches/${enc(id)}`));

/**
 * Registers a batch with a client-generated id; the same id is the Idempotency-Key, so a retry
 * answers the same batch.
 */
export const createBatchRequest = (cmd) => ({
	method: 'POST', url: '/api/batches', json: cmd, idempotencyKey: cmd.id,
});

/** An action on a batch: pack, ship, receive, recall, transform. */
export const batchActionRequest = (id, action, body, key) => ({
	method: 'POST', url: `/api/batches/${enc(id)}/${action}`, json: { ...body, id: key }, idempotencyKey: key,
});

export const batchAction = (id, action, body, key = uuid()) => {
	const r = batchActionRequest(id, action, body, key);
	return request(r.method, r.url, r);
};

export const trace = (gtin, lot, direction) => get(`/api/lots/${enc(gtin)}/${enc(lot)}/trace${query({ direction })}`);

export const epcisUrl = (id) => `/api/batches/${enc(id)}/epcis`;
export const fsmaUrl = (params) => `/api/exports/fsma204${query(params)}`;
export const qrUrl = (gtin, lot, format = 'svg') => `/qr/01/${enc(gtin)}/10/${enc(lot)}?format=${format}`;
export const consumerUrl = (gtin, lot) => `/01/${enc(gtin)}/10/${enc(lot)}`;

/**
 * Asks for a label sheet ({batchIds, layout, copies}). Small sheets answer the PDF at once (200);
 * large ones answer 202 with a job ({id, state, done, total}) to follow with labelJob().
 * Answers the raw Response.
 */
export const labels = (body) => request('POST', '/api/labels', {
	json: body, raw: true, headers: { Accept: 'application/pdf, application/json, application/problem+json' },
});
export const labelJob = (id) => get(`/api/labels/${enc(id)}`);
export const labelPdf = (id) => request('GET', `/api/labels/${enc(id)}/pdf`, { raw: true, headers: { Accept: 'application/pdf' } });

// ---- grading -------------------------------------------------------------------------------

/**
 * Upload of one photo (multipart field `photo`). The service keeps one copy per batch and content
 * hash, so resending the same bytes never duplicates; the client id names the outbox item.
 */
export const photoUploadRequest = (batchId, photoId) => ({
	method: 'POST', url: `/api/batches/${enc(batchId)}/photos`, idempotencyKey: photoId,
});

/**
 * The grading state of a batch, flattened: {grade: 'CLASS_I'|null, gradeId, needsReview, sampleSize,
 * defectiveShare, modelVersion, policyVersion, reviewedBy, pending (photos not graded yet), parked
 * (photos that could not be graded), status ('provisional'|'confident'|'reviewed'), certainty, reasons,
 * units: [{photoId, label, confidence, probabilities, effectiveLabel, needsReview, reviewReasons,
 * waitsForReview}], history}.
 */
export function gradeView(answer) {
	if (!answer) {
		return null;
	}
	const g = answer.grade && typeof answer.grade === 'object' ? answer.grade : null;
	const queue = answer.queue || {};
	return {
		grade: g ? g.grade : null,
		gradeId: g ? g.id : null,
		needsReview: g ? g.needsReview : false,
		sampleSize: g ? g.sampleSize : 0,
		defectiveShare: g ? g.defectiveShare : 0,
		modelVersion: g ? g.modelVersion : null,
		policyVersion: g ? g.policyVersion : null,
		reviewedBy: g ? g.reviewedBy : null,
		status: g ? g.status || (g.reviewedBy ? 'reviewed' : g.needsReview ? 'provisional' : 'confident') : null,
		certainty: g && typeof g.certainty === 'number' ? g.certainty : null,
		reasons: g ? g.reasons || [] : [],
		pending: (queue.queued || 0) + (queue.running || 0),
		parked: Object.keys(answer.parked || {}).length,
		units: answer.units || [],
		history: answer.history || [],
	};
}

export const grade = async (batchId) => {
	try {
		return gradeView(await get(`/api/batches/${enc(batchId)}/grade`));
	} catch (e) {
		if (e instanceof ApiError && e.status === 404) {
			return null;
		}
		throw e;
	}
};

/** The review queue: grades waiting for a reviewer ({id, batchId, grade, needsReview, reasons, photos, ...}). */
export const reviewQueue = async () => {
	const answer = await get('/api/grading/reviews');
	return (answer && answer.queue) || items(answer);
};

/**
 * Confirms or overrides a batch grade: {gradeId, action: 'confirm'|'override', grade?, reason}.
 * Reviews are append-only; the service records the new grade as an EPCIS inspecting event.
 */
export const reviewBatch = ({ gradeId, action, grade: newGrade, reason }) => post('/api/grading/reviews', {
	target: 'batch', gradeId, action, grade: action === 'override' ? newGrade : null, reason,
});

/** Confirms or overrides one photo's verdict: {photoId, action, label?, reason}. */
export const reviewUnit = ({ photoId, action, label, reason }) => post('/api/grading/reviews', {
	target: 'unit', photoId, action, label: action === 'override' ? label : null, reason,
});

/** Model versions: {version, product, active, loaded, createdAt, promotedAt, metrics: {heldOutSpecimens: {...}}}. */
export const models = async () => items(await get('/api/grading/models'));
/** Starts training a new version; answers the job {id, state, progress (0..1), message, version}. */
export const retrain = () => post('/api/grading/models/retrain', {});
export const retrainJob = (id) => get(`/api/grading/models/retrain/${enc(id)}`);
export const promote = (version) => post(`/api/grading/models/${enc(version)}/promote`, {});
export const rollback = (version) => post(`/api/grading/models/${enc(version)}/rollback`, {});

/** Live grading events (SSE), when the service offers them. */
export const gradingEventsUrl = '/api/grading/events';

/**
 * Sends a queued request (see queue.js): JSON or multipart, with its Idempotency-Key.
 * @param {{method, url, json?, multipart?, blob?, blobName?, idempotencyKey}} r
 */
export function send(r) {
	if (r.blob) {
		const form = new FormData();
		for (const [k, v] of Object.entries(r.multipart || {})) {
			form.append(k, v);
		}
		form.append('photo', r.blob, r.blobName || 'photo.jpg');
		return request(r.method, r.url, { form, idempotencyKey: r.idempotencyKey });
	}
	return request(r.method, r.url, { json: r.json, idempotencyKey: r.idempotencyKey });
}
