// Small DOM helpers: build elements without innerHTML (no injection, CSP-friendly).

/**
 * Creates an element: h('button', {class: 'big', onclick: fn, dataset: {id: 1}}, 'text', child...).
 * Attributes starting with "on" become listeners; `dataset` fills data-*; null/false children are skipped.
 */
export function h(tag, attrs, ...children) {
	const el = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === null || v === undefined || v === false) {
			continue;
		}
		if (k.startsWith('on') && typeof v === 'function') {
			el.addEventListener(k.slice(2), v);
		} else if (k === 'dataset') {
			Object.assign(el.dataset, v);
		} else if (k === 'class') {
			el.className = v;
		} else if (k in el && typeof v !== 'string') {
			el[k] = v;
		} else {
			el.setAttribute(k, v === true ? '' : v);
		}
	}
	append(el, children);
	return el;
}

function append(el, children) {
	for (const c of children.flat(Infinity)) {
		if (c === null || c === undefined || c === false) {
			continue;
		}
		el.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
}

/** Replaces the children of el. */
export function mount(el, ...children) {
	el.replaceChildren();
	append(el, children);
	return el;
}

/** @returns {Element} the first match under root */
export const $ = (sel, root = document) => root.querySelector(sel);

/** Shows a short message in the page's live region (role=status). */
export function announce(text, kind = 'info') {
	const region = document.getElementById('toast');
	if (!region) {
		return;
	}
	region.textContent = text;
	region.dataset.kind = kind;
	region.hidden = false;
	clearTimeout(announce.timer);
	announce.timer = setTimeout(() => {
		region.hidden = true;
	}, 6000);
}

/** Downloads a blob under a file name. */
export function download(blob, name) {
	const url = URL.createObjectURL(blob);
	const a = h('a', { href: url, download: name });
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Today's date as yyyy-mm-dd in local time. */
export function today() {
	const d = new Date();
	const pad = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
