import { type GrantOutcome, requestCameraOnce } from '@/lib/camera/grant';
import { type CameraStats, cameraMessages } from '@/lib/camera/messages';
import { type CameraPermission, cameraPermission } from '@/lib/camera/open-camera';
import { t } from '@/lib/i18n';
import type { LiveStateClient } from '@/lib/live-state/client.svelte';
import { clientFor } from '@/lib/messaging/client';
import { type PersonalExampleSummary, personalExampleMessages } from '@/lib/mood/messages';
import { commandsFor } from '@/lib/ui/commands.svelte';

/** How often the options page refreshes the camera loop's figures while it runs. */
const STATS_EVERY_MS = 2000;

const examples = clientFor(personalExampleMessages);
const camera = clientFor(cameraMessages);

/**
 * The camera section's state: Chrome's camera permission, the grant prompt's outcome, the loop's figures, and
 * the "that's not me" examples (mood and time only; the background owns them).
 */
export class CameraOptions {
  permission = $state<CameraPermission>('unknown');
  grant = $state<GrantOutcome | 'asking' | null>(null);
  stats = $state<CameraStats | null>(null);
  examples = $state<PersonalExampleSummary[] | null>(null);
  examplesError = $state<string | null>(null);
  #live: LiveStateClient;

  constructor(live: LiveStateClient) {
    this.#live = live;
    void this.refreshPermission();
  }

  async refreshPermission(): Promise<void> {
    this.permission = await cameraPermission(navigator.permissions);
  }

  /** This page is visible, so it may show Chrome's camera prompt (the offscreen document cannot). */
  async allow(): Promise<void> {
    this.grant = 'asking';
    this.grant = await requestCameraOnce(navigator.mediaDevices);
    await this.refreshPermission();
    if (this.grant === 'granted' && this.#live.state?.camera.enabled)
      await commandsFor(cameraMessages).setCameraEnabled(true);
  }

  async loadExamples(): Promise<void> {
    await this.#examples(async () => {
      this.examples = await examples.listPersonalExamples();
    });
  }

  async deleteExample(id: number): Promise<void> {
    await this.#examples(async () => {
      await examples.deletePersonalExample({ id });
      this.examples = await examples.listPersonalExamples();
    });
  }

  async deleteAllExamples(): Promise<void> {
    await this.#examples(async () => {
      await examples.deleteAllPersonalExamples();
      this.examples = await examples.listPersonalExamples();
    });
  }

  async #examples(run: () => Promise<void>): Promise<void> {
    try {
      await run();
      this.examplesError = null;
    } catch (error) {
      this.examplesError = t('options_personal_failed', error instanceof Error ? error.message : String(error));
    }
  }

  /** Polls the figures while the camera runs; returns the stop for an `$effect`. */
  followStats(running: boolean): (() => void) | undefined {
    if (!running) {
      this.stats = null;
      return;
    }
    const poll = async () => {
      // Null when the camera is off or the background does not answer.
      this.stats = await camera.getCameraStats().catch(() => null);
    };
    void poll();
    const timer = setInterval(poll, STATS_EVERY_MS);
    return () => clearInterval(timer);
  }
}
