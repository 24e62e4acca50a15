/**
 * How old the live state is, from the backend's `readAt` and the browser's clock: "read just now"
 * under a minute (also when the clocks disagree a little), "read 4 min ago" within the hour, else the
 * time of day. Ages, unlike times of day, read the same in every time zone.
 */
export function readAge(readAt: string, now: number): string {
  const seconds = (now - Date.parse(readAt)) / 1000;
  if (Number.isNaN(seconds)) return 'read at an unknown time';
  if (seconds < 60) return 'read just now';
  if (seconds < 3600) return `read ${Math.floor(seconds / 60)} min ago`;
  return `read at ${new Date(readAt).toLocaleTimeString()}`;
}
