// Test support for the Spotify layer: fake fetch, token builders, a token store in memory.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tokens } from '@/lib/spotify/auth';
import { createMemoryTokenStore } from './token-store';

export { createMemoryTokenStore };

import { sharedFile } from '@/test/support/shared-data';

/** A fake `fetch` that records every request (with its body text) and answers with `answer`. */
export function fakeFetch(answer: (request: Request, body: string) => Response | Promise<Response>) {
  const calls: { request: Request; body: string }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = await request.clone().text();
    calls.push({ request, body });
    return answer(request, body);
  };
  return { fetch, calls };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** Answers in order; the last one repeats. */
export function sequence(...answers: (() => Response)[]): () => Response {
  let index = 0;
  return () => {
    const answer = answers[Math.min(index++, answers.length - 1)];
    if (!answer) throw new Error('sequence() needs at least one answer');
    return answer();
  };
}

/** The rejection of `promise`; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, got a value');
}

export function tokens(overrides: Partial<Tokens> = {}): Tokens {
  return {
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    expiresAt: 10_000_000,
    scope: 'user-library-read',
    clientId: 'client-abc',
    ...overrides,
  };
}

/**
 * Every real payload in `shared/payloads/spotify` (not `reference/`). Null when the shared folder is missing
 * outside CI (`sharedFile` warns loudly; in CI it throws).
 */
export function sharedSpotifyPayloads(): { name: string; text: string }[] | null {
  const dir = sharedFile('payloads/spotify');
  if (!dir) return null;
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => ({ name: entry.name, text: readFileSync(join(dir, entry.name), 'utf8') }));
}

/** The OpenAPI reference shipped beside the payloads, or null (see sharedSpotifyPayloads). */
export function sharedOpenApi(): string | null {
  const path = sharedFile('payloads/spotify/reference/official-spotify-open-api.yml');
  return path ? readFileSync(path, 'utf8') : null;
}
