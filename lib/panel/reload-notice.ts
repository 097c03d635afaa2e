import { t } from '@/lib/i18n';
import { trusted } from '@/lib/ui/trusted';

/**
 * After an update Chrome cuts this content script off from the extension ("Extension
 * context invalidated"), and the panel is gone. A small notice, built without the
 * extension's files (they can no longer load), tells the person to reload, once.
 */
export function showReloadNotice(doc: Document = document): void {
  if (doc.querySelector('mooddj-reload-notice')) return;
  const host = doc.createElement('mooddj-reload-notice');
  // Closed, like the panel's: the page's scripts cannot read it or press its button.
  const root = host.attachShadow({ mode: 'closed' });
  const box = doc.createElement('div');
  box.setAttribute('role', 'status');
  box.style.cssText =
    'position:fixed;right:16px;bottom:96px;z-index:2147483000;font:14px system-ui,sans-serif;color:#fff;' +
    'background:#1f1f1f;border:1px solid #3a3a3a;border-radius:12px;padding:12px 16px;display:flex;gap:12px;align-items:center';
  const text = doc.createElement('span');
  text.textContent = t('panel_reload_notice');
  const button = doc.createElement('button');
  button.textContent = t('panel_reload_button');
  button.style.cssText =
    'font:inherit;font-weight:700;border:0;border-radius:999px;padding:4px 12px;background:#1ed760;color:#000;cursor:pointer';
  button.addEventListener(
    'click',
    trusted(() => location.reload()),
  );
  box.append(text, button);
  root.append(box);
  doc.body.append(host);
}
