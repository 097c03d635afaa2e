import type { Device } from '@/lib/spotify/schemas';

/**
 * The device to queue on: the web player in this browser when it shows up, else the
 * active device, else none (the person has to press play once so Spotify sees a player).
 */
export function pickDevice(devices: readonly Device[]): Device | null {
  const usable = devices.filter((d) => d.id !== null && !d.is_restricted);
  const webPlayer = usable.filter((d) => /web player/i.test(d.name));
  return webPlayer.find((d) => d.is_active) ?? webPlayer[0] ?? usable.find((d) => d.is_active) ?? null;
}
