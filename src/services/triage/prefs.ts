/** A reader's alert preferences (desktop notification, sound), kept in this browser per signed-in user. */
export interface AlertPrefs {
  notify: boolean;
  sound: boolean;
}

export const NO_ALERTS: AlertPrefs = { notify: false, sound: false };

const keyOf = (user: string) => `dokuei.alerts.${user}`;

export function loadAlertPrefs(user: string): AlertPrefs {
  try {
    const raw = JSON.parse(localStorage.getItem(keyOf(user)) ?? 'null') as Partial<AlertPrefs> | null;
    return { notify: raw?.notify === true, sound: raw?.sound === true };
  } catch {
    return NO_ALERTS;
  }
}

export function saveAlertPrefs(user: string, prefs: AlertPrefs): void {
  try {
    localStorage.setItem(keyOf(user), JSON.stringify(prefs));
  } catch {
    // Private mode or a full storage: the choice holds for this page only.
  }
}
