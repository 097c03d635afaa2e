import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clientFor } from './client';
import { answers, defineContract, implement, noData } from './contract';
import { entries } from './receive';

const notes = defineContract('background', {
  addNote: { data: z.strictObject({ text: z.string().max(10) }), from: ['extension-page'], answer: answers<number>() },
  clearNotes: { data: noData, from: ['extension-page', 'spotify-tab'], answer: answers() },
});

describe('a contract', () => {
  it('is implemented exactly: a missing or an extra handler does not compile', () => {
    // @ts-expect-error clearNotes has no handler
    implement(notes, { addNote: ({ text }) => text.length });
    implement(notes, {
      addNote: ({ text }) => text.length,
      clearNotes: () => undefined,
      // @ts-expect-error no such message in the contract
      removeNote: () => undefined,
    });
    // @ts-expect-error the answer must be what the contract says (a number)
    implement(notes, { addNote: () => 'one', clearNotes: () => undefined });
    const done = implement(notes, { addNote: ({ text }) => text.length, clearNotes: () => undefined });
    expect(entries(done).map(([type, spec]) => [type, spec.from])).toEqual([
      ['addNote', ['extension-page']],
      ['clearNotes', ['extension-page', 'spotify-tab']],
    ]);
  });

  it('gives senders a typed client that sends each message by its name', async () => {
    const sent: unknown[] = [];
    const send = async (type: string, data: unknown, tabId?: number) => {
      sent.push([type, data, tabId]);
      return type === 'addNote' ? 3 : undefined;
    };
    const client = clientFor(notes, { send });
    const answer: number = await client.addNote({ text: 'hi' });
    await client.clearNotes();
    // @ts-expect-error the data must match the schema's input
    void client.addNote({ words: 'hi' }).catch(() => undefined);
    await clientFor(notes, { send, tabId: 4 }).clearNotes();
    expect(answer).toBe(3);
    expect(sent.slice(0, 2)).toEqual([
      ['addNote', { text: 'hi' }, undefined],
      ['clearNotes', undefined, undefined],
    ]);
    expect(sent.at(-1)).toEqual(['clearNotes', undefined, 4]);
  });
});
