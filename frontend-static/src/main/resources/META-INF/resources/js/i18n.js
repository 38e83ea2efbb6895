// Tiny message-bundle loader: /i18n/{lang}.json, Vietnamese first, English second.
// Elements carry data-i18n="key" (text) and data-i18n-attr="attr:key;attr:key" (attributes).

const SUPPORTED = ['vi', 'en'];
const STORAGE_KEY = 'nguon.lang';
let lang = 'vi';
let messages = {};
let fallback = {};

/** @returns {string} the language in use ('vi' or 'en') */
export function currentLang() {
	return lang;
}

function preferredLang() {
	const stored = localStorage.getItem(STORAGE_KEY);
	if (SUPPORTED.includes(stored)) {
		return stored;
	}
	return 'vi';
}

async function fetchBundle(l) {
	const response = await fetch(`/i18n/${l}.json`, { credentials: 'same-origin' });
	if (!response.ok) {
		throw new Error(`message bundle ${l}: ${response.status}`);
	}
	return response.json();
}

/**
 * Looks a message up and fills {name} placeholders.
 * @param {string} key message key
 * @param {Object<string, *>} [params] placeholder values
 */
export function t(key, params) {
	let text = messages[key] ?? fallback[key] ?? key;
	if (params) {
		text = text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
	}
	return text;
}

/** @returns {boolean} whether a key exists in the bundles */
export function has(key) {
	return key in messages || key in fallback;
}

/** Applies the bundle to every marked element under root. */
export function apply(root = document) {
	root.querySelectorAll('[data-i18n]').forEach((el) => {
		el.textContent = t(el.dataset.i18n);
	});
	root.querySelectorAll('[data-i18n-attr]').forEach((el) => {
		for (const pair of el.dataset.i18nAttr.split(';')) {
			const [attr, key] = pair.split(':').map((s) => s.trim());
			if (attr && key) {
				el.setAttribute(attr, t(key));
			}
		}
	});
}

/** Switches the language, re-renders marked elements and tells listeners ('langchange'). */
export async function setLang(l) {
	if (!SUPPORTED.includes(l)) {
		l = 'vi';
	}
	messages = await fetchBundle(l);
	if (l !== 'vi' && Object.keys(fallback).length === 0) {
		fallback = await fetchBundle('vi').catch(() => ({}));
	}
	lang = l;
	localStorage.setItem(STORAGE_KEY, l);
	document.documentElement.lang = l;
	apply();
	document.dispatchEvent(new CustomEvent('langchange', { detail: l }));
}

/** Loads the preferred language (stored choice, else Vietnamese). */
export function init() {
	return setLang(preferredLang());
}

/** Formats a date (ISO string or Date) for the current language. */
export function formatDate(value, withTime = false) {
	if (!value) {
		return '';
	}
	const d = value instanceof Date ? value : new Date(value);
	if (Number.isNaN(d.getTime())) {
		return String(value);
	}
	const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
	return withTime
		? d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })
		: d.toLocaleDateString(locale, { dateStyle: 'medium' });
}

/** Formats a number for the current language. */
export function formatNumber(value, digits = 2) {
	if (value === null || value === undefined || value === '') {
		return '';
	}
	return Number(value).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits });
}
