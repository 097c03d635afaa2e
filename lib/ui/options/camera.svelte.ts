import { type GrantOutcome, requestCameraOnce } from '@/lib/camera/grant';
import { type CameraStats, cameraMessages } from '@/lib/camera/messages';
import { type CameraPermission, cameraPermission } from '@/lib/camera/open-camera';
import { t } from '@/lib/i18n';
import type { LiveStateClient } from '@/lib/live-state/client.svelte';
import { clientFor } from '@/lib/messaging/client';
import { type PersonalExampleSummary, personalExampleMessages } from '@/lib/mood/messages';
import { navigationMessages } from '@/lib/navigation/messages';
import { ActionOutcome } from '@/lib/ui/action-outcome.svelte';

/** How often the options page refreshes the camera loop's figures while it runs. */
const STATS_EVERY_MS = 2000;

const examples = clientFor(personalExampleMessages);
const camera = clientFor(cameraMessages);
const navigation = clientFor(navigationMessages);

/** Why asking for the camera did not get it, in words. */
const NOT_GRANTED: Record<Exclude<GrantOutcome, 'granted'>, () => string> = {
  denied: () => t('options_camera_outcome_denied'),
  'no-camera': () => t('camera_no_camera_found'),
  busy: () => t('options_camera_busy'),
};

/**
 * The camera section's state: Chrome's camera permission, the grant prompt's outcome, the loop's figures, and
 * the personal examples (mood and time only; the background owns them).
 */
export class CameraOptions {
  permission = $state<CameraPermission>('unknown');
  stats = $state<CameraStats | null>(null);
  examples = $state<PersonalExampleSummary[] | null>(null);
  examplesError = $state<string | null>(null);
  // Each action says how it went beside its button.
  readonly switching = new ActionOutcome();
  readonly allowing = new ActionOutcome();
  readonly siteSettings = new ActionOutcome();
  readonly calibrating = new ActionOutcome();
  /** Deleting one example or all of them: a row's failure shows in its row. */
  readonly deleting = new ActionOutcome();
  #live: LiveStateClient;

  constructor(live: LiveStateClient) {
    this.#live = live;
    void this.refreshPermission();
  }

  async refreshPermission(): Promise<void> {
    this.permission = await cameraPermission(navigator.permissions);
  }

  setEnabled(on: boolean): Promise<unknown> {
    // The switch shows the new state itself; only a failure needs words.
    return this.switching.run(() => camera.setCameraEnabled(on), { done: null });
  }

  /** This page is visible, so it may show Chrome's camera prompt (the offscreen document cannot). */
  async allow(): Promise<void> {
    await this.allowing.run(
      async () => {
        const grant = await requestCameraOnce(navigator.mediaDevices);
        await this.refreshPermission();
        if (grant !== 'granted') throw new Error(NOT_GRANTED[grant]());
        if (this.#live.state?.camera.enabled) await camera.setCameraEnabled(true);
      },
      { done: t('options_camera_outcome_allowed') },
    );
  }

  openSiteSettings(): Promise<unknown> {
    return this.siteSettings.run(() => navigation.openPage({ page: 'camera-site-settings' }), {
      done: t('outcome_opened_tab'),
    });
  }

  calibrate(): Promise<unknown> {
    return this.calibrating.run(
      async () => {
        const result = await camera.startCalibration();
        if (!result.ok) throw new Error(result.reason);
      },
      { done: t('options_calibration_outcome_done') },
    );
  }

  clearCalibration(): Promise<unknown> {
    return this.calibrating.run(() => camera.clearCalibration(), { done: t('options_calibration_outcome_cleared') });
  }

  async loadExamples(): Promise<void> {
    await this.#examples(async () => {
      this.examples = await examples.listPersonalExamples();
    });
  }

  async deleteExample(id: number): Promise<void> {
    await this.deleting.run(
      async () => {
        await examples.deletePersonalExample({ id });
        this.examples = await examples.listPersonalExamples();
      },
      { done: t('options_personal_deleted_one'), item: id },
    );
  }

  async deleteAllExamples(): Promise<void> {
    await this.deleting.run(
      async () => {
        await examples.deleteAllPersonalExamples();
        this.examples = await examples.listPersonalExamples();
      },
      { done: t('options_personal_deleted_all') },
    );
  }

  /** The answer to "examples kept by the old rule": forget them, or keep them and stop asking. */
  async answerImplicitExamples(clear: boolean): Promise<void> {
    await this.#examples(async () => {
      await (clear ? examples.clearImplicitExamples() : examples.keepImplicitExamples());
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
