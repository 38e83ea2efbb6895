// The "Quản trị" view of the dashboard, for admins: members (invite a farmer with the farms they
// work, change a role, disable, set a new password), farms (name, commune, province, a point
// taken from the phone's location, tapped on the map of Vietnam or typed), products (GTIN checked as it is typed) and access tokens
// for other software (created with chosen scopes and expiry, the secret shown once; revoked).

import { refreshFarmMarker, renderFarmMap } from './farm-map.js';
import * as api from './api.js';
import { formatDate, t } from './i18n.js';
import { $, announce, h, mount } from './dom.js';
import { actThenRefresh, gs1CheckDigit } from './shared.js';

const ROLES = ['farmer', 'reviewer', 'admin'];

/** @returns {string|null} why the text is not a GTIN-8/12/13/14 with a right check digit, or null */
export function gtinProblem(text) {
	const digits = (text || '').trim();
	if (!/^([0-9]{8}|[0-9]{12,14})$/.test(digits)) {
		return t('admin.gtinDigits');
	}
	const check = gs1CheckDigit(digits.slice(0, -1));
	return check === digits.charCodeAt(digits.length - 1) - 48 ? null : t('admin.gtinCheck', { digit: check });
}

export async function renderAdmin(state) {
	const [members, farms, products, tokens] = await Promise.all([
		api.members().catch((e) => ({ error: e })),
		api.farms().catch(() => []),
		api.products().catch(() => []),
		api.tokens().catch(() => []),
	]);
	renderTokens(tokens);
	state.farms = farms;
	state.products = products;
	renderFarmChoices(farms);
	renderMembers(members, farms);
	mount($('#farm-list'), farms.map((f) => h('li', {},
		h('span', {}, [f.name, f.commune, f.province].filter(Boolean).join(' · ')),
		farmPoint(f.location) ? h('span', { class: 'muted' }, farmPoint(f.location).slice().reverse().map((c) => c.toFixed(5)).join(', ')
			+ (f.location.type === 'Polygon' ? ` (${t('admin.plotCentre')})` : '')) : null)));
	mount($('#product-list'), products.map((p) => h('li', {},
		h('span', {}, `${p.nameVi || p.nameEn} · GTIN ${p.gtin}`))));
	await renderFarmMap(farms.map((f) => farmPoint(f.location)).filter(Boolean).map(([lon, lat]) => ({ lon, lat })));
}

/**
 * @returns [lon, lat] of a farm's GeoJSON location: the point, or the mean of a plot's corners (its
 * outer ring, the closing corner once), or null
 */
export function farmPoint(location) {
	if (location && location.type === 'Point') {
		return location.coordinates;
	}
	const ring = location && location.type === 'Polygon' ? location.coordinates[0] : null;
	if (!ring || ring.length < 2) {
		return null;
	}
	const corners = ring.slice(0, -1);
	const mean = (i) => corners.reduce((sum, c) => sum + c[i], 0) / corners.length;
	return [mean(0), mean(1)];
}

function renderFarmChoices(farms) {
	mount($('#member-farms'), farms.map((f) => h('label', { class: 'check' },
		h('input', { type: 'checkbox', name: 'farmIds', value: f.id }), ` ${f.name}`)));
}

function renderMembers(members, farms) {
	const body = $('#member-table tbody');
	if (members.error) {
		mount(body, h('tr', {}, h('td', { colspan: 5, class: 'error' }, members.error.message)));
		return;
	}
	const farmName = (id) => (farms.find((f) => f.id === id) || {}).name || id;
	mount(body, members.map((m) => h('tr', { dataset: { member: m.userId } },
		h('td', {}, m.displayName, h('br'), h('span', { class: 'muted' }, m.email)),
		h('td', {}, h('select', {
			'aria-label': t('admin.roleOf', { name: m.displayName }),
			onchange: (e) => change(m, { role: e.target.value }),
		}, ROLES.map((r) => h('option', { value: r, selected: r === m.role }, t(`admin.role.${r}`))))),
		h('td', {}, m.role === 'farmer' ? (m.farmIds || []).map(farmName).join(', ') || t('admin.noFarm') : '—'),
		h('td', {}, m.disabled ? t('admin.disabled') : t('admin.active')),
		h('td', {}, h('div', { class: 'row-actions' },
			h('button', { type: 'button', class: m.disabled ? '' : 'danger', onclick: () => change(m, { disabled: !m.disabled }) },
				m.disabled ? t('admin.enable') : t('admin.disable')),
			h('button', { type: 'button', onclick: () => resetPassword(m) }, t('admin.resetPassword')))))));
}

function change(member, patch) {
	return actThenRefresh(() => api.changeMember(member.userId, patch), t('admin.saved', { name: member.displayName }),
		async () => renderMembers(await api.members().catch((e) => ({ error: e })), await api.farms().catch(() => [])),
		announce);
}

function resetPassword(member) {
	const dialog = $('#password-dialog');
	$('#password-dialog-text').textContent = t('admin.resetFor', { name: member.displayName, email: member.email });
	$('#password-error').hidden = true;
	dialog.dataset.member = member.userId;
	dialog.dataset.name = member.displayName;
	dialog.showModal();
}

export async function onPasswordSubmit(event) {
	event.preventDefault();
	const dialog = $('#password-dialog');
	const form = event.target;
	try {
		await api.changeMember(dialog.dataset.member, { password: form.password.value });
		dialog.close();
		form.reset();
		announce(t('admin.passwordSet', { name: dialog.dataset.name }));
	} catch (e) {
		$('#password-error').hidden = false;
		$('#password-error').textContent = e.message;
	}
}

export async function onMemberSubmit(event, state) {
	event.preventDefault();
	const form = event.target;
	const error = $('#member-error');
	error.hidden = true;
	const farmIds = [...form.querySelectorAll('input[name=farmIds]:checked')].map((i) => i.value);
	try {
		const m = await api.createMember({
			email: form.email.value.trim(),
			displayName: form.displayName.value.trim(),
			password: form.password.value,
			role: form.role.value,
			farmIds,
		});
		announce(t('admin.memberCreated', { name: m.displayName }));
		form.reset();
		await renderAdmin(state);
	} catch (e) {
		error.hidden = false;
		error.textContent = e.message;
	}
}

export async function onFarmSubmit(event, state) {
	event.preventDefault();
	const form = event.target;
	const error = $('#farm-error');
	error.hidden = true;
	const lat = form.lat.value.trim();
	const lon = form.lon.value.trim();
	const body = { name: form.name.value.trim(), commune: form.commune.value.trim(), province: form.province.value };
	if (lat && lon) {
		body.location = { type: 'Point', coordinates: [Number(lon), Number(lat)] };
	}
	try {
		const f = await api.createFarm(body);
		announce(t('admin.farmCreated', { name: f.name }));
		form.reset();
		await renderAdmin(state);
	} catch (e) {
		error.hidden = false;
		error.textContent = e.message;
	}
}

export function onLocate() {
	if (!navigator.geolocation) {
		announce(t('admin.noGeolocation'), 'error');
		return;
	}
	navigator.geolocation.getCurrentPosition((p) => {
		$('#farm-lat').value = p.coords.latitude.toFixed(6);
		$('#farm-lon').value = p.coords.longitude.toFixed(6);
		refreshFarmMarker();
	}, () => announce(t('admin.noGeolocation'), 'error'), { timeout: 15000 });
}

export async function onProductSubmit(event, state) {
	event.preventDefault();
	const form = event.target;
	const error = $('#product-error');
	const problem = gtinProblem(form.gtin.value);
	error.hidden = !problem;
	error.textContent = problem || '';
	if (problem) {
		form.gtin.focus();
		return;
	}
	try {
		const p = await api.createProduct({
			gtin: form.gtin.value.trim(), nameVi: form.nameVi.value.trim(), nameEn: form.nameEn.value.trim() || undefined,
			variety: form.variety.value.trim() || undefined,
		});
		announce(t('admin.productCreated', { name: p.nameVi || p.gtin }));
		form.reset();
		await renderAdmin(state);
	} catch (e) {
		error.hidden = false;
		error.textContent = e.message;
	}
}

/** Shows the GTIN's problem under the field as it is typed. */
export function watchGtin(input, hint) {
	input.addEventListener('input', () => {
		const problem = input.value.trim() ? gtinProblem(input.value) : null;
		hint.textContent = problem || '';
		input.setAttribute('aria-invalid', problem ? 'true' : 'false');
	});
}

function renderTokens(tokens) {
	const list = $('#token-list');
	if (!tokens.length) {
		mount(list, h('li', { class: 'muted' }, t('admin.noTokens')));
		return;
	}
	mount(list, tokens.map((k) => h('li', { dataset: { token: k.id } },
		h('span', {}, `${k.name} · ${(k.scopes || []).slice().sort().map((s) => t(`admin.scope.${s}`)).join(', ')}`),
		h('span', { class: 'muted' }, k.active
			? [t('admin.tokenExpires', { date: formatDate(k.expiresAt) }),
				k.lastUsedAt ? t('admin.tokenLastUsed', { date: formatDate(k.lastUsedAt, true) }) : t('admin.tokenNeverUsed')].join(' · ')
			: t('admin.tokenInactive')),
		k.active ? h('button', {
			type: 'button', class: 'danger', 'aria-label': t('admin.revokeTokenOf', { name: k.name }),
			onclick: () => actThenRefresh(() => api.revokeToken(k.id), t('admin.tokenRevoked', { name: k.name }),
				async () => renderTokens(await api.tokens().catch(() => [])), announce),
		}, t('admin.revoke')) : null)));
}

export async function onTokenSubmit(event) {
	event.preventDefault();
	const form = event.target;
	const error = $('#token-error');
	const secret = $('#token-secret');
	error.hidden = true;
	secret.hidden = true;
	const scopes = [...form.querySelectorAll('input[name=scopes]:checked')].map((i) => i.value);
	if (!scopes.length) {
		error.hidden = false;
		error.textContent = t('admin.tokenNoScope');
		return;
	}
	try {
		const created = await api.createToken({
			name: form.name.value.trim(), scopes, expiresInDays: Number(form.days.value),
		});
		$('#token-secret-value').textContent = created.secret;
		secret.hidden = false;
		announce(t('admin.tokenCreated', { name: created.name }));
		form.name.value = '';
		renderTokens(await api.tokens().catch(() => []));
	} catch (e) {
		error.hidden = false;
		error.textContent = e.message;
	}
}
