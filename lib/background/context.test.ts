import { describe, expect, it } from 'vitest';
import { createEventBus, serviceTables } from './context';

describe('serviceTables', () => {
  it('merges every service’s handlers and alarms into one table', async () => {
    const ran: string[] = [];
    const { handlers, alarms } = serviceTables([
      {
        name: 'a',
        handlers: { getLiveState: () => Promise.reject(new Error('unused')) },
        alarms: { tick: async () => void ran.push('tick') },
      },
      {
        name: 'b',
        handlers: { playerActivity: () => undefined },
        alarms: { prune: async () => void ran.push('prune') },
      },
    ]);
    expect(Object.keys(handlers).sort()).toEqual(['getLiveState', 'playerActivity']);
    await alarms.get('prune')?.();
    expect(ran).toEqual(['prune']);
  });

  it('refuses a message or an alarm claimed by two services', () => {
    expect(() =>
      serviceTables([
        { name: 'a', handlers: { playerActivity: () => undefined } },
        { name: 'b', handlers: { playerActivity: () => undefined } },
      ]),
    ).toThrow('Two services handle "playerActivity" (the second is b).');
    expect(() =>
      serviceTables([
        { name: 'a', alarms: { tick: async () => undefined } },
        { name: 'b', alarms: { tick: async () => undefined } },
      ]),
    ).toThrow('Two services handle the alarm "tick"');
  });
});

describe('the event bus', () => {
  it('delivers in order, and one failing listener neither stops the others nor throws', () => {
    const reported: unknown[] = [];
    const bus = createEventBus((error) => reported.push(error));
    const seen: string[] = [];
    bus.on('dataReset', (what) => seen.push(`first ${what}`));
    bus.on('dataReset', () => {
      throw new Error('broken listener');
    });
    const stop = bus.on('dataReset', (what) => seen.push(`last ${what}`));
    bus.emit('dataReset', 'import');
    stop();
    bus.emit('dataReset', 'delete');
    expect(seen).toEqual(['first import', 'last import', 'first delete']);
    expect(reported).toHaveLength(2);
  });
});
