// The live view's benchmark (docs/performance.md, "The web side"), against a running hub:
//   node web_bench.mjs BASE_URL LINK_PATH HUB_PID
// 1. First render: Debian's Chromium opens the viewing link in a new profile, RUNS times;
//    first contentful paint and the bytes transferred (every response, headers included).
// 2. Viewers: VIEWERS open pages polling the main part with its ETag every second (what
//    regiebord.js does), for DURATION seconds, while BOARD_CHANGE_EVERY seconds a decision
//    changes the board: answers per second, 304 share, latency, and the hub's CPU.
// Environment: RUNS [5], VIEWERS [1000], DURATION [60], CHANGE_EVERY [10].
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Agent, fetch } from 'undici';

const [base, link, hubPid] = process.argv.slice(2);
const runs = Number(process.env.RUNS || 5);
const viewers = Number(process.env.VIEWERS || 1000);
const duration = Number(process.env.DURATION || 60);
const changeEvery = Number(process.env.CHANGE_EVERY || 10);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

// 1. First render.
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
const fcp = []; const bytes = []; const load = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let total = 0;
  cdp.on('Network.loadingFinished', (e) => { total += e.encodedDataLength; });
  await page.goto(`${base}${link}`, { waitUntil: 'load' });
  await page.waitForTimeout(300);
  const t = await page.evaluate(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const nav = performance.getEntriesByType('navigation')[0];
    return { fcp: paint ? paint.startTime : -1, load: nav.loadEventEnd };
  });
  fcp.push(t.fcp); load.push(t.load); bytes.push(total);
  await context.close();
}
await browser.close();
console.log(`| first render (median of ${runs}) | first contentful paint ${median(fcp).toFixed(0)} ms | load ${median(load).toFixed(0)} ms | ${(median(bytes) / 1024).toFixed(1)} KB transferred |`);

// 2. Viewers.
// Every viewer is a browser of its own: its own kept-alive connection (web_bench.sh lifts the
// hub's 256 connections per address: here they all come from 127.0.0.1).
const agents = Array.from({ length: viewers }, () => new Agent({ connections: 1, keepAliveTimeout: 60_000 }));
const cpu = () => { const f = readFileSync(`/proc/${hubPid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${hubPid}/status`, 'utf8'))[1]) / 1024;
const latencies = []; let ok200 = 0; let ok304 = 0; let failed = 0;
let stop = false;
async function viewer(i) {
  await new Promise((r) => setTimeout(r, (i * 1000) / viewers)); // spread over a second
  let etag = '';
  while (!stop) {
    const started = performance.now();
    try {
      const r = await fetch(`${base}${link}/vergadering?part=main`,
        { headers: etag ? { 'If-None-Match': etag } : {}, dispatcher: agents[i] });
      await r.arrayBuffer();
      if (r.status === 200) { ok200++; etag = r.headers.get('etag'); } else if (r.status === 304) ok304++; else if (failed++ === 0) console.error("first failure: HTTP", r.status, await r.text().catch(() => ""));
    } catch (e) { if (failed++ === 0) console.error("first failure:", e.cause ? e.cause.message : e.message); }
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
const snapshot = await (await globalThis.fetch(`${base}/v1/boards/demo-regio/snapshot`, { headers: { Authorization: 'Bearer demo-token-not-secret' } })).json();
const meeting = snapshot.meetings[snapshot.meetings.length - 1];
let changes = 0;
const changer = setInterval(async () => {
  const item = meeting.agenda[changes++ % meeting.agenda.length];
  await globalThis.fetch(`${base}/v1/boards/demo-regio/meetings/${meeting.id}/current`, { method: 'POST',
    headers: { Authorization: 'Bearer demo-token-not-secret' }, body: JSON.stringify({ order: item.order }) });
}, changeEvery * 1000);
const cpu0 = cpu(); const t0 = performance.now();
const all = Array.from({ length: viewers }, (_, i) => viewer(i));
await new Promise((r) => setTimeout(r, duration * 1000));
stop = true; clearInterval(changer);
await Promise.all(all);
const seconds = (performance.now() - t0) / 1000;
const used = cpu() - cpu0;
console.log(`| ${viewers} viewers, ${duration} s, the current item changed every ${changeEvery} s | ${((ok200 + ok304) / seconds).toFixed(0)} answers/s | 304: ${(100 * ok304 / Math.max(1, ok200 + ok304)).toFixed(1)} % | latency p50 ${pct(latencies, 0.5).toFixed(1)} ms, p99 ${pct(latencies, 0.99).toFixed(1)} ms | hub CPU ${(100 * used / seconds).toFixed(0)} % of a core, RSS ${rss().toFixed(0)} MB | failed ${failed} |`);
