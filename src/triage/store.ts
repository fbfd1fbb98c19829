/** The triage slice: who I am, every study's shared reading state, and the last refusal to show. */
import { create } from 'zustand';
import { sendReadingAction } from './reading-client';
import { type ReadingAction, type ReadingState, UNREAD } from './reading-state';

export interface TriageState {
  /** The authenticated reader (from the server), null until known. */
  me: string | null;
  reading: Readonly<Record<string, ReadingState>>;
  /** E.g. "already claimed by alice since …" after losing a claim. */
  notice: string | null;
  /** Play a sound when a new critical study comes in. */
  sound: boolean;

  act(studyUID: string, action: ReadingAction): Promise<void>;
  mergeReading(states: Record<string, ReadingState>, complete: boolean): void;
  setMe(me: string): void;
  setNotice(notice: string): void;
  dismissNotice(): void;
  setSound(sound: boolean): void;
}

export const useTriage = create<TriageState>((set, get) => ({
  me: null,
  reading: {},
  notice: null,
  sound: false,

  async act(studyUID, action) {
    try {
      const reply = await sendReadingAction(studyUID, action);
      if (reply.ok) set({ reading: { ...get().reading, [studyUID]: reply.state }, notice: null });
      else set({ notice: reply.reason });
    } catch (error) {
      set({ notice: `could not save: ${error instanceof Error ? error.message : String(error)}` });
    }
  },
  mergeReading(states, complete) {
    if (Object.keys(states).length === 0 && !complete) return;
    set({ reading: complete ? states : { ...get().reading, ...states } });
  },
  setMe: (me) => set({ me }),
  setNotice: (notice) => set({ notice }),
  dismissNotice: () => set({ notice: null }),
  setSound: (sound) => set({ sound }),
}));

export const readingOf = (reading: TriageState['reading'], uid: string): ReadingState => reading[uid] ?? UNREAD;

/** Alerts wait for an acknowledgement unless the study is already read. */
export const needsAck = (state: ReadingState) => !state.acknowledged && state.status !== 'read';
