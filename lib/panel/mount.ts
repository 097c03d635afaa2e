import { type Component, mount, unmount } from 'svelte';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { t } from '@/lib/i18n';
import { panelBottom } from './placement';
import { watchPlayer } from './player-watch';
import { announcePresence } from './presence';
import { showReloadNotice } from './reload-notice';

export const PANEL_TAG = 'mooddj-panel';

/**
 * Key events that stop at the panel's shadow root, so typing in the panel never reaches
 * Spotify's own shortcuts (space = play/pause, arrows = seek). WXT's `isolateEvents: true`
 * is this same list (@webext-core/isolated-element); it is spelled out so the choice shows.
 */
export const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress'];

/**
 * Mounts the panel in a shadow root above the player bar and keeps it there: Spotify's
 * single-page app re-renders large subtrees, so a removed panel is mounted again, once.
 */
export async function mountPanel(ctx: ContentScriptContext, App: Component): Promise<void> {
  const ui = await createShadowRootUi(ctx, {
    name: PANEL_TAG,
    position: 'inline',
    anchor: 'body',
    append: 'last',
    // Closed: the page's scripts get `null` from `host.shadowRoot`, so they can neither read
    // the mood nor reach a control (WXT defaults to open). Tests reach in through
    // CDP, which sees closed roots (e2e/pages/panel.ts).
    mode: 'closed',
    isolateEvents: ISOLATED_EVENTS,
    onMount: (container) => {
      // The panel speaks the extension's language, whatever the web player's page is in.
      container.lang = t('language_tag');
      return mount(App, { target: container });
    },
    onRemove: (app) => {
      if (app) void unmount(app);
    },
  });

  const host = ui.shadowHost;
  // The panel positions itself (fixed) inside the shadow root; the host only passes the
  // offset in, because WXT's `:host { all: initial !important }` reset beats page-side styles.
  const place = () => host.style.setProperty('--mdj-bottom', `${panelBottom(document, window.innerHeight)}px`);

  const ensureMounted = () => {
    if (ctx.isInvalid || host.isConnected) return;
    // Removed by the page: unmount the old app before mounting anew, so there is one panel.
    ui.remove();
    ui.mount();
    place();
  };

  ui.mount();
  place();
  announcePresence(ctx);
  watchPlayer(ctx);

  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      ensureMounted();
    });
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  // The player bar can appear late or change height; a cheap periodic check follows it.
  ctx.setInterval(place, 1000);
  ctx.addEventListener(window, 'resize', place);
  ctx.onInvalidated(() => {
    observer.disconnect();
    showReloadNotice();
  });
}
