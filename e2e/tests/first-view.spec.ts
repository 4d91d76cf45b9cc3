import { expect, test, type Page } from '../fixtures/test';
import { PEOPLE, expectGoodPage, loginAs, resetDemo, type PersonId } from '../fixtures';

// Viewports: phone-360 only: the painted /license and the mounted one are compared as DOM trees,
// which do not depend on the width; the page's layout at 412 px is pages.spec.ts's (Pixel 7).

// A logged-in person's GET /license comes with the record already painted by the server
// (crates/first_view, crates/server/src/first_paint.rs), so it shows before the wasm
// arrives. The SPA then mounts the same DOM from the same data. These tests hold the two
// renderings equal for every demo person, so neither can change without the other.

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

/** `<main>` as a tree of tags, sorted attributes and text (comments, empty text and the
 * boot marker left out): what a person and a screen reader get. */
async function mainTree(page: Page): Promise<unknown> {
  return page.locator('main').evaluate((main) => {
    type Node = { tag: string; attrs: string; kids: (Node | string)[] };
    const walk = (el: Element): Node => {
      const attrs = [...el.attributes]
        .filter((a) => a.name !== 'data-boot')
        .map((a) => `${a.name}=${a.value}`)
        .sort()
        .join(' ');
      const kids: (Node | string)[] = [];
      let text = '';
      for (const c of el.childNodes) {
        if (c.nodeType === Node.TEXT_NODE) text += (c as Text).data;
        else if (c.nodeType === Node.ELEMENT_NODE) {
          if (text) kids.push(text);
          text = '';
          kids.push(walk(c as Element));
        }
      }
      if (text) kids.push(text);
      return { tag: el.tagName.toLowerCase(), attrs, kids };
    };
    return walk(main);
  });
}

/** The page as the server painted it: the app's code is never loaded. */
async function painted(page: Page): Promise<{ tree: unknown; title: string }> {
  await page.route('**/pkg-*/**', (route) => route.abort());
  await page.goto('/license');
  await expect(page.locator('main[data-boot]')).toBeVisible();
  return { tree: await mainTree(page), title: await page.title() };
}

/** The page after the app has mounted (its header has the notices bell). */
async function mounted(page: Page): Promise<{ tree: unknown; title: string; licenseRequests: number }> {
  let licenseRequests = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/license') licenseRequests += 1;
  });
  await page.goto('/license');
  await expect(page.locator('.site-header__bell')).toBeVisible();
  await expect(page.locator('main[data-boot]')).toHaveCount(0);
  await expect(page.locator('main h1')).toBeVisible();
  return { tree: await mainTree(page), title: await page.title(), licenseRequests };
}

for (const person of Object.keys(PEOPLE) as PersonId[]) {
  test(`${PEOPLE[person]}: the painted /license is the screen the app mounts`, async ({ browser, baseURL }) => {
    const before = await browser.newContext({ baseURL });
    const after = await browser.newContext({ baseURL });
    try {
      const a = await before.newPage();
      const b = await after.newPage();
      await loginAs(a, person);
      await loginAs(b, person);
      const server = await painted(a);
      const app = await mounted(b);
      expect(server.tree).toEqual(app.tree);
      expect(server.title).toBe(app.title);
      // The app took the record from the page: no second request for it.
      expect(app.licenseRequests).toBe(0);
    } finally {
      await before.close();
      await after.close();
    }
  });
}

test('the painted record is readable before any of the app has loaded', async ({ page }) => {
  await loginAs(page, 'taro');
  await page.route('**/pkg-*/**', (route) => route.abort());
  await page.goto('/license');
  await expect(page.getByRole('heading', { level: 1, name: '運転免許' })).toBeVisible();
  await expect(page.locator('dd').filter({ hasText: /^免許 太郎$/ })).toBeVisible();
  // 本籍 stays out of the page, painted or not.
  await expect(page.getByText('東京都中央区銀座一丁目10番地')).toHaveCount(0);
  expect(await page.content()).not.toContain('東京都中央区銀座');
  // What the server paints is held to the same bars as the app's screens.
  await expectGoodPage(page);
});

test('a visitor without a session gets the plain page, which sends them to log in', async ({ page }) => {
  const response = await page.goto('/license');
  expect(response?.headers()['cache-control']).toBe('no-cache');
  await expect(page).toHaveURL(/\/login\?next=\/license$/);
});

test('the painted page is personal: never stored by a cache', async ({ page }) => {
  await loginAs(page, 'taro');
  const response = await page.goto('/license');
  expect(response?.headers()['cache-control']).toBe('no-store');
  expect(response?.headers()['vary']).toContain('cookie');
});

test('a toggle tapped on the painted page before the app has loaded opens once it has', async ({ page }) => {
  await loginAs(page, 'taro');
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/pkg-*/**', async (route) => {
    await held;
    await route.continue();
  });
  // The app's module holds the load event: wait for the painted page only.
  await page.goto('/license', { waitUntil: 'commit' });
  await expect(page.locator('main[data-boot]')).toBeVisible();
  await page.getByRole('button', { name: '本籍を表示する' }).click();
  release();
  await expect(page.locator('main[data-boot]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '本籍を非表示にする' })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('#honseki-value')).toHaveText('東京都中央区銀座一丁目10番地');
});
