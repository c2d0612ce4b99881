// sheetplot's service worker: keeps the bundle, so the page opens and reads
// files with the network gone. Files are read in the page, never sent, so
// the bundle is all there is to keep.
//
// scripts/trunk-post-build fills in the lines below with the build's files
// and a hash of them: a new build is a new worker, which keeps the new files
// and drops the old ones. The files of the reader of every format (LATER)
// are fetched only when a file in a format the first reader leaves out
// arrives, and kept then.
const VERSION = "@@SHEETPLOT_VERSION@@";
const ASSETS = ["@@SHEETPLOT_ASSETS@@"];
const LATER = new Set(["@@SHEETPLOT_LATER@@"].map((file) => new URL(file, self.location).pathname));
const CACHE = `sheetplot-${VERSION}`;
// The page itself, asked for as "/" or "/index.html" (with any #hash).
const PAGE = "./";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([PAGE, ...ASSETS]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("sheetplot-") && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The data folder is the server's, listed and read live: never kept.
  if (url.pathname.startsWith("/data/") || url.pathname === "/healthz") return;
  if (request.mode === "navigate") {
    // The page: the network's when there is one (so a new build shows at
    // once), else the kept copy.
    event.respondWith(
      fetch(request).catch(() =>
        caches.open(CACHE).then((cache) => cache.match(PAGE)),
      ),
    );
    return;
  }
  // The bundle's files carry their hash in their name: the kept copy is
  // the right one. A file fetched later is kept once it is.
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request, { ignoreSearch: true }).then(
        (kept) =>
          kept ||
          fetch(request).then((response) => {
            if (response.ok && LATER.has(url.pathname)) {
              cache.put(request, response.clone());
            }
            return response;
          }),
      ),
    ),
  );
});
