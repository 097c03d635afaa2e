/**
 * `npm run store`: the store kit in store/. Builds the extension into its own folder, takes the screenshots from it
 * (scripts/store/screenshots.ts), renders the promo tile and the store icon (scripts/store/art.ts), and writes the
 * listing texts in English and Spanish (scripts/store/listing.ts). Needs Chromium and the shared data (the
 * catalogue and the happy clip): the screenshots show the fakes' real track names and a real face's mood.
 *
 * `npm run store -- --no-build` reuses the last build in .output-store-kit.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT_DIR = '.output-store-kit';
const STORE_DIR = join(ROOT, 'store');
// Before the e2e helpers load: they read it to find the built extension.
process.env.MOODDJ_OUT_DIR = OUT_DIR;

const { loadCatalog } = await import('../../e2e/fakes/catalog');
const { sharedFile } = await import('../../test/support/shared-data');
const { takeScreenshots } = await import('./screenshots');
const { renderIcon, renderPromo } = await import('./art');
const { listingProblems, manifestAsks, renderListing } = await import('./listing');
const { LISTING_EN } = await import('./listing-en');
const { LISTING_ES } = await import('./listing-es');

const catalog = loadCatalog();
const happyClip = sharedFile('faces/video/happy.mjpeg');
if (!catalog || !happyClip) {
  throw new Error(
    'npm run store needs the shared data (../shared or MOODDJ_SHARED): the catalogue and the happy clip.',
  );
}

const asks = await manifestAsks();
const problems = [LISTING_EN, LISTING_ES].flatMap((text) => listingProblems(text, asks));
if (problems.length > 0) throw new Error(`The listing is not ready:\n  ${problems.join('\n  ')}`);

if (!process.argv.includes('--no-build')) {
  execFileSync('npx', ['wxt', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, MOODDJ_OUT_DIR: OUT_DIR },
  });
}
mkdirSync(STORE_DIR, { recursive: true });

/** Names the screenshot machine's fonts can draw (Latin script): no boxes in place of letters. */
const drawable = (t: (typeof catalog)[number]) =>
  /^[\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]*$/u.test(`${t.name}${t.artists.join('')}${t.album}`);
// A varied library of 600 real tracks: every 150th catalogue row (the catalogue is grouped by genre).
const library = catalog.filter((t, i) => i % 150 === 0 && drawable(t)).slice(0, 600);
const shots = await takeScreenshots({ outDir: STORE_DIR, library, happyClip });
await renderPromo(join(STORE_DIR, 'promo-440x280.png'));
await renderIcon(join(STORE_DIR, 'icon-128.png'));
writeFileSync(join(STORE_DIR, 'listing.en.md'), renderListing(LISTING_EN, asks));
writeFileSync(join(STORE_DIR, 'listing.es.md'), renderListing(LISTING_ES, asks));
console.log(
  `Wrote store/: ${[...shots, 'promo-440x280.png', 'icon-128.png', 'listing.en.md', 'listing.es.md'].join(', ')}`,
);
