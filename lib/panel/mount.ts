import { type Component, mount, unmount } from 'svelte';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { storage } from 'wxt/utils/storage';
import { reportError } from '@/lib/errors/report';
import { panelBottom } from './placement';
import { watchPlayer } from './player-watch';
import { announcePresence } from './presence';
import { showReloadNotice } from './reload-notice';

/** Whether the panel is collapsed to its pill; remembered across pages and restarts. */
export const panelCollapsed = storage.defineItem<boolean>('local:panelCollapsed', { fallback: false });

export const PANEL_TAG = 'mooddj-panel';

/**
 * Mounts the panel in a shadow root above the player bar and keeps it there: Spotify's
 * single-page app re-renders large subtrees, so a removed panel is mounted again, once.
 */
export interface PanelProps {
  initiallyCollapsed: boolean;
  oncollapse: (collapsed: boolean) => void;
}

export async function mountPanel(ctx: ContentScriptContext, App: Component<PanelProps>): Promise<void> {
  const collapsed = await panelCollapsed.getValue();
  const ui = await createShadowRootUi(ctx, {
    name: PANEL_TAG,
    position: 'inline',
    anchor: 'body',
    append: 'last',
    onMount: (container) =>
      mount(App, {
        target: container,
        props: {
          initiallyCollapsed: collapsed,
          oncollapse: (value: boolean) => {
            panelCollapsed.setValue(value).catch((error) => reportError('panel', error));
          },
        },
      }),
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
