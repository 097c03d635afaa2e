import '@/components/tokens.css';
import { mount } from 'svelte';
import { browser } from 'wxt/browser';
import type { CameraReport } from '@/lib/camera/messages';
import { installErrorFunnel } from '@/lib/errors/report';
import { t } from '@/lib/i18n';
import { startOffscreen } from '@/lib/offscreen/document';
import { keepBackgroundAwake } from '@/lib/offscreen/keep-alive';
import { installFetchGuard } from '@/lib/privacy/fetch-guard';
import App from './App.svelte';

// First, so nothing thrown while starting escapes the funnel as a raw console line.
installErrorFunnel('offscreen');
// Before MediaPipe loads: its usage metrics must never leave (see lib/privacy/fetch-guard.ts).
installFetchGuard(new URL(browser.runtime.getURL('/')).origin);
// The camera first (the first mood should not wait), then the page that says what it is: Firefox shows it in a
// pinned tab, Chrome's offscreen document never shows it.
let show: ((report: CameraReport) => void) | undefined;
startOffscreen({ onReport: (report) => show?.(report) });
document.title = t('camera_page_title');
document.documentElement.lang = t('language_tag');
show = mount(App, { target: document.getElementById('app') as HTMLElement }).show;
// Firefox's event page would otherwise sleep beside the camera (keep-alive.ts); Chrome is left as it was.
if (import.meta.env.FIREFOX) keepBackgroundAwake();
