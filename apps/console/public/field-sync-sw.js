// Imported by the generated service worker: a Background Sync wake-up asks the open field app to
// sync (the page holds the sign-in; the worker never sends visits itself).
self.addEventListener('sync', (event) => {
  if (event.tag !== 'aidflow-field-sync') return;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((clients) => {
      for (const client of clients) client.postMessage({ type: 'aidflow-field-sync' });
    }),
  );
});
