/**
 * The labelled folder an admin names for a validation must lie under the configured root
 * (DOKUEI_VALIDATION_ROOT): the server never reads other paths for a browser's request. Symbolic
 * links are resolved before the check, so a link cannot lead out of the root.
 */
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';

export class FolderRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FolderRefused';
  }
}

export const validationRootOf = (env: NodeJS.ProcessEnv = process.env): string | null =>
  env.DOKUEI_VALIDATION_ROOT ? resolve(env.DOKUEI_VALIDATION_ROOT) : null;

/** The folder's real path (relative folders are taken under the root); FolderRefused says why not. */
export function checkValidationFolder(root: string | null, folder: string): string {
  if (!root) throw new FolderRefused('no validation root is configured on the server (DOKUEI_VALIDATION_ROOT): only confirmed cases can be used');
  if (!existsSync(root)) throw new FolderRefused(`the validation root ${root} does not exist on the server`);
  const realRoot = realpathSync(root);
  const wanted = resolve(realRoot, folder);
  if (!existsSync(wanted)) throw new FolderRefused(`${folder}: no such folder under the validation root ${realRoot}`);
  const real = realpathSync(wanted);
  const inside = relative(realRoot, real);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) throw new FolderRefused(`${folder} is not under the validation root ${realRoot}`);
  if (!existsSync(join(real, 'labels.csv'))) throw new FolderRefused(`${folder} has no labels.csv (the labels.csv convention of models:eval)`);
  return real;
}
