import { browser } from 'wxt/browser';
import { clientFor } from '@/lib/messaging/client';
import { type ClientIdCheck, checkClientId } from '@/lib/spotify/client-id';
import type { ConnectProblemKind } from '@/lib/spotify/connect-outcome';
import { spotifyConnectionMessages } from '@/lib/spotify/messages';
import { ActionOutcome } from '@/lib/ui/action-outcome.svelte';
import { connectProblemText } from '@/lib/ui/problem-text';
import type { SettingsClient } from '@/lib/ui/settings.svelte';

/**
 * The Spotify setup steps: the redirect URI to copy into the person's Spotify app, their Client ID, and Connect with
 * how it went (the welcome page and Options → Spotify both show it next to the button).
 */
export class SpotifySetup {
  /** This install's redirect URI (a store install gets its own id, so it is read, never written down). */
  readonly redirectUri = browser.identity.getRedirectURL();
  copied = $state(false);
  /** What the person typed, shown as typed even while it is not a valid Client ID (the saved one stays). */
  typed = $state<string | null>(null);
  /** How the last Connect went, beside its button: busy, or failed with the reason and its fix. */
  readonly connectOutcome = new ActionOutcome();
  /** Why the last Connect failed, as a kind (the page's `data-result`); null after a success. */
  problem = $state<ConnectProblemKind | null>(null);
  #settings: SettingsClient;

  constructor(settings: SettingsClient) {
    this.#settings = settings;
  }

  get clientId(): string {
    return this.typed ?? this.#settings.value.spotify.clientId;
  }

  /** Whether the saved Client ID is one Spotify could know (connecting needs it). */
  get clientIdSet(): boolean {
    return checkClientId(this.#settings.value.spotify.clientId).kind === 'ok';
  }

  /** The shape of what is in the field, checked as the person types. */
  get clientIdCheck(): ClientIdCheck {
    return checkClientId(this.clientId);
  }

  /**
   * Signs in. A failure never goes unsaid: the background's answer names the problem, worded with its fix beside
   * the button; a message that got no answer says that. Success shows as "Connected as …" (the live state).
   */
  async connect(): Promise<void> {
    this.problem = null;
    await this.connectOutcome.run(
      async () => {
        const outcome = await clientFor(spotifyConnectionMessages).connectSpotify();
        if (outcome.ok) return;
        this.problem = outcome.problem.kind;
        throw new Error(connectProblemText(outcome.problem));
      },
      { done: null },
    );
  }

  async copyRedirect(): Promise<void> {
    await navigator.clipboard.writeText(this.redirectUri);
    this.copied = true;
    setTimeout(() => (this.copied = false), 2000);
  }

  typeClientId(value: string): void {
    this.typed = value.trim();
    void this.#settings.save('spotify', 'clientId', this.typed);
  }
}
