// The farm form's map of Vietnam, drawn offline from js/vietnam-map.json (see frontend-static/tools):
// a tap or click puts the farm's point there (latitude and longitude to 4 decimals, about 10 m; the
// outline itself is good to a few kilometres, so "Use my current location" or typed numbers refine
// it), typed numbers move the marker, and the organisation's other farms show as small dots.

import { t } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
let map = null;

function el(tag, attrs, text) {
	const e = document.createElementNS(SVG, tag);
	for (const [k, v] of Object.entries(attrs)) {
		e.setAttribute(k, v);
	}
	if (text) {
		e.textContent = text;
	}
	return e;
}

/** @returns [x, y] on the map of a longitude and latitude */
export function project(p, lon, lat) {
	return [(lon - p.lon0) * p.cos, p.lat0 - lat];
}

/** @returns [lon, lat] of a point on the map, to 4 decimals */
export function unproject(p, x, y) {
	const r = (v) => Math.round(v * 1e4) / 1e4;
	return [r(p.lon0 + x / p.cos), r(p.lat0 - y)];
}

async function data() {
	if (!map) {
		map = fetch('/js/vietnam-map.json').then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))));
	}
	return map;
}

let place = () => {};
let othersLayer = null;
let projection = null;

/** Moves the marker to the latitude and longitude in the form (after they were set from code). */
export function refreshFarmMarker() {
	place();
}

/**
 * Draws the map into its figure once and wires it to the latitude and longitude inputs; each call
 * shows the organisation's farms again.
 * @param {{lat: number, lon: number}[]} others points of the organisation's farms
 */
export async function renderFarmMap(others = []) {
	const box = document.getElementById('farm-map');
	if (!box) {
		return;
	}
	if (!othersLayer) {
		let m;
		try {
			m = await data();
		} catch {
			box.hidden = true;
			return;
		}
		if (!othersLayer) {
			draw(box, m);
		}
	}
	othersLayer.replaceChildren(...others.map((o) => {
		const [x, y] = project(projection, o.lon, o.lat);
		return el('circle', { class: 'other-farm', cx: x, cy: y, r: 0.09 });
	}));
	place();
}

function draw(box, m) {
	const lat = document.getElementById('farm-lat');
	const lon = document.getElementById('farm-lon');
	const p = m.projection;
	projection = p;
	const svg = el('svg', { viewBox: `0 0 ${m.width} ${m.height}`, role: 'img', 'aria-labelledby': 'farm-map-caption' });
	svg.append(el('rect', { class: 'sea', x: 0, y: 0, width: m.width, height: m.height }));
	svg.append(el('path', { class: 'land', d: m.mainland }));
	svg.append(el('path', { class: 'land islands', d: m.truongSa }));
	for (const [x, y] of m.hoangSa) {
		svg.append(el('circle', { class: 'land islands', cx: x, cy: y, r: 0.08 }));
	}
	svg.append(el('text', { class: 'island', x: m.labels.hoangSa[0], y: m.labels.hoangSa[1] }, t('admin.map.hoangSa')));
	svg.append(el('text', { class: 'island', x: m.labels.truongSa[0], y: m.labels.truongSa[1] }, t('admin.map.truongSa')));
	svg.append(el('text', { class: 'sea-name', x: m.labels.eastSea[0], y: m.labels.eastSea[1] }, t('admin.map.eastSea')));
	othersLayer = el('g', {});
	svg.append(othersLayer);
	const marker = el('circle', { class: 'marker', r: 0.16, visibility: 'hidden' });
	svg.append(marker);
	place = () => {
		const la = parseFloat(lat.value);
		const lo = parseFloat(lon.value);
		if (Number.isFinite(la) && Number.isFinite(lo)) {
			const [x, y] = project(p, lo, la);
			marker.setAttribute('cx', x);
			marker.setAttribute('cy', y);
			marker.setAttribute('visibility', 'visible');
		} else {
			marker.setAttribute('visibility', 'hidden');
		}
	};
	svg.addEventListener('click', (event) => {
		const ctm = svg.getScreenCTM();
		if (!ctm) {
			return;
		}
		const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
		const [lo, la] = unproject(p, at.x, at.y);
		lat.value = la.toFixed(4);
		lon.value = lo.toFixed(4);
		place();
	});
	lat.addEventListener('input', () => place());
	lon.addEventListener('input', () => place());
	box.replaceChildren(svg);
}
