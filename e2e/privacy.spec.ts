import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, expect, test } from '@playwright/test';
import { CONTACTED_ORIGINS, isAllowedUrl } from '@/lib/privacy/hosts';
import { fakeCameraArgs, sharedFile } from '@/test/support/shared-data';
import { launchWithExtension } from './launch';
import { readNetLog, requestsByExtension } from './net-log';

const clip = sharedFile('faces/video/happy.mjpeg');
/** MediaPipe Tasks sends its usage metrics every 60 s while a task runs, so watch for longer than that. */
const SESSION_MS = 75_000;

test.describe('what leaves the device', () => {
  test.skip(!clip, 'shared/faces/video is missing');
  test.setTimeout(SESSION_MS + 90_000);

  test('a 75 s camera session contacts no host but those MoodDJ names, in any context', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mooddj-netlog-'));
    const netLog = join(dir, 'net-log.json');
    const launched = await launchWithExtension([
      ...(clip ? fakeCameraArgs(clip) : []),
      `--log-net-log=${netLog}`,
      '--net-log-capture-mode=Default',
    ]);
    const { context, extensionId } = launched;
    const extensionOrigin = `chrome-extension://${extensionId}`;
    try {
      const player = await context.newPage();
      await player.goto('https://open.spotify.com/');
      const popup = await context.newPage();
      await popup.goto(`${extensionOrigin}/popup.html`);
      await popup.getByTestId('camera-switch').click();
      await expect(popup.getByTestId('camera-state')).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
      const started = Date.now();
      const offscreenConsole = await watchOffscreenConsole(context, extensionOrigin);

      // The CSP itself: an extension page cannot reach MediaPipe's metrics host, and the browser says why.
      const refused = await popup.evaluate(async () => {
        const violation = new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), {
            once: true,
          });
          setTimeout(() => resolve('no violation reported'), 5000);
        });
        const outcome = await fetch('https://odml.pa.googleapis.com/v1/log', { method: 'POST' }).then(
          () => 'sent',
          (error: unknown) => String(error),
        );
        return { outcome, directive: await violation };
      });
      expect.soft(refused.outcome).toContain('TypeError');
      expect.soft(refused.directive).toBe('connect-src');

      // A request MoodDJ does make (one real key test to SoundNet) must show in the log, so an empty
      // log cannot pass for a clean one. The network here is closed; the request still starts.
      const options = await context.newPage();
      await options.goto(`${extensionOrigin}/options.html`);
      await options.locator('#rapidapi-key').fill('k'.repeat(40));
      await options.getByRole('button', { name: 'Test key' }).click();
      await expect(options.getByTestId('key-test-result')).toBeVisible({ timeout: 20_000 });
      await options.close();

      // A fixed length on purpose: the net log must cover a whole camera session of SESSION_MS.
      await popup.waitForTimeout(Math.max(0, SESSION_MS - (Date.now() - started)));
      await expect(popup.getByTestId('camera-state')).toHaveAttribute('data-status', 'running');
      // Refusing MediaPipe's metrics leaves no trace in the offscreen document's console either.
      expect(
        offscreenConsole.filter((line) => /odml|googleapis|Content Security Policy|Logging failed/i.test(line)),
      ).toEqual([]);
    } finally {
      // The net log is complete once the browser has exited.
      await launched.close();
    }

    const requests = requestsByExtension(readNetLog(netLog), extensionId);
    rmSync(dir, { recursive: true, force: true });
    const elsewhere = requests.filter((request) => !isAllowedUrl(request.url, extensionOrigin));
    expect(elsewhere.map((request) => `${request.method} ${request.url}`)).toEqual([]);
    expect(requests.some((request) => request.url.startsWith('https://track-analysis.p.rapidapi.com/'))).toBe(true);
    const hosts = new Set(requests.map((request) => new URL(request.url).origin));
    for (const origin of hosts) {
      if (origin !== 'null' && !origin.startsWith('chrome-extension:')) expect(CONTACTED_ORIGINS).toContain(origin);
    }
  });
});

/**
 * Collects the offscreen document's console lines, log entries (CSP violations land there) and
 * uncaught exceptions. Playwright does not list the offscreen document, so this goes through CDP.
 */
async function watchOffscreenConsole(context: BrowserContext, extensionOrigin: string): Promise<string[]> {
  const cdp = await context.browser()?.newBrowserCDPSession();
  if (!cdp) throw new Error('No browser CDP session.');
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; url: string }[];
  };
  const target = targetInfos.find((info) => info.url === `${extensionOrigin}/offscreen.html`);
  if (!target) throw new Error('The offscreen document is not open.');
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as {
    sessionId: string;
  };
  const lines: string[] = [];
  cdp.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
    const message = JSON.parse(event.message) as { method?: string; params?: Record<string, unknown> };
    const params = message.params as
      | {
          entry?: { level: string; text: string; url?: string };
          type?: string;
          args?: { value?: unknown; description?: string }[];
          exceptionDetails?: { text: string; exception?: { description?: string } };
        }
      | undefined;
    if (message.method === 'Log.entryAdded' && params?.entry) lines.push(`${params.entry.level}: ${params.entry.text}`);
    if (message.method === 'Runtime.consoleAPICalled') {
      lines.push(
        `${params?.type}: ${(params?.args ?? []).map((arg) => arg.description ?? String(arg.value)).join(' ')}`,
      );
    }
    if (message.method === 'Runtime.exceptionThrown') {
      lines.push(`exception: ${params?.exceptionDetails?.exception?.description ?? params?.exceptionDetails?.text}`);
    }
  });
  let id = 0;
  for (const method of ['Log.enable', 'Runtime.enable']) {
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: ++id, method }) });
  }
  return lines;
}
