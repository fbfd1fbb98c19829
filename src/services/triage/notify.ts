/** Desktop notification (when the reader allowed them) and an optional beep for new critical studies. */

/** Resolves whether desktop notifications may be shown (asks once, on the reader's gesture). */
export async function ensureNotificationPermission(): Promise<boolean> {
  if (!('Notification' in window)) return false;
  if (Notification.permission === 'default') await Notification.requestPermission().catch(() => 'denied');
  return Notification.permission === 'granted';
}

export function notifyCritical(count: number, { sound, desktop }: { sound: boolean; desktop: boolean }): void {
  const text = count === 1 ? 'A new critical study is waiting' : `${count} new critical studies are waiting`;
  if (desktop && 'Notification' in window && Notification.permission === 'granted')
    new Notification('Dokuei: critical study', { body: text, tag: 'dokuei-critical' });
  if (sound) beep();
}

function beep(): void {
  const audio = new AudioContext();
  const tone = audio.createOscillator();
  tone.frequency.value = 880;
  tone.connect(audio.destination);
  tone.start();
  tone.stop(audio.currentTime + 0.3);
  tone.onended = () => void audio.close();
}
