import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVITIES, MOODS } from '@/lib/mood/types';
import { MOOD_LOOK } from '@/lib/ui/moods';

// WCAG 2.1 AA contrast, computed rather than judged by eye: text 4.5:1 (SC 1.4.3); the parts that show a
// control and its state, and the focus ring, 3:1 (SC 1.4.11). The ratios use WCAG's relative luminance.

const ROOT = join(import.meta.dirname, '..');
const TOKENS_CSS = readFileSync(join(ROOT, 'components/tokens.css'), 'utf8');

type Rgba = readonly [number, number, number, number];

/** The `--mdj-*` tokens of tokens.css's `:root, :host` block. */
const TOKENS: ReadonlyMap<string, string> = new Map(
  [...(/:root,\s*:host\s*\{([^}]*)\}/.exec(TOKENS_CSS)?.[1] ?? '').matchAll(/(--mdj-[\w-]+):\s*([^;]+);/g)].map(
    ([, name, value]) => [name as string, (value as string).trim()],
  ),
);

/** A CSS colour (hex, rgb(), a `--mdj-*` token, `color-mix(in srgb, …)`) as 0–255 channels and alpha; null if not one. */
function parse(value: string): Rgba | null {
  const v = value.trim();
  const token = /^var\((--mdj-[\w-]+)\)$/.exec(v)?.[1];
  if (token) return TOKENS.has(token) ? parse(TOKENS.get(token) as string) : null;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(v)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)).concat(1) as unknown as Rgba;
  }
  const rgb = /^rgba?\(([^)]*)\)$/.exec(v)?.[1];
  if (rgb) {
    const [r = 0, g = 0, b = 0, a = '1'] = rgb.split(/[\s,/]+/).filter(Boolean);
    const alpha = a.endsWith('%') ? Number.parseFloat(a) / 100 : Number.parseFloat(a);
    return [Number(r), Number(g), Number(b), alpha];
  }
  const mix = /^color-mix\(in srgb,\s*(.+?)\s+(\d+(?:\.\d+)?)%\s*,\s*(.+?)\)$/.exec(v);
  if (mix) {
    const [a, b] = [parse(mix[1] as string), parse(mix[3] as string)];
    const p = Number(mix[2]) / 100;
    if (!a || !b) return null;
    return a.map((channel, i) => channel * p + (b[i] as number) * (1 - p)) as unknown as Rgba;
  }
  return { white: [255, 255, 255, 1] as const, black: [0, 0, 0, 1] as const }[v] ?? null;
}

function colour(value: string): Rgba {
  const parsed = parse(value);
  if (!parsed) throw new Error(`not a colour: ${value}`);
  return parsed;
}

/** A translucent colour laid over an opaque one. */
function over(top: Rgba, under: Rgba): Rgba {
  const a = top[3];
  return [0, 1, 2].map((i) => (top[i] as number) * a + (under[i] as number) * (1 - a)).concat(1) as unknown as Rgba;
}

/** WCAG 2.x relative luminance (with the sRGB threshold 0.04045, as WCAG 2.2 corrects it). */
function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: string, b: string): number {
  const under = colour(b);
  const [la, lb] = [luminance(over(colour(a), under)), luminance(under)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** The three backgrounds everything sits on: the pages, the panel card and options' sections, inputs and buttons. */
const SURFACES = ['var(--mdj-bg)', 'var(--mdj-surface)', 'var(--mdj-surface-2)'];

/** The first colour in a shorthand such as `border: 1px solid var(--mdj-control-border)`. */
function colourIn(value: string): string | null {
  const found =
    /(color-mix\([^()]*(?:\([^()]*\)[^()]*)*\)|var\(--[\w-]+\)|#[0-9a-f]{3,6}\b|rgba?\([^)]*\)|\bwhite\b|\bblack\b)/i.exec(
      value,
    )?.[1];
  return found && parse(found) ? found : null;
}

interface Rule {
  file: string;
  selector: string;
  decls: Map<string, string>;
}

/** Every style rule of tokens.css and of every component and page (`<style>` blocks), `@media` bodies flattened. */
function rules(): Rule[] {
  const files = ['components', 'entrypoints'].flatMap((dir) =>
    (readdirSync(join(ROOT, dir), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.svelte') || f.endsWith('.css'))
      .map((f) => join(ROOT, dir, f)),
  );
  return files.flatMap((path) => {
    const text = readFileSync(path, 'utf8');
    const css = path.endsWith('.css')
      ? text
      : [...text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('\n');
    return [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selector, body]) => ({
      file: relative(ROOT, path),
      selector: (selector as string).trim().replace(/\s+/g, ' '),
      decls: new Map(
        (body as string)
          .split(';')
          .map((d) => d.split(/:(.*)/s).map((s) => s.trim()))
          .filter((d): d is [string, string] => !!d[0] && !!d[1])
          .map(([k, v]) => [k, v.replace(/\s*!important$/, '')]),
      ),
    }));
  });
}

const RULES = rules();
const where = (rule: Rule) => `${rule.file} ${rule.selector}`;

describe('the colour tokens', () => {
  it.each(['text', 'text-dim', 'accent', 'danger', 'warn'])('--mdj-%s is text: 4.5:1 on every surface', (name) => {
    for (const surface of SURFACES)
      expect(contrast(`var(--mdj-${name})`, surface), surface).toBeGreaterThanOrEqual(4.5);
  });

  it('ink on the accent (primary buttons, a chosen mode) is text: 4.5:1', () => {
    expect(contrast('var(--mdj-accent-ink)', 'var(--mdj-accent)')).toBeGreaterThanOrEqual(4.5);
  });

  it("a control's edge is 3:1 on every surface, and a white thumb on it 3:1", () => {
    for (const surface of SURFACES) {
      expect(contrast('var(--mdj-control-border)', surface), surface).toBeGreaterThanOrEqual(3);
    }
    expect(contrast('var(--mdj-text)', 'var(--mdj-control-border)')).toBeGreaterThanOrEqual(3);
  });

  it('the focus ring is 3:1 on every surface and on the black of the web player behind the panel', () => {
    for (const under of [...SURFACES, 'black']) {
      expect(contrast('var(--mdj-focus)', under), under).toBeGreaterThanOrEqual(3);
    }
  });

  it.each(MOODS)('the %s face is 3:1 on every surface, and its features 3:1 on it', (mood) => {
    for (const surface of SURFACES) expect(contrast(MOOD_LOOK[mood].hex, surface), surface).toBeGreaterThanOrEqual(3);
    expect(contrast('#121212', MOOD_LOOK[mood].hex)).toBeGreaterThanOrEqual(3);
  });

  // The activities' colours are drawn as text too (their captions on the library map, over any surface), so 4.5:1.
  it.each(ACTIVITIES)('the %s activity is 4.5:1 on every surface as text, and its icon 3:1 on it', (activity) => {
    for (const surface of SURFACES) {
      expect(contrast(MOOD_LOOK[activity].color, surface), surface).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast('#121212', MOOD_LOOK[activity].hex)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('the colours the components use', () => {
  const declared = (selector: string, property: string, file = 'components/Switch.svelte') => {
    const value = RULES.find((r) => r.file === file && r.selector === selector)?.decls.get(property);
    if (!value) throw new Error(`${file} has no ${property} for ${selector}`);
    return value;
  };

  it("a switch's track is 3:1 on every surface in both states, and its thumb 3:1 on the track", () => {
    const off = { track: declared('.track', 'background'), thumb: declared('.thumb', 'background') };
    const on = {
      track: declared("[aria-checked='true'] .track", 'background'),
      thumb: declared("[aria-checked='true'] .thumb", 'background'),
    };
    for (const state of [off, on]) {
      for (const surface of SURFACES) expect(contrast(state.track, surface), surface).toBeGreaterThanOrEqual(3);
      expect(contrast(state.thumb, state.track)).toBeGreaterThanOrEqual(3);
    }
  });

  it("a slider's track is 3:1 on every surface", () => {
    const track = declared('.track', 'background', 'components/RangeSlider.svelte');
    for (const surface of SURFACES) expect(contrast(track, surface), surface).toBeGreaterThanOrEqual(3);
  });

  it("the empty map's note is 4.5:1 over the chart, even where the chart is white (axe cannot see under it)", () => {
    const card = colourIn(declared('.card', 'background', 'components/options/LibraryMap.svelte')) as string;
    for (const text of ['var(--mdj-text)', 'var(--mdj-text-dim)', 'var(--mdj-accent)']) {
      for (const under of ['white', ...SURFACES]) {
        expect(
          contrast(text, rgbaText(over(colour(card), colour(under)))),
          `${text} over ${under}`,
        ).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('every border of an input, a select or a text area is 3:1 on every surface', () => {
    const borders = RULES.filter((r) => /(^|[\s>+~(,])(input|select|textarea)\b/.test(r.selector)).flatMap((r) =>
      ['border', 'border-color']
        .map((p) => r.decls.get(p))
        .flatMap((v) => (v && colourIn(v) ? [[r, colourIn(v)] as const] : [])),
    );
    expect(borders.length).toBeGreaterThanOrEqual(4);
    for (const [rule, border] of borders) {
      for (const surface of SURFACES) {
        expect(contrast(border as string, surface), `${where(rule)} on ${surface}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('every focus outline is 3:1 on every surface', () => {
    const outlines = RULES.flatMap((r) => {
      const value = r.decls.get('outline') ?? r.decls.get('outline-color');
      const found = value && colourIn(value);
      return found ? [[r, found] as const] : [];
    });
    expect(outlines.length).toBeGreaterThanOrEqual(1);
    for (const [rule, ring] of outlines) {
      for (const surface of SURFACES)
        expect(contrast(ring, surface), `${where(rule)} on ${surface}`).toBeGreaterThanOrEqual(3);
    }
  });

  it("every text colour is 4.5:1 on its rule's own background, or on every surface (color-mix() computed)", () => {
    const texts = RULES.filter((r) => !/:disabled|\.disabled/.test(r.selector)).flatMap((r) => {
      const text = r.decls.get('color');
      return text && parse(text) ? [[r, text] as const] : [];
    });
    expect(texts.length).toBeGreaterThan(20);
    for (const [rule, text] of texts) {
      const own = rule.decls.get('background') ?? rule.decls.get('background-color');
      const background = own ? colourIn(own) : null;
      const unders = background
        ? parse(background)?.[3] === 1
          ? [background]
          : SURFACES.map((s) => rgbaText(over(colour(background), colour(s))))
        : SURFACES;
      for (const under of unders) {
        expect(contrast(text, under), `${where(rule)}: ${text} on ${under}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('a border on a color-mix() background is 3:1 on that background and on the surface around it', () => {
    const mixed = RULES.filter((r) => /^color-mix/.test(r.decls.get('background') ?? ''));
    for (const rule of mixed) {
      const background = rule.decls.get('background') as string;
      const border = colourIn(rule.decls.get('border-color') ?? rule.decls.get('border') ?? '');
      if (!border) continue;
      for (const under of [background, ...SURFACES]) {
        expect(contrast(border, under), `${where(rule)} on ${under}`).toBeGreaterThanOrEqual(3);
      }
    }
  });
});

function rgbaText([r, g, b, a]: Rgba): string {
  return `rgb(${r} ${g} ${b} / ${a})`;
}

describe('contrast()', () => {
  it('gives the ratios WCAG gives', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrast('color-mix(in srgb, #ffffff 50%, #000000)', '#000000')).toBeCloseTo(5.28, 1);
  });
});
