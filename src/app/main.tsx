import { appMayStart } from './app-gate';

// The entry stays small: the app (./start-app) is downloaded beside it, run once the page shell allows.
void appMayStart().then(() => import('./start-app'));
