import { browser } from 'wxt/browser';
import { installErrorFunnel } from '@/lib/errors/report';
import { startOffscreen } from '@/lib/offscreen/document';
import { installFetchGuard } from '@/lib/privacy/fetch-guard';

// First, so nothing thrown while starting escapes the funnel as a raw console line.
installErrorFunnel('offscreen');
// Before MediaPipe loads: its usage metrics must never leave (see lib/privacy/fetch-guard.ts).
installFetchGuard(new URL(browser.runtime.getURL('/')).origin);
startOffscreen();
