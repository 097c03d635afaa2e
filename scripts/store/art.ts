/**
 * The store's own images, rendered by headless Chromium from HTML: the 440×280 promo tile (the real icon, the
 * name, the tagline) and the 128 px store icon, whose artwork is 96 px with 16 px of transparent padding as the
 * Chrome Web Store asks (the manifest's icon/128.png fills its square: a toolbar has no room to spare).
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/chromium';
import { ICON_SVG } from '../icon-art';

async function render(html: string, size: { width: number; height: number }, path: string, transparent = false) {
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: size });
    await page.setContent(html);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path, omitBackground: transparent });
  } finally {
    await browser.close();
  }
}

const sized = (px: number) => ICON_SVG.replace('<svg ', `<svg width="${px}" height="${px}" `);

export async function renderIcon(path: string): Promise<void> {
  await render(
    `<html><body style="margin:0;background:transparent"><div style="padding:16px;width:96px;height:96px">${sized(96)}</div></body></html>`,
    { width: 128, height: 128 },
    path,
    true,
  );
}

/** The promo tile: English, as the listing's default language. */
export async function renderPromo(path: string): Promise<void> {
  const chip = (text: string, color: string) =>
    `<span style="border:1.5px solid ${color};color:${color};border-radius:999px;padding:3px 10px">${text}</span>`;
  await render(
    `<html><body style="margin:0;width:440px;height:280px;overflow:hidden;font-family:'DejaVu Sans',sans-serif;color:#fff;
      background:radial-gradient(circle at 85% 20%,#1d5c3a 0,#121212 55%),#121212">
      <div style="display:flex;gap:18px;align-items:center;padding:46px 36px 0">
        <div style="width:92px;height:92px;border-radius:21px;box-shadow:0 0 0 1.5px #3d3d3d,0 10px 30px rgba(0,0,0,.6)">${sized(92)}</div>
        <div><div style="font-size:40px;font-weight:700;letter-spacing:-0.5px">MoodDJ</div>
          <div style="font-size:15px;color:#d6d6d6;margin-top:4px;white-space:nowrap">Music for the mood on your face</div></div>
      </div>
      <div style="padding:28px 36px 0;font-size:14px;color:#b3b3b3;line-height:1.45">Reads your expression on your device and queues<br>matching tracks from your own Spotify library.</div>
      <div style="display:flex;gap:8px;padding:18px 36px 0;font-size:12px">
        ${chip('happy', '#1ed760')}${chip('focus', '#7fb4ff')}${chip('workout', '#ff9d5c')}${chip('wind down', '#c9a0ff')}
      </div>
    </body></html>`,
    { width: 440, height: 280 },
    path,
  );
}
