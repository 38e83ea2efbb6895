// Nguồn: checks in the browser that a lot's events are in the signed transparency log.
//
// The consumer page holds
//   <section id="verification" data-event-ids="<eventID> <eventID> ...">default text</section>
// and loads this file as a module. It fetches the latest signed tree head
// (/transparency/head), checks its Ed25519 signature with WebCrypto, then for every event
// fetches /transparency/proof, hashes the leaf bytes itself (SHA-256(0x00 || leaf)) and walks
// the audit path up to the signed root (RFC 9162 section 2.1.3.2). The section then gets
// data-state="verified" or "failed" (or "pending": an event not yet in a signed head;
// "unsupported": the browser has no Ed25519 in WebCrypto) and a localized plain sentence, written
// into the element marked [data-verification-text] inside it when there is one, else the section;
// the technical details (tree size, signing time, what was checked) go into the element marked
// [data-verification-details] when there is one.
// Optional data-key-id="<base64 key id>" pins the log key the page expects.
//
// No build step, no inline script: the exported functions are what the Node tests check.

// Each state has a plain sentence (what a shopper needs to know) and, under "technical details",
// what was checked: the key "<state>.details".
const MESSAGES = {
  vi: {
    checking: 'Đang kiểm chứng hồ sơ của lô này…',
    'checking.details': 'Đang tải đầu cây đã ký và đường kiểm chứng của từng sự kiện từ /transparency.',
    verified: 'Hồ sơ của lô này không bị sửa từ khi ghi.',
    'verified.details': 'Cả {n} sự kiện của lô nằm trong nhật ký minh bạch đã ký (cây {size} lá, ký lúc {time}); chữ ký Ed25519 và đường kiểm chứng Merkle đã được kiểm tra ngay trên trình duyệt này.',
    failed: 'Không kiểm chứng được hồ sơ: hồ sơ của lô này không khớp với bản đã ghi.',
    'failed.details': '{failed} trong {n} sự kiện của lô không khớp với nhật ký minh bạch đã ký (chữ ký hoặc đường kiểm chứng Merkle sai, hoặc sự kiện đã bị xoá).',
    pending: 'Hồ sơ vừa được ghi nên chưa kiểm chứng được. Hãy tải lại trang sau ít giây.',
    'pending.details': '{pending} trong {n} sự kiện của lô chưa có trong cây đã ký mới nhất của nhật ký minh bạch.',
    unsupported: 'Trình duyệt này không tự kiểm chứng được hồ sơ.',
    'unsupported.details': 'Trình duyệt không có Ed25519 trong WebCrypto; hãy dùng công cụ VerifyLog để kiểm tra nhật ký minh bạch.',
  },
  en: {
    checking: 'Checking this lot’s record…',
    'checking.details': 'Fetching the signed tree head and each event’s audit path from /transparency.',
    verified: 'This lot’s record has not been changed since it was written.',
    'verified.details': 'All {n} events of this lot are in the signed transparency log (tree of {size} leaves, signed {time}); the Ed25519 signature and the Merkle audit paths were checked in this browser.',
    failed: 'The record could not be verified: this lot’s record does not match what was written.',
    'failed.details': '{failed} of the {n} events of this lot do not match the signed transparency log (wrong signature or Merkle audit path, or the event was deleted).',
    pending: 'This record was just written and cannot be checked yet. Reload the page in a few seconds.',
    'pending.details': '{pending} of the {n} events of this lot are not yet in the latest signed tree of the transparency log.',
    unsupported: 'This browser cannot check the record by itself.',
    'unsupported.details': 'The browser has no Ed25519 in WebCrypto; use the VerifyLog tool to check the transparency log.',
  },
};

/** @returns {'vi'|'en'} the page language */
export function language(doc = globalThis.document) {
  const lang = (doc && doc.documentElement && doc.documentElement.lang) || '';
  return lang.toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export function message(lang, key, values = {}) {
  const text = (MESSAGES[lang] || MESSAGES.vi)[key];
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
}

export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function equal(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** SHA-256(0x00 || leaf) */
export function leafHash(leaf) {
  return sha256(concat(Uint8Array.of(0), leaf));
}

/** SHA-256(0x01 || left || right) */
export function hashChildren(left, right) {
  return sha256(concat(Uint8Array.of(1), left, right));
}

/**
 * RFC 9162 section 2.1.3.2. Indexes and sizes are JavaScript numbers (exact below 2^53).
 * @returns {Promise<boolean>} whether the path proves leafHashBytes at leafIndex into root
 */
export async function verifyInclusion(leafIndex, treeSize, leafHashBytes, path, root) {
  if (!(leafIndex >= 0 && leafIndex < treeSize)) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHashBytes;
  for (const p of path) {
    if (sn === 0 || !p || p.length !== 32) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** The 51 signed bytes of a tree head: RFC 9162 TreeHeadDataV2 without extensions. */
export function signedHeadBytes(head) {
  const root = fromBase64(head.root_hash);
  const out = new Uint8Array(8 + 8 + 1 + root.length + 2);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.timestamp));
  view.setBigUint64(8, BigInt(head.tree_size));
  out[16] = root.length;
  out.set(root, 17);
  return out; // the last two bytes stay 0: no extensions
}

export class UnsupportedError extends Error {}

/**
 * Checks a head's signature with the public key it names; when keyId is given the head must
 * be signed by that key.
 * @returns {Promise<boolean>}
 */
export async function verifyHead(head, pinnedKeyId) {
  if (!head || !head.public_key || !head.signature) return false;
  const spki = fromBase64(head.public_key);
  const keyId = await sha256(spki);
  if (!equal(keyId, fromBase64(head.key_id))) return false;
  if (pinnedKeyId && !equal(keyId, fromBase64(pinnedKeyId))) return false;
  let key;
  try {
    key = await crypto.subtle.importKey('spki', spki, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    if (e && (e.name === 'NotSupportedError' || e.name === 'TypeError')) throw new UnsupportedError(String(e));
    return false;
  }
  return crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(head.signature), signedHeadBytes(head));
}

/**
 * Checks one /transparency/proof answer against a verified head: every leaf carrying the
 * event id hashes (as sent now) to a leaf that proves into the head's root, and names the event.
 * @returns {Promise<boolean>}
 */
export async function verifyProof(eventId, proof, head) {
  if (!proof || proof.event_id !== eventId || proof.tree_size !== head.tree_size) return false;
  const root = fromBase64(head.root_hash);
  const leaves = Array.isArray(proof.proofs) && proof.proofs.length ? proof.proofs : [proof];
  for (const p of leaves) {
    if (!p.leaf_input) return false; // the event row is gone
    const leaf = fromBase64(p.leaf_input);
    try {
      const doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(leaf));
      if (doc.eventID !== eventId) return false;
    } catch (e) {
      return false;
    }
    const path = (p.audit_path || []).map(fromBase64);
    if (!(await verifyInclusion(p.leaf_index, head.tree_size, await leafHash(leaf), path, root))) return false;
  }
  return true;
}

async function getJson(fetchFn, url) {
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = controller ? setTimeout(() => controller.abort(), 15000) : null;
  try {
    const response = await fetchFn(url, {
      headers: { Accept: 'application/json' },
      signal: controller ? controller.signal : undefined,
    });
    return { status: response.status, body: response.ok ? await response.json() : null };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * Checks the events against the log.
 * @param {string[]} eventIds
 * @param {{fetch?: Function, base?: string, keyId?: string}} options
 * @returns {Promise<{state: 'verified'|'failed'|'pending'|'unsupported', head?: object, failed: string[], pending: string[]}>}
 */
export async function verifyEvents(eventIds, options = {}) {
  const fetchFn = options.fetch || globalThis.fetch.bind(globalThis);
  const base = options.base || '';
  const result = { state: 'failed', failed: [], pending: [] };
  if (!eventIds.length) return result;
  const headAnswer = await getJson(fetchFn, base + '/transparency/head');
  if (headAnswer.status === 404) return { ...result, state: 'pending', pending: [...eventIds] };
  const head = headAnswer.body;
  try {
    if (!(await verifyHead(head, options.keyId))) return { ...result, failed: [...eventIds] };
  } catch (e) {
    if (e instanceof UnsupportedError) return { ...result, state: 'unsupported' };
    throw e;
  }
  result.head = head;
  for (const id of eventIds) {
    const url = base + '/transparency/proof?eventID=' + encodeURIComponent(id) + '&treeSize=' + head.tree_size;
    const answer = await getJson(fetchFn, url);
    if (answer.status === 404) result.pending.push(id);
    else if (!(await verifyProof(id, answer.body, head))) result.failed.push(id);
  }
  result.state = result.failed.length ? 'failed' : result.pending.length ? 'pending' : 'verified';
  return result;
}

/**
 * A moment as the consumer page writes dates: vi "04/12/2026 10:05", en "4 Dec 2026, 10:05"
 * (local time of the browser).
 */
export function formatTime(lang, millis) {
  const d = new Date(millis);
  const two = (n) => String(n).padStart(2, '0');
  const clock = two(d.getHours()) + ':' + two(d.getMinutes());
  if (lang === 'en') {
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getMonth()];
    return d.getDate() + ' ' + month + ' ' + d.getFullYear() + ', ' + clock;
  }
  return two(d.getDate()) + '/' + two(d.getMonth() + 1) + '/' + d.getFullYear() + ' ' + clock;
}

function show(section, state, text, details) {
  section.dataset.state = state;
  const target = section.querySelector('[data-verification-text]') || section;
  target.textContent = text;
  const more = target === section ? null : section.querySelector('[data-verification-details]');
  if (more) more.textContent = details;
}

/** Runs the check for the page's #verification section, if any. */
export async function run(doc = globalThis.document) {
  const section = doc && doc.getElementById('verification');
  if (!section) return null;
  const lang = language(doc);
  const ids = (section.dataset.eventIds || '').split(/\s+/).filter(Boolean);
  show(section, 'checking', message(lang, 'checking'), message(lang, 'checking.details'));
  let outcome;
  try {
    outcome = await verifyEvents(ids, { keyId: section.dataset.keyId });
  } catch (e) {
    outcome = { state: 'failed', failed: ids, pending: [] };
  }
  const values = {
    n: ids.length,
    failed: outcome.failed.length,
    pending: outcome.pending.length,
    size: outcome.head ? outcome.head.tree_size : '',
    time: outcome.head ? formatTime(lang, outcome.head.timestamp) : '',
  };
  show(section, outcome.state, message(lang, outcome.state, values), message(lang, outcome.state + '.details', values));
  if (outcome.failed.length) section.dataset.failedEventIds = outcome.failed.join(' ');
  return outcome;
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => run());
  else run();
}
