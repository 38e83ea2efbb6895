// Node tests of the farm form's map: a tap turns back into the longitude and latitude it was drawn
// from, and the data file's outline covers Vietnam's far points (and no more than a margin around them).
// Run: node --test frontend-static/src/test/js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const js = path.join(here, '../../main/resources/META-INF/resources/js');
const { project, unproject } = await import(path.join(js, 'farm-map.js'));
const map = JSON.parse(readFileSync(path.join(js, 'vietnam-map.json'), 'utf8'));

test('a point drawn on the map reads back as the same longitude and latitude', () => {
	for (const [lon, lat] of [[105.8542, 21.0285], [106.6297, 10.8231], [108.0, 13.9833], [112.336, 16.834]]) {
		const [x, y] = project(map.projection, lon, lat);
		assert.deepEqual(unproject(map.projection, x, y), [lon, lat]);
	}
});

test('the outline spans Vietnam from Lũng Cú to Cà Mau and the islands, inside the drawing', () => {
	const numbers = (d) => d.replace(/[MZ]/g, ' ').trim().split(/\s+/).map(Number);
	const xy = numbers(map.mainland + map.truongSa);
	const xs = xy.filter((_, i) => i % 2 === 0);
	const ys = xy.filter((_, i) => i % 2 === 1);
	const north = unproject(map.projection, 0, Math.min(...ys))[1];
	const south = unproject(map.projection, 0, Math.max(...ys))[1];
	const west = unproject(map.projection, Math.min(...xs), 0)[0];
	const east = unproject(map.projection, Math.max(...xs), 0)[0];
	assert.ok(north > 23.3 && north < 23.5, `north ${north}`); // Lũng Cú, 23.39 N
	assert.ok(south < 8.6, `south ${south}`); // Cà Mau cape 8.6 N; the Spratlys reach further south
	assert.ok(west > 102.1 && west < 102.2, `west ${west}`); // A Pa Chải, 102.14 E
	assert.ok(east > 114, `east ${east}`); // the Spratlys
	assert.ok(Math.max(...xs) <= map.width && Math.max(...ys) <= map.height && Math.min(...xs) >= 0 && Math.min(...ys) >= 0);
	assert.equal(map.hoangSa.length, 7);
});

test('a farm given as a plot (GeoJSON Polygon) is placed at the mean of its corners', async () => {
	const { farmPoint } = await import(path.join(js, 'admin.js'));
	assert.deepEqual(farmPoint({ type: 'Point', coordinates: [109.0035, 14.0872] }), [109.0035, 14.0872]);
	const [lon, lat] = farmPoint({ type: 'Polygon', coordinates: [[[109.0612, 14.0321], [109.0641, 14.0321],
		[109.0641, 14.0348], [109.0612, 14.0348], [109.0612, 14.0321]]] });
	assert.ok(Math.abs(lon - 109.06265) < 1e-9 && Math.abs(lat - 14.03345) < 1e-9, `${lon} ${lat}`);
	assert.equal(farmPoint(null), null);
	assert.equal(farmPoint({ type: 'Polygon', coordinates: [] }), null);
});
