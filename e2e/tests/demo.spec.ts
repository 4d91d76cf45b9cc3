import { expect, test } from '../fixtures/test';
import { DEFAULT_CLOCK, LicensePage, expectGoodPage, loginAs, resetDemo, setClock, submitDemoApplication } from '../fixtures';

// Viewports: both: the demo control page is a dense form (people, clock, reader controls) whose
// rows wrap differently at 360 and 412 px.

// SPEC §5: the demo control page and API (demo mode only).

const NEW_CLOCK = '2026-11-15T10:00:00+09:00';

function apiPath(path: string) {
  return (r: { url(): string }) => new URL(r.url()).pathname === path;
}

test.beforeEach(async ({ request }) => {
  await resetDemo(request);
});

test('/demo: choosing a person logs in and opens their record', async ({ page }) => {
  await page.goto('/demo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('デモ操作');
  await expect(page.getByRole('button', { name: '免許 太郎', exact: true })).toBeVisible();
  await expectGoodPage(page);

  await page.getByRole('button', { name: '経歴 梅子', exact: true }).click();

  await expect(page).toHaveURL(/\/license$/);
  const record = new LicensePage(page);
  await record.expectRecord('運転経歴情報', '経歴 梅子');
  await record.expectGoodPage();
});

test('/demo: reset, clock and worker do what they say, and say it in the status region', async ({ page }) => {
  // Something for each control to undo or do: a moved clock and two waiting applications.
  await setClock(page, '2027-01-05T09:00:00+09:00');
  await page.goto('/demo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('デモ操作');
  const status = page.getByRole('status');

  // 初期化: the clock is back at its default.
  const reset = page.waitForResponse(apiPath('/api/demo/reset'));
  await page.getByRole('button', { name: 'デモデータを初期化' }).click();
  expect((await reset).status()).toBe(204);
  await expect(status).toHaveText('デモデータを初期化しました。ログインし直してください。');
  const afterReset = await page.request.get('/api/demo/clock');
  expect(Date.parse((await afterReset.json()).now), 'the reset put the clock back').toBe(Date.parse(DEFAULT_CLOCK));
  await expectGoodPage(page);

  // 時計
  const clockInput = page.getByLabel('デモ時計');
  await expect(clockInput).toHaveAttribute('type', 'datetime-local');
  await clockInput.fill('2026-11-15T10:00');
  const put = page.waitForResponse((r) => apiPath('/api/demo/clock')(r) && r.request().method() === 'PUT');
  await page.getByRole('button', { name: '時計を設定' }).click();
  expect((await put).status()).toBe(200);
  await expect(status).toHaveText(/^デモ時計を2026\D{1,3}11\D{1,3}15\D{1,3}10:00\D{0,3}に設定しました。$/);
  await expectGoodPage(page);

  const clock = await page.request.get('/api/demo/clock');
  expect(clock.status()).toBe(200);
  expect(Date.parse((await clock.json()).now)).toBe(Date.parse(NEW_CLOCK));

  // 申請の処理: the two applications just submitted, and the count said.
  await loginAs(page, 'taro');
  const first = await submitDemoApplication(page, 'demo-page-1');
  await submitDemoApplication(page, 'demo-page-2', '{"n":2}');
  const processed = page.waitForResponse(apiPath('/api/demo/process'));
  await page.getByRole('button', { name: '申請を処理する' }).click();
  const answer = await processed;
  expect(answer.status()).toBe(200);
  expect((await answer.json()).processed).toBe(2);
  await expect(status).toHaveText('申請を処理しました（2件）。');
  const application = await page.request.get(`/api/applications/${first}`);
  expect((await application.json()).status, 'the application was processed').not.toBe('受付済');
  await expectGoodPage(page);
});

test('demo API: reset, clock and login answers', async ({ request }) => {
  const reset = await request.post('/api/demo/reset');
  expect(reset.status()).toBe(204);

  const initial = await request.get('/api/demo/clock');
  expect(initial.status()).toBe(200);
  expect(await initial.json()).toEqual({ now: DEFAULT_CLOCK });

  const put = await request.put('/api/demo/clock', { data: { now: NEW_CLOCK } });
  expect(put.status()).toBe(200);
  expect(await put.json()).toEqual({ now: NEW_CLOCK });
  expect(await (await request.get('/api/demo/clock')).json()).toEqual({ now: NEW_CLOCK });

  const unknown = await request.post('/api/demo/login', { data: { person: 'nobody' } });
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()['content-type']).toContain('application/problem+json');
  const problem = await unknown.json();
  expect(problem).toMatchObject({ status: 404, code: 'unknown_person' });
  expect(typeof problem.detail).toBe('string');
});
