import { describe, expect, it } from 'vitest';
import { FALLBACK_BOTTOM, panelBottom } from './placement';

function docWithBar(rect: { top: number; height: number } | null): Document {
  return {
    querySelector: () => (rect ? { getBoundingClientRect: () => rect } : null),
  } as unknown as Document;
}

describe('panelBottom', () => {
  it('sits just above the player bar', () => {
    expect(panelBottom(docWithBar({ top: 808, height: 92 }), 900)).toBe(104);
  });

  it('falls back to a fixed offset when the bar is missing or hidden', () => {
    expect(panelBottom(docWithBar(null), 900)).toBe(FALLBACK_BOTTOM);
    expect(panelBottom(docWithBar({ top: 0, height: 0 }), 900)).toBe(FALLBACK_BOTTOM);
  });
});
