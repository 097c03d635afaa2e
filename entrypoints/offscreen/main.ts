import { browser } from 'wxt/browser';
import { startOffscreen } from '@/lib/camera/offscreen-document';
import { installFetchGuard } from '@/lib/privacy/fetch-guard';

// Before MediaPipe loads: its usage metrics must never leave (see lib/privacy/fetch-guard.ts).
installFetchGuard(new URL(browser.runtime.getURL('/')).origin);
startOffscreen();
