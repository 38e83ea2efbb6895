// Service worker of the farmer app (scope /app/): keeps the app shell so the app opens offline.
// Never caches /api answers (the app keeps its own copies in IndexedDB) nor anything else.
const VERSION = 'nguon-shell-v1';
const SHELL = [
	'/app/',
	'/app/index.html',
	'/css/base.css',
	'/css/app.css',
	'/js/app.js',
	'/js/api.js',
	'/js/queue.js',
	'/js/i18n.js',
	'/js/dom.js',
	'/js/image.js',
	'/js/shared.js',
	'/i18n/vi.json',
	'/i18n/en.json',
	'/manifest.webmanifest',
	'/icons/icon.svg',
	'/icons/icon-192.png',
	'/icons/icon-512.png',
];

self.addEventListener('install', (event) => {
	event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
	event.waitUntil(caches.keys()
		.then((keys) => Promise.all(keys.filter((k) => k.startsWith('nguon-shell-') && k !== VERSION).map((k) => caches.delete(k))))
		.then(() => self.clients.claim()));
});

// Shell files: network first (fresh after a deploy), the cached copy when offline.
self.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') {
		return;
	}
	const url = new URL(request.url);
	if (url.origin !== self.location.origin) {
		return;
	}
	const isNavigation = request.mode === 'navigate' && url.pathname.startsWith('/app/');
	const key = isNavigation ? '/app/index.html' : url.pathname;
	if (!isNavigation && !SHELL.includes(key)) {
		return;
	}
	event.respondWith(fetch(request)
		.then((response) => {
			if (response.ok) {
				const copy = response.clone();
				caches.open(VERSION).then((cache) => cache.put(key, copy));
			}
			return response;
		})
		.catch(() => caches.match(key).then((hit) => hit || caches.match('/app/'))));
}
);
