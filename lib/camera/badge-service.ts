import { createSerialQueue } from '@/lib/async/serial';
import type { BackgroundContext, Service } from '@/lib/background/context';
import { t } from '@/lib/i18n';
import type { CameraStatus, LiveState } from '@/lib/live-state/state';

/** The toolbar button's badge and tooltip (`browser.action` in the worker, a fake in tests). */
export interface ActionBadge {
  setBadgeText(text: string): Promise<void>;
  setBadgeBackgroundColor(color: string): Promise<void>;
  setBadgeTextColor(color: string): Promise<void>;
  setTitle(title: string): Promise<void>;
}

/** The statuses in which the offscreen document holds the camera open (its light is on). */
export const CAMERA_ON_STATUSES: ReadonlySet<CameraStatus> = new Set(['starting', 'running', 'no-face']);

/** A dot, as a recording light: no words to translate, and the tooltip says it in words. */
export const CAMERA_BADGE_TEXT = '●';
/** White on this red is 6:1, readable on light and dark toolbars alike. */
export const CAMERA_BADGE_BACKGROUND = '#C5221F';
export const CAMERA_BADGE_TEXT_COLOUR = '#FFFFFF';

/**
 * Whether the camera is on, where a person always sees it: the toolbar button carries a red dot and its
 * tooltip says so while the camera runs, and both clear when it stops. Derived from the live state, never
 * from a click, so it follows whatever stopped the camera (the switch, the last web-player tab closing, idle,
 * an error, a data reset) and is set again from the stored state when the worker restarts.
 */
export function createCameraBadgeService(ctx: BackgroundContext, badge: ActionBadge): Service {
  /** What the badge shows now; null until the first write (the worker has just started). */
  let shown: boolean | null = null;
  const inTurn = createSerialQueue().run;

  const show = (state: LiveState): Promise<void> =>
    inTurn(async () => {
      const on = CAMERA_ON_STATUSES.has(state.camera.status);
      if (on === shown) return;
      if (on) {
        await badge.setBadgeBackgroundColor(CAMERA_BADGE_BACKGROUND);
        await badge.setBadgeTextColor(CAMERA_BADGE_TEXT_COLOUR);
        await badge.setBadgeText(CAMERA_BADGE_TEXT);
        await badge.setTitle(t('camera_badge_title_on'));
      } else {
        await badge.setBadgeText('');
        await badge.setTitle(t('extension_name'));
      }
      shown = on;
    });

  ctx.events.on('liveStateChanged', (state) => show(state));

  return {
    name: 'camera-badge',
    async start() {
      await show(await ctx.live.get());
    },
  };
}
