// Pieces both screens share: grade badges, product names, event timelines, the sign-in form.

import { h } from './dom.js';

/** Grade classes in order, best first (contract 3). */
export const GRADES = ['EXTRA', 'CLASS_I', 'CLASS_II', 'REJECT'];

/** Normalises a grade value: 'Class I', 'class_i', {class: 'CLASS_I'} -> 'CLASS_I'. */
export function gradeCode(grade) {
	if (!grade) {
		return null;
	}
	const raw = typeof grade === 'object' ? grade.class || grade.grade || grade.code : grade;
	if (!raw) {
		return null;
	}
	return String(raw).trim().toUpperCase().replace(/[\s-]+/g, '_');
}

/** A coloured badge with the grade's name (text, not colour alone, carries the meaning). */
export function gradeBadge(grade, t, large = false) {
	const code = gradeCode(grade);
	if (!code) {
		return null;
	}
	return h('span', { class: `badge grade grade-${code.toLowerCase()}${large ? ' large' : ''}`, dataset: { grade: code } },
		t(`grade.${code}`));
}

/** The product's name in the language asked for. */
export function productName(p, lang) {
	if (!p) {
		return '';
	}
	if (lang === 'en' && (p.nameEn || p.name_en)) {
		return p.nameEn || p.name_en;
	}
	return p.nameVi || p.name_vi || p.name || p.nameEn || p.gtin || '';
}

/** What an EPCIS event means for a person: harvested, packed, graded, shipped, received, recalled. */
export function eventKind(e) {
	// CBV values come as bare words, URNs or https://ref.gs1.org/cbv/BizStep-xxx URIs
	const bare = (v) => String(v || '').replace(/^.*[:/]/, '').replace(/^(BizStep|Disp)-/, '');
	const step = bare(e.bizStep || e.kind);
	const disposition = bare(e.disposition);
	if (disposition === 'recalled' || e.kind === 'recall') {
		return 'recalled';
	}
	const map = {
		commissioning: 'harvested', harvest: 'harvested', harvested: 'harvested',
		packing: 'packed', pack: 'packed', packed: 'packed',
		inspecting: 'graded', grade: 'graded', graded: 'graded',
		shipping: 'shipped', departing: 'shipped', ship: 'shipped', shipped: 'shipped',
		receiving: 'received', arriving: 'received', receive: 'received', received: 'received',
		transforming: 'transformed', transform: 'transformed', transformed: 'transformed',
		holding: 'recalled', recall: 'recalled',
	};
	return map[step] || 'other';
}

/** An ordered list of events, oldest first. */
export function timeline(events, t, formatDate) {
	const list = [...(events || [])].map((e) => e.doc || e.event || e)
		.sort((a, b) => String(a.eventTime || a.time || '').localeCompare(String(b.eventTime || b.time || '')));
	if (list.length === 0) {
		return [h('li', { class: 'muted' }, t('timeline.empty'))];
	}
	return list.map((e) => {
		const kind = eventKind(e);
		const grade = e['nguon:grade'] || e.grade;
		return h('li', { class: `event event-${kind}`, dataset: { kind } },
			h('span', { class: 'event-kind' }, t(`timeline.${kind}`)),
			h('time', { datetime: e.eventTime || e.time || '' }, formatDate(e.eventTime || e.time, true)),
			grade ? gradeBadge(grade, t) : null);
	});
}

/**
 * The submit handler of a sign-in form (#signin-form with email and password, #signin-error): checks the
 * fields, signs in, clears the password and runs `after`; a failure shows `failure(err)` in #signin-error.
 * @param {{signIn: Function, after: Function, failure: Function}} how signIn(email, password) and the rest
 */
export function signInHandler({ signIn, after, failure }) {
	return async (e) => {
		e.preventDefault();
		const form = e.currentTarget;
		const error = document.getElementById('signin-error');
		error.hidden = true;
		if (!form.reportValidity()) {
			return;
		}
		try {
			await signIn(form.email.value.trim(), form.password.value);
			form.password.value = '';
			await after();
		} catch (err) {
			error.textContent = failure(err);
			error.hidden = false;
		}
	};
}

/**
 * The GS1 mod-10 check digit of the digits before it (GTIN, GLN, SSCC: GS1 General Specifications 7.9.1).
 * @param {string} digits the digits without the check digit
 */
export function gs1CheckDigit(digits) {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		const d = digits.charCodeAt(digits.length - 1 - i) - 48;
		sum += i % 2 === 0 ? d * 3 : d;
	}
	return (10 - (sum % 10)) % 10;
}

/**
 * Runs an action the user asked for, says how it went (the success text, or the error), then
 * refreshes what it changed.
 */
export async function actThenRefresh(action, success, refresh, announce) {
	try {
		await action();
		announce(success);
	} catch (e) {
		announce(e.message, 'error');
	}
	await refresh();
}
