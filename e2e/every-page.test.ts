import { useServerAndBrowser } from './support.ts';
import { walkEveryPage } from './walk.ts';

/** The walk of every page in Estonian, Russian and English, on a server of its own (e2e/walk.ts); Finnish and Swedish are walked by accessibility.test.ts. */
walkEveryPage(useServerAndBrowser(), ['et', 'ru', 'en']);
