// The "Organisations" view of the dashboard: the partners an admin shares the organisation's
// records with (by their GLN) and, for the platform operator, every organisation on the
// platform: add one with its first admin, disable or enable it.

import * as api from './api.js';
import { formatDate, t } from './i18n.js';
import { $, announce, h, mount } from './dom.js';
import { actThenRefresh, gs1CheckDigit } from './shared.js';

/** @returns {string|null} why the text is not a GLN (13 digits, GS1 check digit), or null when it is */
export function glnProblem(text) {
	const digits = (text || '').trim();
	if (!/^[0-9]{13}$/.test(digits)) {
		return t('org.glnDigits');
	}
	const check = gs1CheckDigit(digits.slice(0, 12));
	return check === digits.charCodeAt(12) - 48 ? null : t('org.glnCheck', { digit: check });
}

/** Shows the GLN's problem under the field as it is typed. */
export function watchGln(input, hint) {
	const update = () => {
		const problem = input.value.trim() ? glnProblem(input.value) : null;
		hint.textContent = problem || '';
		input.setAttribute('aria-invalid', problem ? 'true' : 'false');
	};
	input.addEventListener('input', update);
	return update;
}

export async function renderOrganisations(me) {
	$('#org-operator').hidden = !me.operator;
	$('#org-own').textContent = t('org.own', {
		name: me.organisationName || '',
		glns: (me.organisationGlns || []).join(', ') || t('org.noGln'),
	});
	await renderPartners();
	if (me.operator) {
		await renderPlatform();
	}
}

async function renderPartners() {
	const list = $('#partner-list');
	const shared = $('#partner-shared');
	try {
		const answer = await api.partners();
		mount(list, answer.granted.length === 0 ? h('li', { class: 'muted' }, t('org.noPartners'))
			: answer.granted.map((g) => h('li', {},
				h('span', {}, `${g.name}${g.gln ? ` · GLN ${g.gln}` : ''} · ${formatDate(g.createdAt)}`), ' ',
				h('button', { type: 'button', class: 'danger', onclick: () => revoke(g) }, t('org.revoke')))));
		mount(shared, answer.grantedToUs.length === 0 ? h('li', { class: 'muted' }, t('org.noneShared'))
			: answer.grantedToUs.map((g) => h('li', {}, g.grantorName)));
	} catch (e) {
		mount(list, h('li', { class: 'error' }, e.message));
	}
}

function revoke(grant) {
	return actThenRefresh(() => api.revokePartner(grant.organisationId), t('org.revoked', { name: grant.name }),
		renderPartners, announce);
}

export async function grantFromForm(event) {
	event.preventDefault();
	const form = event.target;
	const problem = glnProblem(form.gln.value);
	const error = $('#partner-error');
	error.hidden = !problem;
	error.textContent = problem || '';
	if (problem) {
		form.gln.focus();
		return;
	}
	try {
		const g = await api.grantPartner(form.gln.value.trim());
		announce(t('org.granted', { name: g.name }));
		form.reset();
		await renderPartners();
	} catch (e) {
		error.hidden = false;
		error.textContent = e.message;
	}
}

async function renderPlatform() {
	const body = $('#org-table tbody');
	try {
		const all = await api.organisations();
		mount(body, all.map((o) => h('tr', {},
			h('td', {}, o.name),
			h('td', {}, (o.glns || []).join(', ') || '—'),
			h('td', {}, formatDate(o.createdAt)),
			h('td', {}, o.disabled ? t('org.disabled') : t('org.active')),
			h('td', {}, h('button', {
				type: 'button',
				class: o.disabled ? '' : 'danger',
				'aria-label': `${o.disabled ? t('org.enable') : t('org.disable')}: ${o.name}`,
				onclick: () => toggle(o),
			}, o.disabled ? t('org.enable') : t('org.disable'))))));
	} catch (e) {
		mount(body, h('tr', {}, h('td', { colspan: 5, class: 'error' }, e.message)));
	}
}

function toggle(org) {
	return actThenRefresh(() => api.setOrganisationDisabled(org.id, !org.disabled),
		t(org.disabled ? 'org.enabledNow' : 'org.disabledNow', { name: org.name }), renderPlatform, announce);
}

export async function createFromForm(event) {
	event.preventDefault();
	const form = event.target;
	const error = $('#org-error');
	const problem = glnProblem(form.gln.value);
	error.hidden = !problem;
	error.textContent = problem || '';
	if (problem) {
		form.gln.focus();
		return;
	}
	try {
		const o = await api.createOrganisation({
			name: form.name.value.trim(),
			gln: form.gln.value.trim(),
			adminEmail: form.adminEmail.value.trim(),
			adminPassword: form.adminPassword.value,
		});
		announce(t('org.created', { name: o.name }));
		form.reset();
		await renderPlatform();
	} catch (e) {
		error.hidden = false;
		error.textContent = e.message;
	}
}
