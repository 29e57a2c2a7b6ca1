// Stegvis service worker: keeps the built apps in a cache so they start and
// work with no network after the first visit. scripts/finish-build.mjs
// writes the version and the file lists at build time.
//
// Every device precaches the participant's app with every language (a
// participant may switch language offline). The staff app's files are
// cached only on a device that has opened the staff app (it asks, with the
// message 'cache-staff'), so a participant's phone never downloads them; an
// update keeps a staff device's staff app offline too.
const VERSION = '__VERSION__';
const PARTICIPANT_FILES = __PARTICIPANT_FILES__;
const STAFF_FILES = __STAFF_FILES__;
// One cache per app folder and version, so two copies of Stegvis on one
// host never remove each other's files.
const PREFIX = `stegvis:${self.registration.scope}:`;
const CACHE = PREFIX + VERSION;
const STAFF_MARK = new URL(STAFF_FILES[0], self.registration.scope).href;

/** Whether an older version's cache holds the staff app: a staff device. */
async function hadStaffApp() {
  for (const key of await caches.keys()) {
    if (key.startsWith(PREFIX) && key !== CACHE && (await (await caches.open(key)).match(STAFF_MARK))) return true;
  }
  return false;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(PARTICIPANT_FILES);
      if (await hadStaffApp()) await cache.addAll(STAFF_FILES);
    })(),
  );
  // No skipWaiting here: a new version waits until the person chooses to reload.
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
  if (event.data === 'cache-staff') {
    event.waitUntil(
      caches.open(CACHE).then(async (cache) => {
        if (!(await cache.match(STAFF_MARK))) await cache.addAll(STAFF_FILES);
      }),
    );
  }
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
      // Each app's pages are its folder or its index.html, with the route in
      // the fragment, so a cached file answers every request the apps make.
      // A built file opened directly (the manifest, an icon) stays that file.
      return (await cache.match(request, { ignoreSearch: true })) ?? fetch(request);
    }),
  );
});
