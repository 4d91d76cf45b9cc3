import { expect, test } from '../fixtures/test';
import { linkPurposeProblems, walkRouteTable } from '../fixtures';
import { PAGES } from '../fixtures/routes';

// Viewports: phone-360 only: what is checked is the links' names and targets, which do not
// change with the screen's width (the layout at 320/360/412 px is pages.spec.ts's).

// WCAG 2.4.4 link purpose (in context), issue 33: one walk of every page of the route table,
// opened by its URL as pages.spec does (fixtures/names.ts `walkRouteTable`), reads each link's
// accessible name and target from Chromium's accessibility tree. A link fails when its name is
// empty or says nothing of where it goes (「こちら」, 「詳しくは」, 「click here」… on their own),
// and two links of one page fail when they share a name but go to different places with
// nothing (a description, the labelled list or section, the heading above) to tell them apart.
// Every state of the gallery goes through the same check in gallery-scenes.spec. A page added
// to the table is walked here without touching this file. (One walk, not a test per page: the
// same 47 pages as separate tests cost 120 worker-seconds, the walk about 30.)

test('every link of every page says where it goes', async ({ page, request }) => {
  test.setTimeout(300_000);
  const problems: string[] = [];
  const read: string[] = [];
  const walked = await walkRouteTable(page, request, PAGES, (path, controls) => {
    const links = controls.filter((c) => c.role === 'link');
    // Every page has at least its footer's two links: fewer is a broken reading.
    if (links.length < 2) problems.push(`${path}: only ${links.length} links read`);
    read.push(`${path}\n${links.map((l) => `  ${l.name} → ${l.href}`).join('\n')}`);
    problems.push(...linkPurposeProblems(controls).map((p) => `${path}: ${p}`));
  });
  expect(walked, 'pages walked').toBeGreaterThan(30);
  test.info().annotations.push({ type: 'links', description: read.join('\n') });
  expect(problems, 'link purpose (2.4.4)').toEqual([]);
});
