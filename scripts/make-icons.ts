/**
 * Renders MoodDJ's icon (an SVG kept here) to the PNG sizes Chrome wants, in
 * public/icon/. Run after changing the artwork: `npx tsx scripts/make-icons.ts`.
 */
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../e2e/chromium';
import { ICON_SVG } from './icon-art';

const SVG = ICON_SVG;

const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const page = await browser.newPage();
mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${SVG.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  await page.screenshot({ path: `public/icon/${size}.png`, omitBackground: true });
}
await browser.close();
console.log('Wrote public/icon/{16,32,48,128}.png');
