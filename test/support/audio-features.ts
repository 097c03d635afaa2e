// Test support for the audio-feature providers: fake fetch, shared payloads.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedFile } from '@/test/support/shared-data';

/** A fake `fetch` that records every request and answers with `answer`. */
export function fakeFetch(answer: (request: Request) => Response | Promise<Response>) {
  const calls: Request[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    calls.push(request);
    return answer(request);
  };
  return { fetch, calls };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A fetch that never answers, until its signal aborts (as a real fetch does). */
export function hangingFetch(): typeof globalThis.fetch {
  return (input, init) => {
    const signal = new Request(input, init).signal;
    return new Promise((_resolve, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason));
    });
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

/**
 * The real payloads in `shared/payloads/audio-features` whose names start with `prefix`, parsed. Null when the shared
 * folder is missing outside CI (`sharedFile` warns loudly; in CI it throws).
 */
export function sharedPayloads(prefix: string): { name: string; text: string }[] | null {
  const dir = sharedFile('payloads/audio-features');
  if (!dir) return null;
  const names = readdirSync(dir).filter((name) => name.startsWith(prefix));
  if (names.length === 0) throw new Error(`${dir} has no ${prefix}* payloads`);
  return names.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}
