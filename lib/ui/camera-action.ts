import type { CameraAction } from '@/lib/camera/status-text';
import type { PageRequest } from '@/lib/navigation/messages';

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
    // Switching on again also opens a camera tab the person closed (lib/camera/service.ts).
    case 'retry':
    case 'reopen-host':
      return fixes.setCameraEnabled(true);
    case 'open-player':
      return fixes.openPage({ page: 'web-player' });
  }
}
