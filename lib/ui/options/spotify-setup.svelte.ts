import { browser } from 'wxt/browser';
import type { SettingsClient } from '@/lib/ui/settings.svelte';

const CLIENT_ID = /^[0-9a-f]{32}$/i;

/** The Spotify setup steps: the redirect URI to copy into the person's Spotify app, and their Client ID. */
export class SpotifySetup {
  /** This install's redirect URI (a store install gets its own id, so it is read, never written down). */
  readonly redirectUri = browser.identity.getRedirectURL();
  copied = $state(false);
  /** What the person typed, shown as typed even while it is not a valid Client ID (the saved one stays). */
  typed = $state<string | null>(null);
  #settings: SettingsClient;

  constructor(settings: SettingsClient) {
    this.#settings = settings;
  }

  get clientId(): string {
    return this.typed ?? this.#settings.value.spotify.clientId;
  }

  /** Whether the saved Client ID is one Spotify could know (connecting needs it). */
  get clientIdSet(): boolean {
    return CLIENT_ID.test(this.#settings.value.spotify.clientId);
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
