// Screenshots of the screens the phone design review changed, light and dark, at 360 × 780
// and 412 × 915, for reviewers (not a test: the e2e suite checks the behaviour).
//   BASE_URL=http://localhost:8080 CHROMIUM_PATH=/usr/bin/chromium node e2e/scripts/design-screens.mjs
// against `cargo xtask demo`; writes target/design-screens/*.png. Needs a Japanese font
// (Debian's fonts-noto-cjk), or every kana is drawn as a box.
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE_URL ?? 'http://localhost:8080';
const out = new URL('../../target/design-screens/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });

const post = (page, path, data) => page.request.post(base + path, data ? { data } : undefined);

/** Each screen: how to reach it from a fresh demo. */
const SCREENS = [
  ['license', async (p) => { await post(p, '/api/demo/login', { person: 'taro' }); await p.goto(base + '/license'); }],
  ['link-send', async (p) => { await post(p, '/api/demo/login', { person: 'ichiro' }); await p.goto(base + '/license/link/send'); }],
  ['pin-dialog-last-try', async (p) => {
    await p.goto(base + '/login');
    for (const pin of ['9999', '0000']) {
      if (!(await p.getByRole('dialog').isVisible())) await p.getByRole('button', { name: '免許 太郎', exact: true }).click();
      await p.getByRole('dialog').getByLabel('パスワード', { exact: true }).fill(pin);
      await p.getByRole('button', { name: '次へ', exact: true }).click();
      await p.getByRole('button', { name: '読み取り開始', exact: true }).click();
      await p.waitForURL((u) => !u.search.includes('step=card'), { timeout: 30_000 });
    }
    await p.getByText('次に間違えるとロックされます').waitFor();
  }],
  ['card-read', async (p) => {
    await p.goto(base + '/login');
    await p.getByRole('button', { name: '免許 太郎', exact: true }).click();
    await p.getByRole('dialog').getByLabel('パスワード', { exact: true }).fill('1234');
    await p.getByRole('button', { name: '次へ', exact: true }).click();
    await p.getByRole('heading', { name: 'カードの読み取り' }).waitFor();
  }],
  ['unlink-consent', async (p) => { await post(p, '/api/demo/login', { person: 'taro' }); await p.goto(base + '/license/unlink'); }],
  ['notices', async (p) => { await post(p, '/api/demo/login', { person: 'taro' }); await p.goto(base + '/notices'); }],
  ['onestop-terms', async (p) => { await post(p, '/api/demo/login', { person: 'taro' }); await p.goto(base + '/license/onestop/start'); }],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
for (const [width, height] of [[360, 780], [412, 915]]) {
  for (const scheme of ['light', 'dark']) {
    for (const [name, reach] of SCREENS) {
      await post(await (await browser.newContext()).newPage(), '/api/demo/reset');
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, locale: 'ja-JP' });
      const page = await context.newPage();
      await reach(page);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForTimeout(300); // the heading's focus ring and the bar's first frame
      const file = `${out}${name}-${width}-${scheme}.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
      await context.close();
    }
  }
}
await browser.close();
