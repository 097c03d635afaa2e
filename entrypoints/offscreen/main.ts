import { startOffscreen } from '@/lib/offscreen/main';

startOffscreen();
