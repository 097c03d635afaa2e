import { startBackground } from '@/lib/background/main';
import { installErrorFunnel } from '@/lib/errors/report';

export default defineBackground(() => {
  // First, so nothing thrown while the worker starts escapes the funnel as a raw console line.
  installErrorFunnel('background');
  startBackground();
});
