import { cameraMessages, offscreenCameraMessages } from '@/lib/camera/messages';
import { dataMessages } from '@/lib/data/messages';
import { djMessages } from '@/lib/dj/messages';
import { historyMessages, sessionMessages } from '@/lib/history/messages';
import { liveStateBroadcast, liveStateMessages } from '@/lib/live-state/messages';
import type { Contract, Handler, Messages, ProtocolOf, Receiver, SenderKind } from '@/lib/messaging/contract';
import { moodMessages, offscreenPersonalMessages, personalExampleMessages } from '@/lib/mood/messages';
import { navigationMessages } from '@/lib/navigation/messages';
import { panelViewMessages } from '@/lib/panel/messages';
import { libraryMapMessages, moodCountMessages } from '@/lib/recommend/messages';
import { spotifyConnectionMessages } from '@/lib/spotify/messages';
import { syncMessages } from '@/lib/sync/messages';

/**
 * Every feature's contract, in one list. Everything protocol-wide is derived from it: the message map,
 * the sender table (`lib/message-senders.md`, pinned by `protocol.test.ts`), and the background's
 * handler table. A new feature adds its contracts here; a new message only touches its feature's
 * `messages.ts`, its handler and the page that sends it.
 */
export const CONTRACTS = [
  liveStateMessages,
  liveStateBroadcast,
  cameraMessages,
  offscreenCameraMessages,
  moodMessages,
  personalExampleMessages,
  offscreenPersonalMessages,
  navigationMessages,
  panelViewMessages,
  syncMessages,
  spotifyConnectionMessages,
  djMessages,
  historyMessages,
  sessionMessages,
  dataMessages,
  moodCountMessages,
  libraryMapMessages,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type MessagesTo<R extends Receiver> = UnionToIntersection<
  Extract<(typeof CONTRACTS)[number], Contract<Messages, R>>['messages']
>;

/** Every message MoodDJ sends, with its spec. */
export type AllMessages = UnionToIntersection<(typeof CONTRACTS)[number]['messages']>;
export type MessageType = keyof AllMessages & string;
/** The messages the background handles. */
export type BackgroundMessages = MessagesTo<'background'>;
export type BackgroundMessageType = keyof BackgroundMessages & string;

/** The protocol map, typed both ways (derived, never written by hand). */
export type ProtocolMap = ProtocolOf<AllMessages>;

/** The background's handlers by message name: what keyboard shortcuts call, like the buttons' messages. */
export type BackgroundHandlers = { [K in BackgroundMessageType]: Handler<BackgroundMessages[K]> };

/** One row of the sender table. */
export interface SenderRow {
  message: string;
  to: Receiver;
  from: readonly SenderKind[];
}

/** Who may send what, message by message: the whole attack surface in one table. Throws on a name declared twice. */
export function senderTable(contracts: readonly Contract[] = CONTRACTS): SenderRow[] {
  const rows = new Map<string, SenderRow>();
  for (const contract of contracts) {
    for (const [message, spec] of Object.entries(contract.messages)) {
      if (rows.has(message)) throw new Error(`The message "${message}" is declared twice.`);
      rows.set(message, { message, to: contract.to, from: spec.from });
    }
  }
  return [...rows.values()];
}

/** Every message's spec by name, for the checks that look one up (tests, the sender table). */
export const MESSAGE_SPECS = Object.fromEntries(
  CONTRACTS.flatMap((contract) => Object.entries(contract.messages)),
) as unknown as AllMessages;

const SENDER_NAMES: Record<SenderKind, string> = {
  'extension-page': 'extension page',
  'spotify-tab': 'Spotify tab (the panel)',
  offscreen: 'offscreen document',
  background: 'background',
};

/** The sender table as the Markdown a reviewer reads (`lib/message-senders.md`). */
export function senderTableMarkdown(rows: readonly SenderRow[] = senderTable()): string {
  const order: Receiver[] = ['background', 'offscreen', 'pages'];
  const lines = [
    '# Who may send what',
    '',
    "Generated from the features' contracts (`lib/*/messages.ts`) by `lib/protocol.test.ts`; do not edit by hand.",
    'A change here is a change to what a web page (through the panel) or any other context can ask of MoodDJ.',
    'Run `npx vitest run lib/protocol.test.ts -u` after changing a contract, and review the difference.',
    '',
    '| message | handled by | may be sent by |',
    '|---|---|---|',
  ];
  const sorted = [...rows].sort(
    (a, b) => order.indexOf(a.to) - order.indexOf(b.to) || a.message.localeCompare(b.message),
  );
  for (const row of sorted) {
    lines.push(`| \`${row.message}\` | ${row.to} | ${row.from.map((kind) => SENDER_NAMES[kind]).join(', ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
