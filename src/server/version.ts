import { readFileSync } from 'node:fs';

/** The version in package.json, shown by the API and the command line. */
export const APP_VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
