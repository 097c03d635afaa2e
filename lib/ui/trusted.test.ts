import { describe, expect, it } from 'vitest';
import { trusted } from './trusted';

describe('trusted', () => {
  it('ignores an event a script dispatched', () => {
    const target = new EventTarget();
    const seen: Event[] = [];
    target.addEventListener(
      'click',
      trusted((event) => seen.push(event)),
    );
    target.dispatchEvent(new Event('click'));
    expect(seen).toEqual([]);
  });

  it('runs the handler for an event the platform made', () => {
    // Node marks the events it fires itself (here AbortSignal's `abort`) as trusted, as a
    // browser does for real input: the one way to get isTrusted === true outside a browser.
    const controller = new AbortController();
    const seen: Event[] = [];
    controller.signal.addEventListener(
      'abort',
      trusted((event) => seen.push(event)),
    );
    controller.abort();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.isTrusted).toBe(true);
  });
});
