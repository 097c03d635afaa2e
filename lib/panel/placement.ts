/** Gap between the panel and the player bar, in px. */
const GAP = 12;
/** Bottom offset when the player bar is missing (logged out, or Spotify renamed it). */
export const FALLBACK_BOTTOM = 96;

/** Spotify's player bar, anchored on `data-testid` because its class names are hashed. */
export const PLAYER_BAR_SELECTOR = 'footer[data-testid="now-playing-bar"], [data-testid="now-playing-bar"]';

/**
 * How far above the viewport's bottom edge the panel sits: just above the player bar
 * when there is one, else a fixed fallback.
 */
export function panelBottom(doc: Document, viewportHeight: number): number {
  const bar = doc.querySelector(PLAYER_BAR_SELECTOR);
  if (!bar) return FALLBACK_BOTTOM;
  const rect = bar.getBoundingClientRect();
  if (rect.height === 0 || rect.top <= 0 || rect.top > viewportHeight) return FALLBACK_BOTTOM;
  return Math.round(viewportHeight - rect.top + GAP);
}
