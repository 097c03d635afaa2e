/**
 * Wraps a control's handler so it runs only for events the browser made from real input.
 *
 * The panel lives inside open.spotify.com, whose own scripts can fire events at anything they
 * reach: `el.click()` and `dispatchEvent(...)` make events with `isTrusted === false`. The
 * closed shadow root already keeps the page out; this is the second wall. A
 * person's click, tap, or Enter/Space on a focused button is always trusted, so the shared
 * components use it on every surface.
 */
export function trusted<E extends Event>(handler: (event: E) => void): (event: E) => void {
  return (event) => {
    if (!event.isTrusted) return;
    handler(event);
  };
}
