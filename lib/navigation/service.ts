import type { Service } from '@/lib/background/context';
import { implement } from '@/lib/messaging/contract';
import { navigationMessages, type PageRequest } from './messages';

/** `openPage` for the pages and the panel; the worker opens the tab (`openPageInTab` in worker-apis.ts). */
export function createNavigationService(open: (request: PageRequest) => Promise<void>): Service {
  return { name: 'navigation', handles: [implement(navigationMessages, { openPage: (request) => open(request) })] };
}
