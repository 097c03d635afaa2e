import { describe, expect, it } from 'vitest';
import { liveStateMessages } from '@/lib/live-state/messages';
import { implement } from '@/lib/messaging/contract';
import { panelViewMessages } from '@/lib/panel/messages';
import { serviceTables } from './context';

const liveState = implement(liveStateMessages, { getLiveState: () => Promise.reject(new Error('unused')) });
const panelView = () => implement(panelViewMessages, { setPanelCollapsed: () => undefined });

describe('serviceTables', () => {
  it('merges every service’s handlers and alarms into one table', async () => {
    const ran: string[] = [];
    const { handlers, alarms } = serviceTables([
      {
        name: 'a',
        handles: [liveState],
        alarms: { tick: async () => void ran.push('tick') },
      },
      {
        name: 'b',
        handles: [panelView()],
        alarms: { prune: async () => void ran.push('prune') },
      },
    ]);
    expect(Object.keys(handlers).sort()).toEqual(['getLiveState', 'setPanelCollapsed']);
    await alarms.get('prune')?.();
    expect(ran).toEqual(['prune']);
  });

  it('refuses a message or an alarm claimed by two services', () => {
    expect(() =>
      serviceTables([
        { name: 'a', handles: [panelView()] },
        { name: 'b', handles: [panelView()] },
      ]),
    ).toThrow('Two services handle "setPanelCollapsed" (the second is b).');
    expect(() =>
      serviceTables([
        { name: 'a', alarms: { tick: async () => undefined } },
        { name: 'b', alarms: { tick: async () => undefined } },
      ]),
    ).toThrow('Two services handle the alarm "tick"');
  });
});
