import { readFileSync } from 'node:fs';

/** One request from a Chromium net log (`--log-net-log`): what started it, and where it went. */
export interface NetLogRequest {
  url: string;
  method: string;
  /** The origin whose context started the request, e.g. `chrome-extension://<id>`; absent for the browser's own. */
  initiator: string | null;
}

interface NetLogFile {
  constants: { logEventTypes: Record<string, number> };
  events: { type: number; params?: { url?: string; method?: string; initiator?: string } }[];
}

/**
 * Parses a net log's text. Chromium writes the closing brackets only on a clean exit, so a log cut
 * short (a crashed browser) is closed here rather than thrown away.
 */
export function parseNetLog(text: string): NetLogRequest[] {
  let log: NetLogFile;
  try {
    log = JSON.parse(text) as NetLogFile;
  } catch {
    log = JSON.parse(`${text.trimEnd().replace(/,$/, '')}]}`) as NetLogFile;
  }
  const startJob = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  if (startJob === undefined) throw new Error('This net log has no URL_REQUEST_START_JOB event type.');
  return log.events
    .filter((event) => event.type === startJob && typeof event.params?.url === 'string')
    .map((event) => ({
      url: event.params?.url ?? '',
      method: event.params?.method ?? 'GET',
      initiator: event.params?.initiator ?? null,
    }));
}

export function readNetLog(path: string): NetLogRequest[] {
  return parseNetLog(readFileSync(path, 'utf8'));
}

/** The requests a context of the extension started: its pages, the offscreen document and the worker. */
export function requestsByExtension(requests: NetLogRequest[], extensionId: string): NetLogRequest[] {
  return requests.filter((request) => request.initiator === `chrome-extension://${extensionId}`);
}
