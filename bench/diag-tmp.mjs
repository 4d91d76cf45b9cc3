import { chromium, devices } from 'playwright-core';
const base = process.argv[2] || 'http://localhost:18392';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
for (let i = 0; i < 2; i++) {
const c = await b.newContext({ ...devices['Pixel 7'] });
await c.request.post(base + '/api/demo/login', { data: { person: 'taro' } });
const p = await c.newPage();
const cdp = await c.newCDPSession(p);
await cdp.send('Network.enable'); await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 209715, uploadThroughput: 96000 });
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await p.goto(base + '/license');
await p.waitForSelector('dl.record dd');
await p.waitForTimeout(1500);
const t = await p.evaluate(() => ({
  nav: performance.getEntriesByType('navigation').map(e => [e.responseStart|0, e.responseEnd|0, e.domContentLoadedEventEnd|0]),
  res: performance.getEntriesByType('resource').map(e => [new URL(e.name).pathname.slice(0,40), e.initiatorType, e.startTime|0, e.requestStart|0, e.responseStart|0, e.responseEnd|0, e.transferSize]),
  paint: performance.getEntriesByType('paint').map(e => [e.name, e.startTime|0]),
  lt: performance.getEntriesByType('longtask').length,
}));
console.log(JSON.stringify(t, null, 0).replace(/\],\[/g, '],\n ['));
await c.close();
}
await b.close();
