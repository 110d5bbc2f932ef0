import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, signIn, type TestUser } from './apiClient';
import { type ServerProcess, startServerProcess } from './startServerProcess';

const CHROMIUM = '/usr/bin/chromium';
const BUILD_WEB = fileURLToPath(new URL('../scripts/buildWeb.mjs', import.meta.url));
const MINUTE = 60_000;

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI !== undefined)
  throw new Error(`${CHROMIUM} is missing, and CI is set: install it with apt-get install -y chromium`);
if (!hasChromium)
  console.warn(
    `SKIPPED the list page's browser test: ${CHROMIUM} is missing (apt-get install -y chromium); CI never skips it`,
  );

/** 25 distinct titles; three hold the word "gramophone" (the demo auctions hold none). */
const TITLES = [
  'Brass ship telescope',
  'Walnut writing desk',
  'Gramophone with a tulip horn',
  'Silver pocket watch',
  'Oak barrister bookcase',
  'Porcelain tea service for six',
  'Art deco table lamp',
  'Portable gramophone in blue case',
  'Victorian rocking horse',
  'Copper fish kettle',
  'Persian runner rug',
  'Enamel advertising sign',
  'Cast iron garden bench',
  'Gramophone needles, tin of 200',
  'Rosewood chess set',
  'Stained glass panel',
  'Bakelite telephone',
  'Carved jade pendant',
  'Mahogany mantel clock',
  'Pewter tankard pair',
  'Tin toy robot',
  'Cut crystal decanter',
  'Leather campaign chest',
  'Marble bust of a poet',
  'Railway station clock',
] as const;

/** Every auction of `GET /api/auctions` for `query`, page by page, as the API orders them. */
const apiList = async (
  base: string,
  query: Record<string, string>,
): Promise<{ id: string; title: string }[]> => {
  const listed: { id: string; title: string }[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, limit: '100', ...(cursor === null ? {} : { cursor }) });
    const answer = await request(base, 'GET', `/api/auctions?${params}`);
    expect(answer.status).toBe(200);
    for (const auction of answer.body.auctions) listed.push({ id: auction.auctionId, title: auction.title });
    cursor = answer.body.nextCursor;
  } while (cursor !== null);
  return listed;
};

/** The listed cards' auction ids, in page order. */
const cardIds = (page: Page): Promise<string[]> =>
  page
    .getByTestId('auction-card')
    .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-auction-id') ?? ''));

/** The listed cards' prices in cents, read from `$1,250.50` or `Starts at $10.00`. */
const cardCents = async (page: Page): Promise<number[]> =>
  (await page.getByTestId('card-price').allTextContents()).map((text) => {
    const match = /\$([\d,]+)\.(\d\d)$/.exec(text);
    return match === null ? Number.NaN : Number(match[1]?.replace(/,/g, '')) * 100 + Number(match[2]);
  });

/** The page's address after the origin: path and query string. */
const address = (page: Page): string => {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
};

describe.skipIf(!hasChromium)('the list page in Chromium: sort, filter, search, More', () => {
  let server: ServerProcess;
  let browser: Browser;
  let directory: string;
  let buyer: TestUser;
  const created: { id: string; title: string; startingPrice: number }[] = [];
  const pageErrors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'gavel-list-page-'));
    const built = spawnSync(process.execPath, [BUILD_WEB], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`buildWeb failed:\n${built.stderr}`);
    server = await startServerProcess({
      GAVEL_STORE: `sqlite:${join(directory, 'gavel.db')}`,
      GAVEL_SECRET: 'list-page-test-secret',
      GAVEL_DEMO: 'off',
      GAVEL_AUCTIONS_PER_HOUR: '1000',
    });
    // Two sellers, and distinct prices and ends: the price order differs from the end order.
    const sellers = [await signIn(server.url, 'Seller one'), await signIn(server.url, 'Seller two')];
    buyer = await signIn(server.url, 'Buyer');
    // One that closes at once, for the status filter.
    const short = await request(server.url, 'POST', '/api/auctions', {
      cookie: sellers[0]?.cookie as string,
      body: { title: 'Quickly closed lot', startingPrice: 700, durationMs: 1000 },
    });
    expect(short.status).toBe(201);
    for (const [index, title] of TITLES.entries()) {
      const startingPrice = 1000 + ((index * 19) % TITLES.length) * 250;
      const answer = await request(server.url, 'POST', '/api/auctions', {
        cookie: sellers[index % 2]?.cookie as string,
        body: { title, startingPrice, durationMs: (20 + index) * MINUTE },
      });
      expect(answer.status).toBe(201);
      created.push({ id: answer.body.auctionId, title, startingPrice });
    }
    // The one that closed at once is closed before the tests begin: the open list no longer moves.
    const closedBy = Date.now() + 15_000;
    while ((await apiList(server.url, { status: 'closed' })).length === 0) {
      if (Date.now() > closedBy) throw new Error('the short auction was not closed within 15 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const openPage = async (path: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(server.url + path);
    return { context, page };
  };

  it('shows the first 20 open auctions ending soonest, More appends the rest once each, and they stay live', async () => {
    const expected = (await apiList(server.url, { status: 'open' })).map((auction) => auction.id);
    expect(expected.length).toBeGreaterThan(25); // ours and the demo's
    expect(expected).toEqual(expect.arrayContaining(created.map((auction) => auction.id)));
    const { context, page } = await openPage('/');
    await expect.poll(() => cardIds(page), { timeout: 10_000 }).toEqual(expected.slice(0, 20));
    expect(await page.getByTestId('list-sort').inputValue()).toBe('ending');
    expect(await page.getByTestId('list-status').inputValue()).toBe('open');
    expect(await page.getByTestId('list-search').inputValue()).toBe('');
    expect(address(page)).toBe('/');
    const more = page.getByTestId('list-more');
    expect(await more.isVisible()).toBe(true);

    await more.click();
    await expect.poll(() => cardIds(page), { timeout: 10_000 }).toEqual(expected);
    const ids = await cardIds(page);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await more.isHidden()).toBe(true);
    expect(await page.getByTestId('list-empty').isHidden()).toBe(true);

    // An auction of the appended page follows the feed: a bid moves its price with no reload.
    const ours = new Set(created.map((auction) => auction.id));
    const appended = ids.slice(20).findLast((auctionId) => ours.has(auctionId)) as string;
    expect(appended).toBeDefined();
    const card = page.locator(`[data-auction-id="${appended}"]`);
    await card.scrollIntoViewIfNeeded();
    const bid = await request(server.url, 'POST', `/api/auctions/${appended}/bids`, {
      cookie: buyer.cookie,
      body: { amount: 12_550 },
    });
    expect(bid.status).toBe(200);
    await expect.poll(() => card.getByTestId('card-price').textContent(), { timeout: 5000 }).toBe('$125.50');
    await expect.poll(() => card.textContent(), { timeout: 5000 }).toContain('1 bid');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('sorts by price, high to low, across pages, and the address says so', async () => {
    const { context, page } = await openPage('/');
    await expect.poll(() => page.getByTestId('auction-card').count(), { timeout: 10_000 }).toBe(20);
    await page.getByTestId('list-sort').selectOption('price-desc');
    await expect.poll(() => address(page)).toBe('/?sort=price-desc');
    const expected = (await apiList(server.url, { status: 'open', sort: 'price-desc' })).map(
      (auction) => auction.id,
    );
    await expect.poll(() => cardIds(page), { timeout: 10_000 }).toEqual(expected.slice(0, 20));
    await page.getByTestId('list-more').click();
    await expect.poll(() => cardIds(page), { timeout: 10_000 }).toEqual(expected);
    const cents = await cardCents(page);
    expect(cents.every(Number.isInteger)).toBe(true);
    expect(cents).toEqual([...cents].sort((a, b) => b - a));
    expect(cents[0]).toBe(20_000); // the demo atlas, $200.00
    await context.close();
  });

  it('shows only the titles holding a searched word, and says so when none does', async () => {
    const { context, page } = await openPage('/');
    await expect.poll(() => page.getByTestId('auction-card').count(), { timeout: 10_000 }).toBe(20);
    await page.getByTestId('list-search').fill('GRAMOPHONE');
    await page.getByTestId('list-search').press('Enter');
    await expect.poll(() => address(page), { timeout: 5000 }).toBe('/?q=GRAMOPHONE');
    const gramophones = created.filter((auction) => /\bgramophone\b/i.test(auction.title));
    expect(gramophones).toHaveLength(3);
    await expect
      .poll(async () => (await cardIds(page)).sort(), { timeout: 10_000 })
      .toEqual(gramophones.map((auction) => auction.id).sort());
    for (const title of await page.getByTestId('card-title').allTextContents())
      expect(title).toMatch(/\bgramophone\b/i);
    expect(await page.getByTestId('list-more').isHidden()).toBe(true);

    await page.getByTestId('list-search').fill('unicorn saddle');
    await page.getByTestId('list-search-submit').click();
    const empty = page.getByTestId('list-empty');
    await expect.poll(() => empty.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await empty.textContent()).toBe('No auctions match “unicorn saddle” among open auctions.');
    expect(await page.getByTestId('auction-card').count()).toBe(0);
    expect(address(page)).toBe('/?q=unicorn+saddle');
    await context.close();
  });

  it('opens the list a link describes, keeps it on reload, and goes back to the previous choice', async () => {
    // A link with the defaults spelled out opens the same list as /, under its plain address.
    const plain = await openPage('/?status=open&sort=ending&q=');
    await expect.poll(() => plain.page.getByTestId('auction-card').count(), { timeout: 10_000 }).toBe(20);
    expect(address(plain.page)).toBe('/');
    await plain.context.close();

    const { context, page } = await openPage('/?sort=price-asc&q=clock&status=all');
    const clocks = (await apiList(server.url, { sort: 'price-asc', q: 'clock' })).map(
      (auction) => auction.id,
    );
    expect(clocks).toHaveLength(2);
    const shows = async () => ({
      sort: await page.getByTestId('list-sort').inputValue(),
      status: await page.getByTestId('list-status').inputValue(),
      q: await page.getByTestId('list-search').inputValue(),
      ids: await cardIds(page),
    });
    const clockList = { sort: 'price-asc', status: 'all', q: 'clock', ids: clocks };
    await expect.poll(shows, { timeout: 10_000 }).toEqual(clockList);
    expect(address(page)).toBe('/?sort=price-asc&q=clock&status=all');

    await page.reload();
    await expect.poll(shows, { timeout: 10_000 }).toEqual(clockList);

    // Closed auctions only: the one that ended at once, shown without a price.
    await page.getByTestId('list-search').fill('');
    await page.getByTestId('list-search-submit').click();
    await page.getByTestId('list-status').selectOption('closed');
    await expect.poll(() => address(page)).toBe('/?sort=price-asc&status=closed');
    await expect
      .poll(() => page.getByTestId('card-title').allTextContents(), { timeout: 10_000 })
      .toEqual(['Quickly closed lot']);
    expect(await page.getByTestId('card-price').textContent()).toBe('No bids');
    expect(await page.getByTestId('card-countdown').textContent()).toBe('closed');
    await page.reload();
    await expect
      .poll(() => page.getByTestId('card-title').allTextContents(), { timeout: 10_000 })
      .toEqual(['Quickly closed lot']);
    expect(await page.getByTestId('list-status').inputValue()).toBe('closed');

    // Back: the previous choices, in the controls and the list.
    await page.goBack();
    await expect.poll(() => address(page)).toBe('/?sort=price-asc&status=all');
    await expect.poll(() => page.getByTestId('list-status').inputValue(), { timeout: 5000 }).toBe('all');
    await page.goBack();
    await expect.poll(shows, { timeout: 10_000 }).toEqual(clockList);
    expect(pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
