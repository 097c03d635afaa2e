import { describe, expect, it } from 'vitest';
import {
  CONTENT_SCRIPT_HOST,
  type ListingText,
  listingProblems,
  manifestAsks,
  renderListing,
  SHORT_MAX,
} from './listing';
import { LISTING_EN } from './listing-en';
import { LISTING_ES } from './listing-es';

describe('the store listing', () => {
  it.each([LISTING_EN, LISTING_ES])(
    '$language justifies every permission and host the manifests ask for',
    async (text) => {
      const asks = await manifestAsks();
      expect(asks.permissions).toEqual(expect.arrayContaining(['storage', 'identity', 'offscreen']));
      expect(asks.hosts).toContain(CONTENT_SCRIPT_HOST);
      expect(listingProblems(text, asks)).toEqual([]);
      expect(text.short.length).toBeLessThanOrEqual(SHORT_MAX);
    },
  );

  it('names what is missing, stale or too long', () => {
    const text: ListingText = { ...LISTING_EN, short: 'x'.repeat(SHORT_MAX + 1), permissions: { tabs: 'old' } };
    const problems = listingProblems(text, { permissions: ['storage'], hosts: Object.keys(LISTING_EN.hosts) });
    expect(problems).toEqual([
      `English: the short description has ${SHORT_MAX + 1} characters (≤ ${SHORT_MAX})`,
      'English: no justification for the permission storage',
      'English: a justification for tabs, which no manifest asks for',
    ]);
  });

  it('has the same Chrome data-use rows in both languages', () => {
    expect(LISTING_ES.chromeDataUse.map(([, a]) => a.split(/[.:,]/)[0])).toEqual(
      LISTING_EN.chromeDataUse.map(([, a]) => (a.startsWith('Yes') ? 'Sí' : 'No')),
    );
  });

  it('renders each justification into the listing file', async () => {
    const asks = await manifestAsks();
    const md = renderListing(LISTING_ES, asks);
    for (const host of asks.hosts) expect(md).toContain(`| \`${host}\` | ${LISTING_ES.hosts[host]} |`);
    expect(md).toContain(LISTING_ES.singlePurpose);
  });
});
