// exhaust's service worker: the Today page (and the files it needs) loads without a
// connection. Network first, always: online the page is fresh and each good answer
// refreshes the copy; offline the last copy is shown, and the sets logged on it wait in the
// page's own queue (today.js) until the connection is back. Nothing else is touched:
// other pages, the API and every POST go to the network as if this worker were not there.
"use strict";

const CACHE = "exhaust-today-v1";
const PAGE = "/today";
const FILES = [
  "/static/app.css",
  "/static/app.js",
  "/static/today.css",
  "/static/today.js",
  "/static/manifest.webmanifest",
];

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

async function networkFirst(request, key, isPage) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && !response.redirected) {
      await cache.put(key, response.clone());
    } else if (isPage && (response.redirected || response.type === "opaqueredirect")) {
      await cache.delete(key); // signed out: no copy of the page stays behind
    }
    return response;
  } catch (error) {
    const copy = await cache.match(key);
    if (copy) return copy;
    throw error;
  }
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const isPage = url.pathname === PAGE && url.search === "" && request.mode === "navigate";
  if (!isPage && !FILES.includes(url.pathname)) return;
  event.respondWith(networkFirst(request, isPage ? PAGE : url.pathname, isPage));
});
