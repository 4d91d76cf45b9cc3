import { expect, test, type Page } from '../fixtures/test';
import {
  expectConsistentButtons,
  expectGoodPage,
  expectLinkPurpose,
  expectMessagesAnnounced,
  expectNoClippedBoxes,
  expectNoHorizontalScroll,
  expectTextAndReflowCriteria,
  PC_BRIDGE_ABSENT,
  resetDemo,
  showAsPixel7,
} from '../fixtures';
import { PAGES, SCENES, routePattern } from '../fixtures/routes';

// Viewports: phone-360 only as a project: each scene is played once at 360 px, then the same
// state is shown on the Pixel 7's screen (412 px, DPR 2.625) and its layout checked again (playing every
// scene twice would double the suite's longest spec for the same screens).

// The gallery's states (issue 18): every scene of crates/routes/src/scenes is listed under
// its page with the manual's steps, and `/gallery?scene=KEY` leaves the real page in that
// state — checked here by the scene's own text, the URL of its page, axe and the console.
// Each plays at 360 px (the narrower phone, where overflow shows) and is checked again on
// the Pixel 7's screen; `cargo xtask screenshots` photographs every scene at both sizes. Then the same
// state goes through the layout criteria axe cannot judge: reflow at 320 px, WCAG's text
// spacing and text at 200 % (fixtures/reflow.ts).

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

/** Plays a scene and waits for the player's verdict (`data-scene` or `data-scene-error`). */
async function playScene(page: Page, key: string): Promise<void> {
  await page.goto(`/gallery?scene=${key}`);
  const verdict = await page.waitForFunction(
    () => {
      const root = document.documentElement;
      return root.dataset.sceneError ? `error: ${root.dataset.sceneError}` : root.dataset.scene ?? null;
    },
    null,
    { timeout: 100_000 },
  );
  expect(await verdict.jsonValue(), `the player's verdict on ${key}`).toBe(key);
}

test('every state is listed under its page, with the manual’s steps, as a link that plays it', async ({ page }) => {
  expect(SCENES.length, 'scenes in the table').toBeGreaterThanOrEqual(90);
  await page.goto('/gallery');
  // Each page's list read in one go (its accessible name, its items' links and texts), then
  // compared with the table: one round trip instead of two hundred.
  const pages = PAGES.filter((p) => p.scenes.length > 0);
  await expect(page.getByRole('list', { name: `${pages[0].name}の状態`, exact: true })).toBeVisible();
  for (const p of pages) {
    const states = page.getByRole('list', { name: `${p.name}の状態`, exact: true });
    const items = await states.getByRole('listitem').evaluateAll((lis) =>
      lis.map((li) => ({ href: li.querySelector('a')?.getAttribute('href') ?? '', text: li.querySelector('a')?.textContent ?? '' })),
    );
    expect(items.length, `states of ${p.path}`).toBe(p.scenes.length);
    for (const s of p.scenes) {
      const item = items.find((i) => i.href === `/gallery?scene=${s.key}`);
      expect(item, `${s.key} listed under ${p.path}`).toBeDefined();
      expect(item!.text, `${s.key}'s state`).toContain(s.state);
      expect(item!.text, `${s.key}'s steps`).toContain(s.manual.length > 0 ? s.manual.join('・') : 'マニュアル外');
    }
  }
  await expectGoodPage(page);
  // A state played from the list: the router's navigation, no reload.
  await page.evaluate(() => ((window as unknown as { galleryMarker: number }).galleryMarker = 1));
  await page.locator('a[href="/gallery?scene=link-5-two-left"]').click();
  await expect(page.locator('html[data-scene="link-5-two-left"]')).toHaveCount(1, { timeout: 60_000 });
  await expect(page).toHaveURL(/\/license\/link\/send$/);
  await expect(page.getByRole('dialog', { name: '券面情報の読取' })).toContainText('あと2回間違えるとロックされます');
  expect(await page.evaluate(() => (window as unknown as { galleryMarker?: number }).galleryMarker)).toBe(1);
});

for (const { scene, page: target } of SCENES) {
  test(`scene ${scene.key}: ${target.name} — ${scene.state}`, async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      // A refused request the page answers on screen (a card taken away, 連携できません)
      // is Chromium's line, not the app's error.
      // So is the PC card reader probe finding no bridge (PC_BRIDGE_ABSENT).
      if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()) && !PC_BRIDGE_ABSENT.test(m.text()))
        errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await playScene(page, scene.key);
    expect(new URL(page.url()).pathname, `${scene.key} ends on ${target.path}`).toMatch(routePattern(target.path));
    await expect(page.getByText(scene.shows, { exact: false }).first()).toBeVisible();
    await expect(page.locator('p.loading')).toHaveCount(0);
    await expectGoodPage(page);
    // Messages in live regions, invalid fields described (WCAG 4.1.3, 3.3.1).
    await expectMessagesAnnounced(page);
    // WCAG 2.4.4 (each link says where it goes) and 3.2.4 (each button of a known function
    // carries its one label) in this state: fixtures/names.ts.
    await expectConsistentButtons(page, scene.key, await expectLinkPurpose(page, scene.key));
    // WCAG 1.4.10 (320 px), 1.4.12 (text spacing) and 1.4.4 (text at 200 %): docs/ACCESSIBILITY.md.
    await expectTextAndReflowCriteria(page);
    // The same state on the Pixel 7's screen, 412 px at DPR 2.625 (the flow specs run at
    // 360 px only and rely on this). Last: it holds until the page closes.
    await showAsPixel7(page);
    await expectNoHorizontalScroll(page);
    await expectNoClippedBoxes(page);
    expect(errors, `console errors in ${scene.key}`).toEqual([]);
  });
}
