import { useServerAndBrowser } from './support.ts';
import { walkEveryPage } from './walk.ts';

/** The walk of every page in the other three languages, on a server of its own (e2e/walk.ts). */
walkEveryPage(useServerAndBrowser(), ['et', 'ru', 'en']);
