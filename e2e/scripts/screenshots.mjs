// Screenshots of every screen and state the gallery (/gallery 「画面一覧」, issue 18) lists, at
// 360 × 780 and 412 × 915, and a contact sheet of them (index.html), for design reviewers.
// A state is played by the gallery itself (`/gallery?scene=KEY`: a reset, the scene's demo
// person, what a person does); a page without states is shown as 免許 太郎 sees it. Not a test
// (the e2e suite checks the behaviour). `cargo xtask screenshots` builds, starts a demo
// server and runs this; by hand, against `cargo xtask demo`:
//   BASE_URL=http://localhost:8080 CHROMIUM_PATH=/usr/bin/chromium \
//   ROUTES_JSON=<(cargo xtask routes) node e2e/scripts/screenshots.mjs
// Writes target/screenshots/ (SCREENSHOTS_DIR), emptied first. Refuses to run without a
// Japanese font (Debian's fonts-noto-cjk): every kana would be drawn as a box.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.BASE_URL ?? 'http://localhost:8080';
const out = process.env.SCREENSHOTS_DIR ?? new URL('../../target/screenshots/', import.meta.url).pathname;
const VIEWPORTS = [
  [360, 780],
  [412, 915],
];

function japaneseFont() {
  try {
    return execFileSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' })
      .split('\n')
      .find((l) => l.trim());
  } catch {
    return undefined;
  }
}
if (!japaneseFont()) {
  console.error('screenshots: no Japanese font (`fc-list :lang=ja` lists none); install fonts-noto-cjk. No screenshots written.');
  process.exit(1);
}
if (!process.env.ROUTES_JSON) {
  console.error('screenshots: ROUTES_JSON is not set (the route table, `cargo xtask routes`)');
  process.exit(1);
}
// Only for who may open each page: the lecture site's pages need its own session.
const pages = JSON.parse(readFileSync(process.env.ROUTES_JSON, 'utf8'));
const table = new Map(pages.filter((p) => p.url !== null).map((p) => [p.url, p]));

/** taro logged in to the portal (and, for the lecture site, entered with his ticket). */
async function logIn(context, access) {
  const login = await context.request.post(`${base}/api/demo/login`, { data: { person: 'taro' } });
  if (!login.ok()) throw new Error(`POST /api/demo/login: ${login.status()}`);
  if (access !== 'Attendee') return;
  const ticket = await context.request.post(`${base}/api/lecture/ticket`);
  if (!ticket.ok()) throw new Error(`POST /api/lecture/ticket: ${ticket.status()}`);
  const entered = await context.request.post(`${base}/api/lecture-site/enter`, { data: { ticket: (await ticket.json()).ticket } });
  if (!entered.ok()) throw new Error(`POST /api/lecture-site/enter: ${entered.status()}`);
}

/** The gallery's entries, as a reviewer sees them: section, page name, route, URL. */
async function galleryEntries(browser) {
  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto(`${base}/gallery`);
  await page.getByRole('heading', { level: 1, name: '画面一覧' }).waitFor();
  await page.locator('main section a').first().waitFor();
  // The gallery's markup (src/pages/gallery/mod.rs): a section per chapter, an item per
  // page (a link when it has a URL of its own), its states listed beneath as links.
  const entries = await page.$$eval('main section', (sections) =>
    sections.flatMap((s) =>
      Array.from(s.querySelectorAll(':scope > ul > li')).flatMap((li) => {
        const section = s.querySelector('h2')?.textContent ?? '';
        const name = li.querySelector('.procedure__title, .procedure__text > span')?.textContent ?? '';
        const route = li.querySelector('.procedure__sub')?.textContent ?? '';
        const states = Array.from(li.querySelectorAll('a.gallery-state')).map((a) => ({
          section,
          url: a.getAttribute('href'),
          name: `${name}：${a.querySelector('.gallery-state__name')?.textContent ?? ''}`,
          route: a.querySelector('.gallery-state__manual')?.textContent ?? '',
          scene: new URL(a.href).searchParams.get('scene'),
        }));
        const own = li.querySelector('a.procedure');
        if (states.length > 0 || !own) return states;
        return [{ section, url: own.getAttribute('href'), name, route, scene: null }];
      }),
    ),
  );
  await context.close();
  const scenes = new Set(pages.flatMap((p) => p.scenes.map((s) => s.key)));
  const unknown = entries.filter((e) => (e.scene ? !scenes.has(e.scene) : !table.has(e.url))).map((e) => e.url);
  if (unknown.length) throw new Error(`the gallery links to what the route table does not have: ${unknown.join(', ')}`);
  return entries;
}

/** A file name from an entry: its scene's key, or its URL (`/license/link/help/faq` → `license-link-help-faq`). */
const slug = (entry) =>
  entry.scene ?? (entry.url === '/' ? 'home' : entry.url.slice(1).replace(/[^A-Za-z0-9]+/g, '-'));

/** Plays a scene in the page and waits for the gallery player's verdict. */
async function playScene(page, key) {
  await page.goto(`${base}/gallery?scene=${key}`);
  const verdict = await page.waitForFunction(
    () => {
      const root = document.documentElement;
      return root.dataset.sceneError ? `error: ${root.dataset.sceneError}` : root.dataset.scene ?? null;
    },
    null,
    { timeout: 100_000 },
  );
  const v = await verdict.jsonValue();
  if (v !== key) throw new Error(`scene ${key}: ${v}`);
}

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function contactSheet(shots) {
  const sections = [...new Set(shots.map((s) => s.section))];
  const figures = (section) =>
    shots
      .filter((s) => s.section === section)
      .map(
        (s) => `<figure>
  <a href="${escape(s.file)}"><img src="${escape(s.file)}" alt="${escape(`${s.name}（${s.viewport}）`)}" loading="lazy"></a>
  <figcaption><strong>${escape(s.name)}</strong><br><code>${escape(s.route)}</code><br>${escape(s.viewport)}${
    s.errors.length ? `<br><span class="error">コンソールエラー ${s.errors.length}件</span>` : ''
  }</figcaption>
</figure>`,
      )
      .join('\n');
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>画面一覧のスクリーンショット</title>
<style>
  body { font-family: "Noto Sans CJK JP", sans-serif; margin: 1.5rem; color: #1a1a1c; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 1.5rem 1rem; }
  figure { margin: 0; }
  img { display: block; width: 100%; height: 24rem; object-fit: cover; object-position: top; border: 1px solid #949497; }
  figcaption { font-size: 0.875rem; margin-top: 0.5rem; overflow-wrap: anywhere; }
  .error { color: #c00; }
</style>
</head>
<body>
<h1>画面一覧のスクリーンショット</h1>
<p>${escape(base)}/gallery の${shots.length / VIEWPORTS.length}画面・状態 × ${VIEWPORTS.map(([w, h]) => `${w}×${h}`).join('・')}（状態はそのデモ利用者で、ほかの画面は免許 太郎でログイン）、${escape(new Date().toISOString())}。画像を選ぶと全体を表示します。</p>
${sections.map((section) => `<section>\n<h2>${escape(section)}</h2>\n<div class="grid">\n${figures(section)}\n</div>\n</section>`).join('\n')}
</body>
</html>
`;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const reset = await browser.newContext();
  const r = await reset.request.post(`${base}/api/demo/reset`);
  if (!r.ok()) throw new Error(`POST /api/demo/reset: ${r.status()} (is ${base} a demo server?)`);
  await reset.close();

  const entries = await galleryEntries(browser);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const shots = [];
  for (const [i, entry] of entries.entries()) {
    for (const [width, height] of VIEWPORTS) {
      const context = await browser.newContext({
        viewport: { width, height },
        screen: { width, height },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        colorScheme: 'light',
        locale: 'ja-JP',
        timezoneId: 'Asia/Tokyo',
      });
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      if (entry.scene) {
        await playScene(page, entry.scene);
      } else {
        const reset = await context.request.post(`${base}/api/demo/reset`);
        if (!reset.ok()) throw new Error(`POST /api/demo/reset: ${reset.status()}`);
        await logIn(context, table.get(entry.url).access);
        await page.goto(base + entry.url);
      }
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForFunction(() => !document.querySelector('p.loading'));
      await page.waitForTimeout(300); // the heading's focus ring and the last frame
      const file = `${String(i + 1).padStart(3, '0')}-${slug(entry)}-${width}x${height}.png`;
      await page.screenshot({ path: join(out, file), fullPage: true });
      // A refused request the page shows on screen (a card taken away) is Chromium's line.
      errors.splice(0, errors.length, ...errors.filter((e) => !/^Failed to load resource: the server responded with a status of 4\d\d/.test(e)));
      for (const e of errors) console.warn(`  console error on ${entry.url}: ${e}`);
      shots.push({ ...entry, file, viewport: `${width}×${height}`, errors });
      console.log(join(out, file));
      await context.close();
    }
  }
  writeFileSync(join(out, 'index.html'), contactSheet(shots));
  console.log(`screenshots: ${shots.length} PNGs of ${entries.length} screens, contact sheet ${join(out, 'index.html')}`);
} finally {
  await browser.close();
}
