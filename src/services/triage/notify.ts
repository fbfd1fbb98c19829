/** Desktop notification (when the reader allowed them) and an optional beep for new critical studies. */

export function requestNotificationPermission(): void {
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
}

export function notifyCritical(count: number, sound: boolean): void {
  const text = count === 1 ? 'A new critical study is waiting' : `${count} new critical studies are waiting`;
  if ('Notification' in window && Notification.permission === 'granted') new Notification('Dokuei: critical study', { body: text, tag: 'dokuei-critical' });
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
