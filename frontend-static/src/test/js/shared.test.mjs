// Node tests of the GS1 check digit the admin screens check GTINs and GLNs with as they are typed.
// Run: node --test frontend-static/src/test/js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = await import(path.join(here, '../../main/resources/META-INF/resources/js/shared.js'));

test('the GS1 check digit of GTINs and GLNs', () => {
	assert.equal(shared.gs1CheckDigit('0893000000001'), 9); // GTIN-14 08930000000019
	assert.equal(shared.gs1CheckDigit('893456700001'), 7); // GLN 8934567000017
	assert.equal(shared.gs1CheckDigit('9520123456788'.slice(0, 12)), 8); // GTIN-13 9520123456788
	assert.equal(shared.gs1CheckDigit('9638507'), 4); // GTIN-8 96385074
});

test('an action is announced, an error is announced as an error, and what it changed is refreshed either way', async () => {
	const said = [];
	let refreshed = 0;
	await shared.actThenRefresh(async () => {}, 'done', async () => { refreshed++; }, (text, kind) => said.push([text, kind]));
	await shared.actThenRefresh(async () => { throw new Error('refused'); }, 'done', async () => { refreshed++; },
		(text, kind) => said.push([text, kind]));
	assert.deepEqual(said, [['done', undefined], ['refused', 'error']]);
	assert.equal(refreshed, 2);
});
