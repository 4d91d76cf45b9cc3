import { expect, test } from '../fixtures/test';
import { controlsOf, enterLectureSite, linkPurposeProblems, loginAs, resetDemo } from '../fixtures';
import { PAGES } from '../fixtures/routes';

// Viewports: phone-360 only: what is checked is the links' names and targets, which do not
// change with the screen's width (the layout at 320/360/412 px is pages.spec.ts's).

// WCAG 2.4.4 link purpose (in context), issue 33: every page of the route table is opened by
// its URL, as pages.spec does, and each link's accessible name and target are read from
// Chromium's accessibility tree (fixtures/names.ts). A link fails when its name is empty or
// says nothing of where it goes (「こちら」, 「詳しくは」, 「click here」… on their own), and
// two links of one page fail when they share a name but go to different places with nothing
// (a description, the labelled list or section, the heading above) to tell them apart. Every
// state of the gallery goes through the same check in gallery-scenes.spec. A page added to the
// table is walked here without touching this file.

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

for (const p of PAGES.filter((p) => p.url !== null)) {
  test(`${p.url} (${p.name}): every link says where it goes`, async ({ page }) => {
    if (p.access === 'Person') await loginAs(page, 'taro');
    if (p.access === 'Attendee') await enterLectureSite(page);
    await page.goto(p.url!);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('p.loading')).toHaveCount(0);
    const controls = await controlsOf(page);
    const links = controls.filter((c) => c.role === 'link');
    // Every page has at least its footer's two links: an empty list is a broken reading.
    expect(links.length, `links read on ${p.url}`).toBeGreaterThanOrEqual(2);
    test.info().annotations.push({ type: 'links', description: links.map((l) => `${l.name} → ${l.href}`).join('\n') });
    expect(linkPurposeProblems(controls), `link purpose (2.4.4) on ${p.url}`).toEqual([]);
  });
}
