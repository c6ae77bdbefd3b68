// Regiebord's live view: asks the hub every second whether the board changed (its ETag in
// If-None-Match: an unchanged board is a 304 without a body) and swaps the new main part
// in when it did. No framework, no inline script (the page's CSP forbids it).
'use strict';
(function () {
  const main = document.getElementById('main');
  const status = document.getElementById('live-status');
  if (!main || !status || !main.dataset.etag || !window.fetch) return;
  let etag = main.dataset.etag;
  const url = location.pathname + '?part=main';
  const say = (key) => {
    const text = status.dataset[key];
    if (status.textContent !== text) status.textContent = text;
    status.className = key;
  };
  async function poll() {
    try {
      const r = await fetch(url, { headers: { 'If-None-Match': etag }, cache: 'no-store', redirect: 'manual' });
      if (r.type === 'opaqueredirect') { location.reload(); return; } // signed out: the login page
      if (r.status === 200) {
        const html = await r.text();
        etag = r.headers.get('ETag') || etag;
        main.innerHTML = html;
        main.dataset.etag = etag;
        say('online');
      } else if (r.status === 304) {
        say('online');
      } else if (r.status === 401 || r.status === 403 || r.status === 404 || r.status === 410) {
        say('gone'); // a revoked link, a removed board: stop asking
        return;
      } else {
        say('offline');
      }
    } catch (e) {
      say('offline');
    }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 1000);
})();
