// Node tests of verify.js against a log built and signed by the Java code
// (VerifyJsFixtureTests writes transparency-fixture.json). Run: node --test frontend-static/src/test/js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(path.join(here, 'transparency-fixture.json'), 'utf8'));
const verify = await import(path.join(here, '../../main/resources/META-INF/resources/js/verify.js'));

const ids = Object.keys(fixture.proofs);

/** A fetch answering like the service, from the fixture (with optional overrides). */
function fakeFetch({ head = fixture.head, proofs = fixture.proofs } = {}) {
  return async (url) => {
    const u = new URL(url, 'https://nguon.test');
    let body = null;
    if (u.pathname === '/transparency/head') body = head;
    if (u.pathname === '/transparency/proof') body = proofs[u.searchParams.get('eventID')] || null;
    return {
      ok: body !== null,
      status: body === null ? 404 : 200,
      json: async () => structuredClone(body),
    };
  };
}

test('the head signed by the Java log verifies with WebCrypto Ed25519', async () => {
  assert.equal(await verify.verifyHead(fixture.head), true);
  assert.equal(await verify.verifyHead(fixture.head, fixture.head.key_id), true);
});

test('a head with another size, root or a foreign pinned key does not verify', async () => {
  assert.equal(await verify.verifyHead({ ...fixture.head, tree_size: fixture.head.tree_size + 1 }), false);
  const root = verify.fromBase64(fixture.head.root_hash);
  root[0] ^= 1;
  assert.equal(await verify.verifyHead({ ...fixture.head, root_hash: Buffer.from(root).toString('base64') }), false);
  assert.equal(await verify.verifyHead(fixture.head, Buffer.alloc(32).toString('base64')), false);
});

test('every inclusion proof from the Java log verifies, and altered ones fail', async () => {
  for (const id of ids) {
    const proof = fixture.proofs[id];
    assert.equal(await verify.verifyProof(id, proof, fixture.head), true, id);
    const leaf = verify.fromBase64(proof.leaf_input);
    const path = proof.audit_path.map(verify.fromBase64);
    const root = verify.fromBase64(fixture.head.root_hash);
    const hash = await verify.leafHash(leaf);
    assert.equal(await verify.verifyInclusion(proof.leaf_index, fixture.head.tree_size, hash, path, root), true);
    if (path.length) {
      const flipped = path.map((p) => Uint8Array.from(p));
      flipped[0][5] ^= 0x40;
      assert.equal(await verify.verifyInclusion(proof.leaf_index, fixture.head.tree_size, hash, flipped, root), false);
      assert.equal(await verify.verifyInclusion(proof.leaf_index ^ 1, fixture.head.tree_size, hash, path, root), false);
    }
  }
});

test('a proof of one event is not accepted for another', async () => {
  assert.equal(await verify.verifyProof(ids[1], fixture.proofs[ids[0]], fixture.head), false);
});

test('changed, deleted and swapped rows fail; the others still verify', async () => {
  const proofs = { ...fixture.proofs, ...fixture.tampered };
  const outcome = await verify.verifyEvents(ids, { fetch: fakeFetch({ proofs }), base: 'https://nguon.test' });
  assert.equal(outcome.state, 'failed');
  assert.deepEqual(outcome.failed.sort(), Object.keys(fixture.tampered).sort());
});

test('a lot whose events all prove is verified; an unlogged event is pending', async () => {
  const ok = await verify.verifyEvents(ids.slice(0, 3), { fetch: fakeFetch(), base: 'https://nguon.test' });
  assert.equal(ok.state, 'verified');
  const pending = await verify.verifyEvents([ids[0], fixture.unknown_event], { fetch: fakeFetch(), base: 'https://nguon.test' });
  assert.equal(pending.state, 'pending');
  assert.deepEqual(pending.pending, [fixture.unknown_event]);
});

test('a forged head fails the whole lot', async () => {
  const sig = verify.fromBase64(fixture.head.signature);
  sig[10] ^= 1;
  const head = { ...fixture.head, signature: Buffer.from(sig).toString('base64') };
  const outcome = await verify.verifyEvents(ids, { fetch: fakeFetch({ head }), base: 'https://nguon.test' });
  assert.equal(outcome.state, 'failed');
});

test('the page section gets the state and a text in the page language', async () => {
  const section = {
    dataset: { eventIds: ids.slice(0, 2).join(' ') },
    textContent: '',
    querySelector: () => null,
  };
  const doc = { documentElement: { lang: 'en-GB' }, getElementById: (id) => (id === 'verification' ? section : null) };
  const realFetch = globalThis.fetch;
  globalThis.fetch = fakeFetch();
  try {
    await verify.run(doc);
  } finally {
    globalThis.fetch = realFetch;
  }
  assert.equal(section.dataset.state, 'verified');
  assert.match(section.textContent, /^This lot’s record has not been changed/);
  assert.equal(verify.language({ documentElement: { lang: 'vi' } }), 'vi');
  assert.equal(verify.language({ documentElement: { lang: '' } }), 'vi');
  assert.match(verify.message('vi', 'failed'), /^Không kiểm chứng được hồ sơ/);
});

test('the page says the outcome in plain words and keeps the tree size in the technical details', async () => {
  const plain = { textContent: '' };
  const details = { textContent: '' };
  const section = {
    dataset: { eventIds: ids.slice(0, 2).join(' ') },
    textContent: '',
    querySelector: (selector) =>
      selector === '[data-verification-text]' ? plain : selector === '[data-verification-details]' ? details : null,
  };
  for (const [lang, words] of [
    ['vi', 'Hồ sơ của lô này không bị sửa từ khi ghi.'],
    ['en', 'This lot’s record has not been changed since it was written.'],
  ]) {
    const doc = { documentElement: { lang }, getElementById: (id) => (id === 'verification' ? section : null) };
    const realFetch = globalThis.fetch;
    globalThis.fetch = fakeFetch();
    try {
      await verify.run(doc);
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.equal(section.dataset.state, 'verified');
    assert.equal(plain.textContent, words);
    assert.doesNotMatch(plain.textContent, /cây|tree|Merkle|Ed25519/);
    assert.match(details.textContent, new RegExp(`\\b${fixture.head.tree_size}\\b`));
    assert.match(details.textContent, lang === 'vi' ? /cây \d+ lá/ : /tree of \d+ leaves/);
  }
  assert.equal(verify.message('en', 'failed.details', { failed: 1, n: 3 }).startsWith('1 of the 3 events'), true);
  assert.match(verify.message('en', 'failed'), /^The record could not be verified/);
});

test('the signing time is written like the page writes dates', () => {
  const at = new Date(2026, 11, 4, 9, 5).getTime();
  assert.equal(verify.formatTime('vi', at), '04/12/2026 09:05');
  assert.equal(verify.formatTime('en', at), '4 Dec 2026, 09:05');
});
