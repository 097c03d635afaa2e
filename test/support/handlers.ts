import { type Service, serviceTables } from '@/lib/background/context';
import type { BackgroundHandlers } from '@/lib/protocol';

/**
 * A service's handlers by message name, merged as the root merges them, for a test to call directly. Only the
 * service's own messages are there; the type lists all the background's, as the commands service sees them.
 */
export function handlersOf(service: Service): BackgroundHandlers {
  return serviceTables([service]).handlers;
}
