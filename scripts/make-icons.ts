/**
 * Renders MoodDJ's icon (an SVG kept here) to the PNG sizes Chrome wants, in
 * public/icon/. Run after changing the artwork: `npx tsx scripts/make-icons.ts`.
 */
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../e2e/chromium';

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
  <rect width="128" height="128" rx="28" fill="#121212"/>
  <circle cx="64" cy="64" r="46" fill="#1ed760"/>
  <circle cx="64" cy="64" r="34" fill="none" stroke="#121212" stroke-width="3" opacity="0.35"/>
  <circle cx="48" cy="54" r="7" fill="#121212"/>
  <circle cx="80" cy="54" r="7" fill="#121212"/>
  <path d="M42 74 Q64 98 86 74" fill="none" stroke="#121212" stroke-width="9" stroke-linecap="round"/>
</svg>`;

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
