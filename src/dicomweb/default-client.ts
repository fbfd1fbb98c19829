import { createPacsClient } from './client';

/** The app's client: same-origin proxy roots, usable from the page and from workers. */
export const pacsClient = createPacsClient();
