// A token store in memory: no Node imports, so a test extension bundled for the browser can use it too.
import { sameTokens, type TokenStore, type Tokens } from '@/lib/spotify/auth';

/** A TokenStore in memory. `writes` lists every `set` and successful `replace`, oldest first. */
export function createMemoryTokenStore(initial: Tokens | null = null): TokenStore & { readonly writes: Tokens[] } {
  let value = initial ? { ...initial } : null;
  const writes: Tokens[] = [];
  return {
    writes,
    async get() {
      return value ? { ...value } : null;
    },
    async set(tokens) {
      value = { ...tokens };
      writes.push({ ...tokens });
    },
    async replace(expected, next) {
      if (!sameTokens(value, expected)) return false;
      value = { ...next };
      writes.push({ ...next });
      return true;
    },
    async clear() {
      value = null;
    },
  };
}
