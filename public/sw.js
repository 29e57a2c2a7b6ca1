// Stegvis service worker: keeps the built app in a cache so it starts and
// works with no network after the first visit. scripts/finish-build.mjs
// writes the version and the file list at build time.
const VERSION = '__VERSION__';
const FILES = __FILES__;
// One cache per app folder and version, so two copies of Stegvis on one
// host never remove each other's files.
const PREFIX = `stegvis:${self.registration.scope}:`;
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
  // No skipWaiting here: a new version waits until the person chooses to reload.
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      // Every page of the app is ./ or index.html, with its route in the
      // fragment, so a cached file answers every request the app makes. A
      // built file opened directly (the manifest, an icon) stays that file.
      return (await cache.match(request, { ignoreSearch: true })) ?? fetch(request);
    }),
  );
});
