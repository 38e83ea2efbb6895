// Quality overview: grade distribution by product, farm and week as stacked bar charts (uPlot),
// each with a data table for screen readers and keyboard users.

import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { $, h, mount } from './dom.js';
import { GRADES } from './shared.js';

const COLOURS = { EXTRA: '#14532d', CLASS_I: '#4c9a5f', CLASS_II: '#e0b000', REJECT: '#9b1c1c' };
const charts = [];

/** ISO week of a yyyy-mm-dd date, as "2026-W48". */
export function isoWeek(dateText) {
	const d = new Date(`${String(dateText).slice(0, 10)}T00:00:00Z`);
	if (Number.isNaN(d.getTime())) {
		return '?';
	}
	const day = d.getUTCDay() || 7;
	d.setUTCDate(d.getUTCDate() + 4 - day);
	const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
	const week = Math.ceil(((d - yearStart) / 86400000 + 1) / 7);
	return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Counts per category and grade: {labels: [...], counts: {EXTRA: [...], ...}}. */
export function distribution(list, categoryOf, gradeOf, sort = false) {
	const labels = [...new Set(list.map(categoryOf))];
	if (sort) {
		labels.sort();
	}
	const index = new Map(labels.map((l, i) => [l, i]));
	const counts = Object.fromEntries(GRADES.map((g) => [g, labels.map(() => 0)]));
	for (const b of list) {
		const g = gradeOf(b);
		if (counts[g]) {
			counts[g][index.get(categoryOf(b))] += 1;
		}
	}
	return { labels, counts };
}

function stackedBars(container, { labels, counts }, t) {
	const x = labels.map((_, i) => i);
	// Stacks: each series is the running total up to its grade, drawn tallest first.
	const order = [...GRADES].reverse();
	const cumulative = {};
	let running = labels.map(() => 0);
	for (const g of GRADES) {
		running = running.map((v, i) => v + counts[g][i]);
		cumulative[g] = running;
	}
	const bars = uPlot.paths.bars({ size: [0.6, 80] });
	const width = Math.max(280, container.clientWidth || 480);
	const opts = {
		width,
		height: 260,
		scales: { x: { time: false, range: [-0.5, Math.max(0.5, labels.length - 0.5)] }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
		axes: [
			{ splits: () => x, values: (u, splits) => splits.map((i) => labels[i] ?? ''), grid: { show: false } },
			{ label: t('quality.batches') },
		],
		series: [
			{ label: t('quality.category'), value: (u, v) => labels[v] ?? '–' },
			...order.map((g) => ({
				label: t(`grade.${g}`),
				fill: COLOURS[g],
				stroke: COLOURS[g],
				paths: bars,
				points: { show: false },
				value: (u, v, si, i) => (i === null || i === undefined ? '–' : counts[g][i]),
			})),
		],
		legend: { show: true },
	};
	const data = [x, ...order.map((g) => cumulative[g])];
	container.replaceChildren();
	charts.push(new uPlot(opts, data, container));
}

function table(caption, { labels, counts }, t, firstHeader) {
	return h('table', null,
		h('caption', null, caption),
		h('thead', null, h('tr', null, h('th', { scope: 'col' }, firstHeader), GRADES.map((g) => h('th', { scope: 'col' }, t(`grade.${g}`))))),
		h('tbody', null, labels.map((l, i) => h('tr', null, h('th', { scope: 'row' }, l), GRADES.map((g) => h('td', null, counts[g][i]))))));
}

/**
 * Draws the three charts and their tables.
 * @param {Array} graded batches that have a grade
 * @param {{t, grade, product, farm}} how to read a batch
 */
export function renderQuality(graded, { t, grade, product, farm }) {
	charts.splice(0).forEach((c) => c.destroy());
	const byProduct = distribution(graded, product, grade);
	const byFarm = distribution(graded, farm, grade);
	const byWeek = distribution(graded, (b) => isoWeek(b.harvestDate), grade, true);
	stackedBars($('#chart-product'), byProduct, t);
	stackedBars($('#chart-farm'), byFarm, t);
	stackedBars($('#chart-week'), byWeek, t);
	mount($('#quality-tables'),
		table(t('quality.byProduct'), byProduct, t, t('batch.product')),
		table(t('quality.byFarm'), byFarm, t, t('batch.farm')),
		table(t('quality.byWeek'), byWeek, t, t('quality.week')));
}
