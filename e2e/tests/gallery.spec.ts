import { expect, test } from '../fixtures/test';
import { PC_BRIDGE_ABSENT, enterLectureSite, expectGoodPage, loginAs, resetDemo } from '../fixtures';
import { PAGES } from '../fixtures/routes';

// Viewports: both: the gallery's list of every page is long and grouped; the two widths wrap its
// entries differently (the scenes themselves play at 360 px only, gallery-scenes.spec.ts).

// /gallery 「画面一覧」 (issue 18): every page of the route table, grouped by the manual's
// chapters, each a link to its URL. The list is the table's, so these tests walk it
// without naming a page; pages.spec.ts opens each URL directly, this spec opens each one
// the way a reviewer does, from the gallery (the router's own navigation).

const NOT_FOUND = 'ページが見つかりません';

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

test('/gallery lists every page of the route table, grouped by chapter', async ({ page }) => {
  await page.goto('/gallery');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('画面一覧');
  const list = page.locator('main section > ul > li');
  await expect(list).toHaveCount(PAGES.length);

  for (const p of PAGES) {
    if (p.url !== null) {
      const link = page.locator(`main section a[href="${p.url}"]`);
      await expect(link, `the link to ${p.url}`).toHaveCount(1);
      await expect(link).toContainText(p.name);
      await expect(link).toContainText(p.path);
    } else {
      // Ids the server makes: no URL of its own, it opens from its list.
      const entry = list.filter({ hasText: p.path });
      await expect(entry, `the entry of ${p.path}`).toHaveCount(1);
      await expect(entry).toContainText(p.name);
      await expect(entry).toContainText('一覧から開きます');
      // No link of its own (its states, listed beneath, are links that play them).
      await expect(entry.locator(':scope > a')).toHaveCount(0);
      await expect(entry.locator(':scope > ul a')).toHaveCount(p.scenes.length);
    }
  }
  // The sections are the manual's chapters (regions named by their headings).
  await expect(page.getByRole('region', { name: '1章 ログイン・ホーム' }).locator('a[href="/"]')).toHaveCount(1);
  await expect(page.getByRole('region', { name: '2章 連携・運転免許の表示' }).locator('a[href="/license"]')).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'デモ' }).locator('a[href="/gallery"]')).toHaveCount(1);
  await expectGoodPage(page);
});

// Pages with states are opened (in each state) by gallery-scenes.spec.ts.
for (const p of PAGES.filter((p) => p.url !== null && p.scenes.length === 0)) {
  test(`${p.url} (${p.name}) opens from the gallery`, async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !PC_BRIDGE_ABSENT.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    // A reviewer logged in as taro; the lecture site's pages need its own session too.
    if (p.access === 'Attendee') await enterLectureSite(page);
    else await loginAs(page, 'taro');

    await page.goto('/gallery');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('画面一覧');
    await page.locator(`main section a[href="${p.url}"]`).click();
    await expect(page).toHaveURL((u) => u.pathname === p.url);
    const heading = page.getByRole('heading', { level: 1 });
    if (p.url !== '/gallery') await expect(heading).not.toHaveText('画面一覧');
    await expect(heading).toBeVisible();
    await expect(heading).not.toHaveText(NOT_FOUND);
    await expect(page.locator('p.loading')).toHaveCount(0);
    expect(errors, `console errors on ${p.url}`).toEqual([]);
  });
}
