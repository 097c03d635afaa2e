import type { z } from 'zod';
import { type LiveState, liveStateSchema } from './schema';

const ELLIPSIS = '…';
/** A list cut can leave a text of a kept item too long, and the other way round: a few passes settle it. */
const PASSES = 3;

/** `value` cut to at most `max` UTF-16 units, the last one an ellipsis, never splitting a surrogate pair. */
export function cutText(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = Math.max(0, max - ELLIPSIS.length);
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return value.slice(0, end) + ELLIPSIS;
}

/**
 * The live state as every receiver will accept it. A text over its bound (a track name, an artist, an error's
 * detail) is cut with an ellipsis and a list over its bound is shortened, to the bound the schema itself
 * reports, so one imported 5,000-character track name cannot make the surfaces refuse every broadcast.
 * Anything else wrong is not repaired: the result is then the schema's refusal.
 */
export function fitLiveState(state: unknown): z.ZodSafeParseResult<LiveState> {
  let candidate = state;
  let parsed = liveStateSchema.safeParse(candidate);
  for (let pass = 0; pass < PASSES && !parsed.success; pass++) {
    const tooLong = parsed.error.issues.filter(
      (issue) => issue.code === 'too_big' && (issue.origin === 'string' || issue.origin === 'array'),
    );
    if (tooLong.length === 0) break;
    // The caller's state stays as it was: the cuts go into a copy.
    if (candidate === state) candidate = structuredClone(state);
    for (const issue of tooLong) {
      if (issue.code === 'too_big') fitAt(candidate, issue.path, Number(issue.maximum));
    }
    parsed = liveStateSchema.safeParse(candidate);
  }
  return parsed;
}

/** Cuts the text or list at `path` inside `root` to `max`; a path a shorter list no longer has is skipped. */
function fitAt(root: unknown, path: readonly PropertyKey[], max: number): void {
  const key = path.at(-1);
  let parent = root;
  for (const step of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return;
    parent = (parent as Record<PropertyKey, unknown>)[step];
  }
  if (key === undefined || typeof parent !== 'object' || parent === null) return;
  const holder = parent as Record<PropertyKey, unknown>;
  const value = holder[key];
  if (typeof value === 'string') holder[key] = cutText(value, max);
  else if (Array.isArray(value)) holder[key] = value.slice(0, max);
}
