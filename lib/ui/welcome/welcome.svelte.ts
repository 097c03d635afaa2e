import type { LiveStateClient } from '@/lib/live-state/client.svelte';
import { CameraOptions } from '@/lib/ui/options/camera.svelte';
import type { SettingsClient } from '@/lib/ui/settings.svelte';
import {
  newlyDone,
  nextStep,
  type StepStatus,
  stepStatuses,
  WELCOME_STEPS,
  type WelcomeFacts,
  type WelcomeStep,
  withStep,
} from '@/lib/welcome/steps';

/**
 * The welcome page's state: each step's status from the real state (the live state, Chrome's camera permission,
 * the progress kept in settings), the step open, and what the person does to the progress (done, skipped). The
 * progress is kept in settings, so it is the same in every tab and after a restart.
 */
export class Welcome {
  /** Chrome's camera permission, the prompt, the switch and calibration, as Options → Camera has them. */
  readonly camera: CameraOptions;
  /** The step the person opened, or 'none' when they closed it; null follows the next one to do. */
  chosen = $state<WelcomeStep | 'none' | null>(null);
  /** Whether the chosen step was done already when opened (to look at it again), so it stays open. */
  #chosenDone = $state(false);
  #live: LiveStateClient;
  #settings: SettingsClient;

  constructor(live: LiveStateClient, settings: SettingsClient) {
    this.#live = live;
    this.#settings = settings;
    this.camera = new CameraOptions(live);
    void this.#watchPermission();
  }

  /** What the steps are judged from; null until the live state and the settings have arrived. */
  readonly facts = $derived.by((): WelcomeFacts | null => {
    const state = this.#live.state;
    if (!state || !this.#settings.loaded) return null;
    return {
      kept: this.#settings.value.welcome,
      spotifyConnected: state.spotify.connected,
      sync: state.sync,
      cameraAllowed: this.camera.permission === 'granted',
      cameraEnabled: state.camera.enabled,
      manualMood: state.manualMood !== null,
      spotifyTabs: state.spotifyTabs,
      nowPlaying: state.dj.nowPlaying !== null,
      lastQueuedAt: state.dj.lastQueuedAt,
    };
  });

  readonly statuses = $derived(this.facts ? stepStatuses(this.facts) : null);

  /**
   * The step shown open: the one chosen, else the next to do. A step done moves the page on, also one the person
   * opened to do (not one they opened to look at again).
   */
  readonly open = $derived.by((): WelcomeStep | null => {
    if (this.chosen === 'none') return null;
    if (this.chosen && (this.#chosenDone || this.statuses?.[this.chosen] !== 'done')) return this.chosen;
    return this.statuses ? nextStep(this.statuses) : null;
  });

  readonly doneCount = $derived(
    this.statuses ? WELCOME_STEPS.filter((step) => this.statuses?.[step] === 'done').length : 0,
  );

  status(step: WelcomeStep): StepStatus {
    return this.statuses?.[step] ?? 'todo';
  }

  /** Opens `step`, or closes it when it is open. */
  toggle(step: WelcomeStep): void {
    this.chosen = this.open === step ? 'none' : step;
    this.#chosenDone = this.status(step) === 'done';
  }

  /** Keeps what the page has seen done that would not last (called whenever the facts change). */
  async keepDone(): Promise<void> {
    if (!this.facts) return;
    const seen = newlyDone(this.facts);
    if (seen.length === 0) return;
    const done = seen.reduce((list, step) => withStep(list, step, true), this.#settings.value.welcome.done);
    await this.#settings.save('welcome', 'done', done);
  }

  /** The person read a step that has nothing else to do ("Got it"), or moves on: the next one opens. */
  async finish(step: WelcomeStep): Promise<void> {
    this.chosen = null;
    await this.#settings.save('welcome', 'done', withStep(this.#settings.value.welcome.done, step, true));
  }

  /** Skips `step` for now: it stays in the list, marked, to come back to. */
  async skip(step: WelcomeStep): Promise<void> {
    this.chosen = null;
    await this.#settings.save('welcome', 'skipped', withStep(this.#settings.value.welcome.skipped, step, true));
  }

  /** Leaves the step chosen for the next one to do (a done step's "Next step"). */
  next(): void {
    this.chosen = null;
  }

  /** Follows Chrome's camera permission, also when it changes elsewhere (Options, the grant page, site settings). */
  async #watchPermission(): Promise<void> {
    try {
      const status = await navigator.permissions.query({ name: 'camera' as PermissionName });
      status.addEventListener('change', () => {
        this.camera.permission = status.state;
      });
    } catch {
      // The browser will not say: the step follows the prompt's outcome instead.
    }
  }

  /**
   * Asks for the camera: this page is visible, so Chrome can show its prompt (the offscreen document cannot). Once
   * allowed, the camera switch goes on, as on the grant page.
   */
  async allowCamera(): Promise<void> {
    await this.camera.allow();
    if (this.camera.permission === 'granted' && !this.#live.state?.camera.enabled) await this.camera.setEnabled(true);
  }
}
