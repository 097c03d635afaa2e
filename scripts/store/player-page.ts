/**
 * A web-player look-alike for the store screenshots, filled from the fake Spotify's catalogue (real track, artist and
 * album names from the shared data). It keeps the hooks MoodDJ's content script reads (the now-playing bar and
 * widget, lib/panel/placement.ts and player-watch.ts), so the real panel sits where it would on open.spotify.com. No
 * Spotify logo or artwork: album covers are gradients.
 */
import type { CatalogTrack } from '../../e2e/fakes/catalog';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A cover: a gradient whose hue comes from the track id, its brightness from the track's energy. */
function cover(t: CatalogTrack): string {
  let hash = 0;
  for (const c of t.id) hash = (hash * 31 + c.charCodeAt(0)) % 360;
  const light = Math.round(32 + t.energy * 22);
  return `background: linear-gradient(135deg, hsl(${hash} 65% ${light}%), hsl(${(hash + 50) % 360} 60% 20%))`;
}

/** The transport buttons, drawn (the machine's fonts have no media-control glyphs). */
const CONTROLS = [
  '<path d="M6 5h2v14H6zM20 5v14L9 12z"/>',
  '<path d="M7 5h4v14H7zM13 5h4v14h-4z"/>',
  '<path d="M16 5h2v14h-2zM4 5v14l11-7z"/>',
]
  .map(
    (d, i) =>
      `<svg viewBox="0 0 24 24" width="${i === 1 ? 34 : 22}" height="${i === 1 ? 34 : 22}" fill="#fff">${d}</svg>`,
  )
  .join('');

function tile(t: CatalogTrack): string {
  return `<div class="tile"><div class="art" style="${cover(t)}"></div><b>${escapeHtml(t.album)}</b><span>${escapeHtml(t.artists.join(', '))}</span></div>`;
}

function row(t: CatalogTrack, i: number): string {
  const min = Math.floor(t.durationMs / 60_000);
  const sec = String(Math.floor((t.durationMs % 60_000) / 1000)).padStart(2, '0');
  return `<li><i>${i + 1}</i><div class="mini" style="${cover(t)}"></div><p><b>${escapeHtml(t.name)}</b><span>${escapeHtml(t.artists.join(', '))}</span></p><em>${escapeHtml(t.album)}</em><time>${min}:${sec}</time></li>`;
}

/** The page: a sidebar, a shelf of albums, a track list and the now-playing bar naming `playing`. */
export function playerPage(tracks: readonly CatalogTrack[], playing: CatalogTrack): string {
  const label = `Now playing: ${playing.name} by ${playing.artists.join(', ')}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Web Player</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; height: 100vh; display: grid; grid-template: 1fr 84px / 240px 1fr; gap: 8px; padding: 8px;
    background: #000; color: #fff; font: 14px/1.4 "DejaVu Sans", system-ui, sans-serif; overflow: hidden; }
  nav, main { background: #121212; border-radius: 8px; padding: 20px; overflow: hidden; }
  nav h2 { font-size: 15px; color: #b3b3b3; margin: 0 0 16px; }
  nav div { display: flex; gap: 10px; align-items: center; margin: 10px 0; color: #ddd; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  nav .mini { flex: none; }
  nav .mini { width: 40px; height: 40px; }
  main { background: linear-gradient(#2b3a55 0, #121212 300px); }
  h1 { margin: 8px 0 18px; font-size: 30px; }
  .shelf { display: grid; grid-template-columns: repeat(5, 1fr); gap: 18px; margin-bottom: 22px; }
  .tile { background: #181818; border-radius: 8px; padding: 12px; display: grid; gap: 4px; min-width: 0; }
  .tile .art { aspect-ratio: 1; border-radius: 6px; margin-bottom: 6px; }
  .tile b, .tile span, li b, li span, li em { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .tile span, li span, li em, li i, li time { color: #a7a7a7; font-style: normal; }
  h3 { margin: 0 0 8px; font-size: 20px; }
  ul { list-style: none; margin: 0; padding: 0; }
  li { display: grid; grid-template-columns: 24px 40px 1.4fr 1fr 48px; gap: 12px; align-items: center; padding: 6px 8px; border-radius: 4px; }
  li:nth-child(2) { background: #2a2a2a; }
  li p { margin: 0; display: grid; min-width: 0; }
  .mini { width: 40px; height: 40px; border-radius: 4px; }
  footer { grid-column: 1 / -1; display: grid; grid-template-columns: 1fr 1.4fr 1fr; align-items: center; padding: 0 12px; }
  footer .now { display: flex; gap: 12px; align-items: center; }
  footer .now .mini { width: 56px; height: 56px; }
  .bar { height: 4px; background: #4d4d4d; border-radius: 2px; position: relative; }
  .bar::after { content: ""; position: absolute; inset: 0 58% 0 0; background: #fff; border-radius: 2px; }
  .controls { display: grid; gap: 8px; justify-items: center; color: #b3b3b3; font-size: 12px; }
  .controls .buttons { display: flex; gap: 28px; align-items: center; }
  .controls .time { display: grid; grid-template-columns: 40px 1fr 40px; gap: 8px; width: 100%; align-items: center; }
</style></head>
<body>
  <nav><h2>Your Library</h2>${tracks
    .slice(10, 22)
    .map((t) => `<div><span class="mini" style="${cover(t)}"></span>${escapeHtml(t.album)}</div>`)
    .join('')}</nav>
  <main id="main"><h1 id="page-title">Good evening</h1>
    <div class="shelf">${tracks.slice(0, 5).map(tile).join('')}</div>
    <h3>Liked Songs</h3><ul>${tracks.slice(5, 13).map(row).join('')}</ul>
  </main>
  <footer data-testid="now-playing-bar">
    <div class="now"><span class="mini" style="${cover(playing)}"></span>
      <div data-testid="now-playing-widget" aria-label="${escapeHtml(label)}"><b>${escapeHtml(playing.name)}</b><br><span style="color:#a7a7a7">${escapeHtml(playing.artists.join(', '))}</span></div></div>
    <div class="controls"><div class="buttons">${CONTROLS}</div>
      <div class="time"><span data-testid="playback-position">1:52</span><div class="bar"></div><span>3:41</span></div></div>
    <div></div>
  </footer>
</body></html>`;
}
