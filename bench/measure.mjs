// Cold loads on an emulated phone, for `cargo xtask bench` (xtask/src/bench.rs starts the
// servers and reads the JSON this writes).
//
//   node bench/measure.mjs CONFIG.json OUT.json
//
// For every target (this app, the static page, the React peer) and every run: a new
// browser context (no cache, no cookies) logged in as the demo person, the browser cache
// disabled, CDP network throttling (latency, down/up throughput) and CPU slowdown, then
// a load of the page. Measured in the page:
// - visible: when the person's 氏名 value (a `dd` reading exactly the name) is painted:
//   the Element Timing renderTime of that `dd` (the probe adds the `elementtiming`
//   attribute as soon as the element enters the DOM, before its first paint), falling
//   back to "the frame after it entered the DOM" (requestAnimationFrame + a task);
// - interaction: click 「本籍を表示する」 → the 本籍 value painted, measured the same way
//   from the click event's timestamp;
// - FCP, and every response's encoded (on-the-wire) length from CDP.
// The first load of each target is a warm-up for the server and is not counted.

import { readFileSync, writeFileSync } from 'node:fs';
import { chromium, devices } from 'playwright-core';

const [configPath, outPath] = process.argv.slice(2);
if (!configPath || !outPath) {
  console.error('usage: node bench/measure.mjs CONFIG.json OUT.json');
  process.exit(2);
}
const cfg = JSON.parse(readFileSync(configPath, 'utf8'));

// Runs in every page before its own scripts (Playwright init script).
function probe({ name, button, container }) {
  const b = (window.__bench = { visible: null, visibleHow: null, clickAt: null, interaction: null, interactionHow: null });
  const afterPaint = (cb) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => cb(performance.now());
      ch.port2.postMessage(0);
    });
  let nameSeen = false;
  let valueSeen = false;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const t = e.renderTime || e.loadTime;
      if (e.identifier === 'bench-name' && b.visible == null && t > 0) {
        b.visible = t;
        b.visibleHow = 'element-timing';
      }
      if (e.identifier === 'bench-value' && b.interaction == null && b.clickAt != null && t > 0) {
        b.interaction = t - b.clickAt;
        b.interactionHow = 'element-timing';
      }
    }
  }).observe({ type: 'element', buffered: true });
  const check = () => {
    if (!nameSeen) {
      for (const dd of document.getElementsByTagName('dd')) {
        if (dd.textContent.trim() === name) {
          nameSeen = true;
          dd.setAttribute('elementtiming', 'bench-name');
          afterPaint((t) =>
            // Element Timing is preferred when it reports; this is the fallback.
            setTimeout(() => {
              if (b.visible == null) {
                b.visible = t;
                b.visibleHow = 'next-frame';
              }
            }, 1000),
          );
          break;
        }
      }
    }
    if (b.clickAt != null && !valueSeen) {
      const box = document.querySelector(container);
      const value = box && box.querySelector('.revealed');
      if (value && value.textContent.trim()) {
        valueSeen = true;
        value.setAttribute('elementtiming', 'bench-value');
        afterPaint((t) =>
          setTimeout(() => {
            if (b.interaction == null) {
              b.interaction = t - b.clickAt;
              b.interactionHow = 'next-frame';
            }
          }, 1000),
        );
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener(
    'click',
    (ev) => {
      const el = ev.target instanceof Element ? ev.target.closest('button') : null;
      if (el && el.textContent.trim() === button && b.clickAt == null) b.clickAt = ev.timeStamp;
    },
    true,
  );
}

const device = devices['Pixel 7'];
const browser = await chromium.launch({
  executablePath: cfg.chromium,
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-gpu',
    '--no-first-run',
  ],
});

async function load(target, keepRequests) {
  const context = await browser.newContext({ ...device, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  try {
    const login = await context.request.post(`${target.base}/api/demo/login`, { data: { person: cfg.person } });
    if (login.status() !== 200) throw new Error(`${target.name}: demo login answered ${login.status()}`);
    await context.addInitScript(probe, { name: cfg.name, button: cfg.button, container: cfg.container });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const requests = new Map();
    cdp.on('Network.responseReceived', (e) =>
      requests.set(e.requestId, {
        url: e.response.url,
        status: e.response.status,
        type: e.type,
        encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? null,
        bytes: 0,
      }),
    );
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId);
      if (r) r.bytes = e.encodedDataLength;
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: cfg.throttle.latencyMs,
      downloadThroughput: cfg.throttle.downloadBytesPerSec,
      uploadThroughput: cfg.throttle.uploadBytesPerSec,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cfg.throttle.cpuSlowdown });

    await page.goto(`${target.base}${cfg.path}`, { waitUntil: 'commit', timeout: 60_000 });
    await page.waitForFunction(() => window.__bench && window.__bench.visible != null, null, {
      timeout: 60_000,
      polling: 100,
    });
    const first = await page.evaluate(() => ({
      visible: window.__bench.visible,
      visibleHow: window.__bench.visibleHow,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      text: (document.querySelector('main')?.innerText ?? '').replace(/\s+/g, ' ').trim(),
    }));

    // The interaction is measured on the running app: a page the server painted is first
    // mounted by the app (its boot <main> goes), the others have no boot <main>.
    await page.waitForFunction(() => !document.querySelector('main[data-boot]'), null, { timeout: 60_000, polling: 100 });
    await page.getByRole('button', { name: cfg.button, exact: true }).click({ timeout: 30_000 });
    await page.waitForFunction(() => window.__bench.interaction != null, null, { timeout: 60_000, polling: 100 });
    const interaction = await page.evaluate(() => ({
      ms: window.__bench.interaction,
      how: window.__bench.interactionHow,
    }));
    // Responses that finished before this point (the page is idle by now).
    await page.waitForTimeout(200);
    const list = [...requests.values()];
    const sum = (f) => list.filter(f).reduce((n, r) => n + r.bytes, 0);
    const isApi = (r) => new URL(r.url).pathname.startsWith('/api/');
    return {
      visibleMs: Math.max(first.visible, first.fcp ?? 0),
      visibleHow: first.visibleHow,
      fcpMs: first.fcp,
      interactionMs: interaction.ms,
      interactionHow: interaction.how,
      assetBytes: sum((r) => !isApi(r)),
      apiBytes: sum(isApi),
      requests: keepRequests
        ? list.map((r) => ({ ...r, url: new URL(r.url).pathname }))
        : undefined,
      text: keepRequests ? first.text : undefined,
    };
  } finally {
    await context.close();
  }
}

const out = { targets: {} };
for (const t of cfg.targets) out.targets[t.name] = { runs: [] };
try {
  for (const t of cfg.targets) {
    process.stdout.write(`measure: ${t.name} warm-up… `);
    const r = await load(t, true);
    out.targets[t.name].requests = r.requests;
    out.targets[t.name].text = r.text;
    console.log(`${r.visibleMs.toFixed(0)} ms (not counted)`);
  }
  // Interleaved, so a slow patch of the machine hits every target alike.
  for (let i = 0; i < cfg.runs; i++) {
    for (const t of cfg.targets) {
      const r = await load(t, false);
      delete r.requests;
      delete r.text;
      out.targets[t.name].runs.push(r);
      console.log(
        `measure: ${t.name} run ${i + 1}/${cfg.runs}: visible ${r.visibleMs.toFixed(0)} ms (${r.visibleHow}), ` +
          `FCP ${r.fcpMs?.toFixed(0)} ms, interaction ${r.interactionMs.toFixed(0)} ms (${r.interactionHow}), ` +
          `${r.assetBytes} B assets + ${r.apiBytes} B API`,
      );
    }
  }
} finally {
  out.chromium = browser.version();
  await browser.close();
}
writeFileSync(outPath, JSON.stringify(out, null, 2));
