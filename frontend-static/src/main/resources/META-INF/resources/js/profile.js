// The organisation's public profile card in the "Quản trị" view: what shoppers see about the producer
// when they scan a lot (name, office contact, a short text, certifications with their expiry, a logo).
// The server checks every field; its problem answer is shown next to the form and nothing is saved.

import * as api from './api.js';
import { t } from './i18n.js';
import { $, announce, h, mount } from './dom.js';

const FIELDS = ['displayName', 'phone', 'email', 'website', 'address', 'about'];

// Logo uploads and removals so far: a profile read that began before one of them must not put the
// old logo back (saving the form re-reads the profile, and a logo chosen meanwhile would vanish).
let logoChanges = 0;

export async function renderProfile() {
	const seen = logoChanges;
	const p = await api.profile().catch(() => null);
	if (!p) {
		return;
	}
	const form = $('#profile-form');
	for (const f of FIELDS) {
		form.elements[f].value = p[f] || '';
	}
	mount($('#certification-list'), (p.certifications || []).map(certificationRow));
	if (seen === logoChanges) {
		showLogo(p.logo);
	}
}

function showLogo(path) {
	const img = $('#profile-logo');
	img.hidden = !path;
	$('#profile-logo-remove').hidden = !path;
	if (path) {
		img.src = path;
		img.alt = t('admin.logoAlt');
	} else {
		img.removeAttribute('src');
	}
}

let rows = 0;

/** One certification's inputs; a row left without a scheme is dropped when saving. */
export function certificationRow(c = {}) {
	const n = ++rows;
	const input = (name, label, attrs = {}) => [
		h('label', { for: `cert-${name}-${n}` }, t(label)),
		h('input', { id: `cert-${name}-${n}`, name, value: c[name] || '', ...attrs }),
	];
	const li = h('li', { class: 'certification stack' },
		...input('standard', 'admin.certStandard', { maxlength: '100', placeholder: 'VietGAP' }),
		...input('agency', 'admin.certAgency', { maxlength: '200' }),
		...input('number', 'admin.certNumber', { maxlength: '100' }),
		...input('uri', 'admin.certUri', { type: 'url', maxlength: '500', placeholder: 'https://' }),
		...input('validUntil', 'admin.certValidUntil', { type: 'date' }),
		h('button', { type: 'button', class: 'danger', onclick: () => li.remove() }, t('admin.removeCertification')));
	return li;
}

/** @returns the profile as the API takes it, from the form */
export function profileFromForm(form) {
	const body = {};
	for (const f of FIELDS) {
		body[f] = form.elements[f].value.trim() || null;
	}
	body.certifications = [...form.querySelectorAll('li.certification')].map((li) => {
		const v = (name) => li.querySelector(`[name=${name}]`).value.trim() || null;
		return { standard: v('standard'), agency: v('agency'), number: v('number'), uri: v('uri'), validUntil: v('validUntil') };
	}).filter((c) => c.standard || c.agency || c.number || c.uri);
	return body;
}

export async function onProfileSubmit(event) {
	event.preventDefault();
	const error = $('#profile-error');
	error.hidden = true;
	try {
		await api.saveProfile(profileFromForm(event.target));
		announce(t('admin.profileSaved'));
		await renderProfile();
	} catch (e) {
		error.hidden = false;
		error.textContent = e.message;
	}
}

export async function onLogoChange(event) {
	const file = event.target.files[0];
	const error = $('#logo-error');
	error.hidden = true;
	if (!file) {
		return;
	}
	logoChanges++;
	try {
		const stored = await api.uploadLogo(file);
		showLogo(stored.logo);
		announce(t('admin.logoSaved'));
	} catch (e) {
		error.hidden = false;
		error.textContent = e.message;
	} finally {
		event.target.value = '';
	}
}

export async function onLogoRemove() {
	logoChanges++;
	try {
		await api.deleteLogo();
		showLogo(null);
		announce(t('admin.logoRemoved'));
	} catch (e) {
		const error = $('#logo-error');
		error.hidden = false;
		error.textContent = e.message;
	}
}

export function onCertificationAdd() {
	const row = certificationRow();
	$('#certification-list').append(row);
	row.querySelector('input').focus();
}
