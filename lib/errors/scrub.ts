/**
 * Secret-looking parts of a log line, replaced before anything is written. MoodDJ's own messages
 * never name a secret, but an error can quote what it was given: a fetch error with the request's
 * headers, a URL with a code, a body echoed back by a server. The console is readable by anyone who
 * opens DevTools and ends up in bug reports, so the funnel scrubs every line it writes.
 */
const REDACTED = '[redacted]';

const RULES: readonly [RegExp, string][] = [
  // `Authorization: Bearer <token>` and `Basic <credentials>`, in headers or in prose.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // A named secret as a header, a query or form field, a JSON property or an object key:
  // `x-rapidapi-key: …`, `refresh_token=…`, `"refreshToken":"…"`, `code_verifier=…`.
  [
    /(["']?)\b(x-rapidapi-key|rapidApiKey|refresh_token|refreshToken|access_token|accessToken|code_verifier|codeVerifier|client_secret)\1(\s*[:=]\s*)(["']?)[^"'\s&,;}]+/gi,
    `$1$2$1$3$4${REDACTED}`,
  ],
  // A long opaque string standing alone: Spotify tokens are 100+ characters, RapidAPI keys 50.
  // Track ids (22) and client ids (32) are shorter and stay readable.
  [/[A-Za-z0-9_-]{40,}/g, REDACTED],
];

/** `text` with every bearer token, API key and refresh or access token replaced by `[redacted]`. */
export function scrubSecrets(text: string): string {
  return RULES.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}
