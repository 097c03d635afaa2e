import type { PageRequest } from '@/lib/navigation/messages';
import type { CameraAction } from './camera-status';

/** The commands a camera fix needs. */
export interface CameraFixes {
  openPage(request: PageRequest): Promise<void>;
  setCameraEnabled(enabled: boolean): Promise<void>;
}

/** Carries out the fix a camera status offers. */
export function runCameraAction(action: Exclude<CameraAction, null>, fixes: CameraFixes): Promise<void> {
  switch (action) {
    case 'grant':
      return fixes.openPage({ page: 'camera-grant' });
    case 'site-settings':
      return fixes.openPage({ page: 'camera-site-settings' });
    case 'retry':
      return fixes.setCameraEnabled(true);
    case 'open-player':
      return fixes.openPage({ page: 'web-player' });
  }
}
