import type { BrowserContext, Route } from '@playwright/test';
import type { CatalogTrack } from './catalog';

/**
 * Fake SoundNet (RapidAPI) and ReccoBeats servers for end-to-end tests, answering from the shared catalogue.
 * The logic is a pure `handle(request) → answer`; `installFeatureFakes` only adapts it to `context.route`, which also
 * sees the extension service worker's fetches (PLATFORM.md). Register before the worker makes its first call.
 *
 * No CORS headers on purpose: the worker needs host permissions for both hosts, and a fake that allowed any origin
 * would hide a missing one.
 */

export type FakeProvider = 'soundnet' | 'reccobeats';

/**
 * - `status429`: RapidAPI's burst limit, with `Retry-After` when `retryAfterSeconds` is given.
 * - `planUsedUp`: SoundNet only, RapidAPI's spent plan: 429 with its MONTHLY-quota message verbatim and no
 *   Retry-After. The real one lasts until the plan resets; queue as many as the test needs.
 * - `status500`: a server error.
 * - `malformed`: 200 with an HTML body.
 * - `status403`: SoundNet only, a rejected key for this request (see `setKeyValid` for a lasting one).
 * - `network`: the request fails without an answer.
 * - `pullFailed`: SoundNet only, 200 with `{"error":"Failed to pull track data"}`, as the real service sometimes answers.
 * - `stub`: SoundNet only, 200 with the track's name and album but no audio features, as the real one sometimes does.
 */
export type FeatureFault =
  | 'status429'
  | 'planUsedUp'
  | 'status500'
  | 'malformed'
  | 'status403'
  | 'network'
  | 'pullFailed'
  | 'stub';

/** Faults only SoundNet has (ReccoBeats has no key or plan and never answered these). */
const SOUNDNET_ONLY: ReadonlySet<FeatureFault> = new Set(['status403', 'planUsedUp', 'pullFailed', 'stub']);

/** RapidAPI's answer once a plan's monthly quota is spent, verbatim (PLATFORM.md). */
export const MONTHLY_QUOTA_MESSAGE =
  'You have exceeded the MONTHLY quota for Requests on your current plan, BASIC. Upgrade your plan at https://rapidapi.com/soundnet-soundnet-default/api/track-analysis';

export interface FeatureFakesOptions {
  /** The RapidAPI key SoundNet accepts. @default 'test-rapidapi-key' */
  validKey?: string;
  /** Ids a provider does not know: SoundNet answers 404, ReccoBeats leaves them out. */
  unknownTo?: { soundnet?: Iterable<string>; reccobeats?: Iterable<string> };
  /** ReccoBeats answers 400 to bigger batches. @default 40 */
  reccoBeatsMaxIds?: number;
}

export interface FakeRequest {
  method: string;
  url: string;
  /** Header names in lower case, as Playwright gives them. */
  headers: Readonly<Record<string, string>>;
}

export type FakeAnswer = { status: number; headers: Record<string, string>; body: string } | { abort: 'failed' };

export interface RecordedRequest {
  provider: FakeProvider;
  /** The track ids the request asked for. */
  ids: string[];
  /** The status answered, or 'aborted' for a `network` fault. */
  status: number | 'aborted';
}

export interface FeatureFakes {
  /** Answers one request; also what the route handlers call. */
  handle(request: FakeRequest): FakeAnswer;
  /** Mutable at any time. */
  readonly unknown: { readonly soundnet: Set<string>; readonly reccobeats: Set<string> };
  readonly fail: {
    /** The next `n` requests (to `provider`, or to either when omitted) get `fault`. Queued faults run in order. */
    next(n: number, fault: FeatureFault, options?: { provider?: FakeProvider; retryAfterSeconds?: number }): void;
    clear(): void;
  };
  /** false: SoundNet answers 403 to every request until set back to true. */
  setKeyValid(valid: boolean): void;
  /** Delay before every answer (applied by the route adapter). @default 0 */
  slowMs: number;
  /** Requests seen per provider, faults included. */
  readonly requests: { readonly soundnet: number; readonly reccobeats: number };
  /** How many requests asked for this track (to one provider, or to either). */
  requestsFor(id: string, provider?: FakeProvider): number;
  readonly log: readonly RecordedRequest[];
  /** Forgets counts, the log and queued faults; makes the key valid again and `slowMs` 0. Keeps `unknown`. */
  reset(): void;
}

export type InstalledFeatureFakes = FeatureFakes & { uninstall(): Promise<void> };

export const SOUNDNET_ROUTE = 'https://track-analysis.p.rapidapi.com/**';
export const RECCOBEATS_ROUTE = 'https://api.reccobeats.com/**';

const KEYS = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

interface QueuedFault {
  provider: FakeProvider | undefined;
  fault: FeatureFault;
  left: number;
  retryAfterSeconds: number | undefined;
}

export function createFeatureFakes(catalog: readonly CatalogTrack[], options: FeatureFakesOptions = {}): FeatureFakes {
  const byId = new Map(catalog.map((track) => [track.id, track]));
  const validKey = options.validKey ?? 'test-rapidapi-key';
  const maxIds = options.reccoBeatsMaxIds ?? 40;
  const unknown = {
    soundnet: new Set(options.unknownTo?.soundnet),
    reccobeats: new Set(options.unknownTo?.reccobeats),
  };
  let queue: QueuedFault[] = [];
  let keyValid = true;
  const counts = { soundnet: 0, reccobeats: 0 };
  const perId = new Map<string, { soundnet: number; reccobeats: number }>();
  const log: RecordedRequest[] = [];

  function record(provider: FakeProvider, ids: string[], answer: FakeAnswer): FakeAnswer {
    counts[provider]++;
    for (const id of ids) {
      const entry = perId.get(id) ?? { soundnet: 0, reccobeats: 0 };
      entry[provider]++;
      perId.set(id, entry);
    }
    log.push({ provider, ids, status: 'abort' in answer ? 'aborted' : answer.status });
    return answer;
  }

  function takeFault(provider: FakeProvider): QueuedFault | undefined {
    const queued = queue.find((entry) => entry.provider === undefined || entry.provider === provider);
    if (!queued) return undefined;
    queued.left--;
    if (queued.left <= 0) queue = queue.filter((entry) => entry !== queued);
    return queued;
  }

  function faultAnswer(queued: QueuedFault, trackId: string | undefined): FakeAnswer {
    switch (queued.fault) {
      case 'pullFailed':
        return json(200, { error: 'Failed to pull track data' });
      case 'stub': {
        const track = trackId === undefined ? undefined : byId.get(trackId);
        return json(200, {
          id: fakeHex(`soundnet:${trackId}`, 32),
          name: track?.name ?? '',
          album: track?.album ?? '',
          duration: track ? minutesSeconds(track.durationMs) : '0:00',
        });
      }
      case 'status429': {
        const headers: Record<string, string> =
          queued.retryAfterSeconds === undefined ? {} : { 'retry-after': String(queued.retryAfterSeconds) };
        return json(429, { message: 'You have exceeded the rate limit per second for your plan' }, headers);
      }
      case 'planUsedUp':
        return json(429, { message: MONTHLY_QUOTA_MESSAGE });
      case 'status500':
        return json(500, { message: 'Internal Server Error' });
      case 'status403':
        return json(403, { message: 'You are not subscribed to this API.' });
      case 'malformed':
        return {
          status: 200,
          headers: { 'content-type': 'text/html' },
          body: '<html><body>502 Bad Gateway</body></html>',
        };
      case 'network':
        return { abort: 'failed' };
    }
  }

  function soundNet(url: URL, request: FakeRequest): FakeAnswer {
    const id = /^\/pktx\/spotify\/([^/]+)$/.exec(url.pathname)?.[1];
    const ids = id ? [decodeURIComponent(id)] : [];
    const key = request.headers['x-rapidapi-key'];
    if (!keyValid || key !== validKey) {
      const message = key
        ? 'You are not subscribed to this API.'
        : 'Invalid API key. Go to https://docs.rapidapi.com/docs/keys for more info.';
      return record('soundnet', ids, json(403, { message }));
    }
    const queued = takeFault('soundnet');
    if (queued) return record('soundnet', ids, faultAnswer(queued, ids[0]));
    const [trackId] = ids;
    if (request.method !== 'GET' || trackId === undefined) {
      return record('soundnet', ids, json(404, { message: `Endpoint '${url.pathname}' does not exist` }));
    }
    const track = byId.get(trackId);
    if (!track || unknown.soundnet.has(trackId))
      return record('soundnet', ids, json(404, { error: 'Track not found' }));
    return record('soundnet', ids, json(200, soundNetTrack(track)));
  }

  function reccoBeats(url: URL, request: FakeRequest): FakeAnswer {
    const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    const queued = takeFault('reccobeats');
    if (queued) return record('reccobeats', ids, faultAnswer(queued, undefined));
    if (request.method !== 'GET' || url.pathname !== '/v1/audio-features') {
      return record('reccobeats', ids, json(404, { error: 'Not Found', path: url.pathname }));
    }
    if (ids.length === 0 || ids.length > maxIds) {
      return record(
        'reccobeats',
        ids,
        json(400, { error: 'Bad Request', message: `ids must hold 1 to ${maxIds} ids` }),
      );
    }
    const content = ids.flatMap((id) => {
      const track = byId.get(id);
      return track && !unknown.reccobeats.has(id) ? [reccoBeatsItem(track)] : [];
    });
    return record('reccobeats', ids, json(200, { content }));
  }

  const fakes: FeatureFakes = {
    handle(request) {
      const url = new URL(request.url);
      if (url.hostname === 'track-analysis.p.rapidapi.com') return soundNet(url, request);
      if (url.hostname === 'api.reccobeats.com') return reccoBeats(url, request);
      throw new Error(`The feature fakes do not serve ${url.hostname}`);
    },
    unknown,
    fail: {
      next(n, fault, faultOptions = {}) {
        let provider = faultOptions.provider;
        if (SOUNDNET_ONLY.has(fault)) {
          if (provider === 'reccobeats') throw new Error(`ReccoBeats has no ${fault} fault: only SoundNet answers so`);
          provider = 'soundnet';
        }
        queue.push({ provider, fault, left: n, retryAfterSeconds: faultOptions.retryAfterSeconds });
      },
      clear() {
        queue = [];
      },
    },
    setKeyValid(valid) {
      keyValid = valid;
    },
    slowMs: 0,
    requests: {
      get soundnet() {
        return counts.soundnet;
      },
      get reccobeats() {
        return counts.reccobeats;
      },
    },
    requestsFor(id, provider) {
      const entry = perId.get(id);
      if (!entry) return 0;
      return provider ? entry[provider] : entry.soundnet + entry.reccobeats;
    },
    log,
    reset() {
      counts.soundnet = 0;
      counts.reccobeats = 0;
      perId.clear();
      log.length = 0;
      queue = [];
      keyValid = true;
      fakes.slowMs = 0;
    },
  };
  return fakes;
}

/** Registers both fakes on every page and the service worker of `context`. */
export async function installFeatureFakes(
  context: BrowserContext,
  catalog: readonly CatalogTrack[],
  options?: FeatureFakesOptions,
): Promise<InstalledFeatureFakes> {
  const fakes = createFeatureFakes(catalog, options);
  const answer = async (route: Route) => {
    const request = route.request();
    const reply = fakes.handle({ method: request.method(), url: request.url(), headers: await request.allHeaders() });
    if (fakes.slowMs > 0) await new Promise((resolve) => setTimeout(resolve, fakes.slowMs));
    try {
      if ('abort' in reply) await route.abort(reply.abort);
      else await route.fulfill(reply);
    } catch {
      // The client gave up first (its timeout during `slowMs`) or the context closed: nobody is left to answer.
    }
  };
  await context.route(SOUNDNET_ROUTE, answer);
  await context.route(RECCOBEATS_ROUTE, answer);
  return Object.assign(fakes, {
    async uninstall() {
      await context.unroute(SOUNDNET_ROUTE, answer);
      await context.unroute(RECCOBEATS_ROUTE, answer);
    },
  });
}

/** The RapidAPI example's shape: integers 0–100, "-5 dB", key letter, "major"/"minor", Camelot, "m:ss". */
export function soundNetTrack(track: CatalogTrack) {
  const percent = (value: number) => Math.round(value * 100);
  const hasKey = track.key >= 0 && track.key < 12;
  return {
    id: fakeHex(`soundnet:${track.id}`, 32),
    name: track.name,
    album: track.album,
    key: hasKey ? KEYS[track.key] : null,
    mode: track.mode === 1 ? 'major' : 'minor',
    camelot: hasKey ? camelot(track.key, track.mode === 1) : null,
    tempo: Math.round(track.tempo),
    duration: minutesSeconds(track.durationMs),
    energy: percent(track.energy),
    danceability: percent(track.danceability),
    happiness: percent(track.valence),
    acousticness: percent(track.acousticness),
    instrumentalness: percent(track.instrumentalness),
    liveness: percent(track.liveness),
    speechiness: percent(track.speechiness),
    loudness: `${Math.round(track.loudness)} dB`,
  };
}

/** One `content[]` item as ReccoBeats sends it: its own UUID as `id`, the Spotify id only in `href`. */
export function reccoBeatsItem(track: CatalogTrack) {
  const hex = fakeHex(`reccobeats:${track.id}`, 32);
  return {
    id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`,
    href: `https://open.spotify.com/track/${track.id}`,
    acousticness: track.acousticness,
    danceability: track.danceability,
    energy: track.energy,
    instrumentalness: track.instrumentalness,
    key: track.key,
    liveness: track.liveness,
    loudness: track.loudness,
    mode: track.mode,
    speechiness: track.speechiness,
    tempo: track.tempo,
    valence: track.valence,
  };
}

/** Camelot wheel: C major is 8B and A minor 8A; each fifth up adds one. */
function camelot(pitchClass: number, major: boolean): string {
  const n = (pitchClass * 7 + (major ? 8 : 5)) % 12 || 12;
  return `${n}${major ? 'B' : 'A'}`;
}

function minutesSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A stable pseudo-random hex string (FNV-1a steps), so fake ids look real and never change between runs. */
function fakeHex(seed: string, length: number): string {
  let hash = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < length; round++) {
    for (const char of `${seed}#${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    out += hash.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
