import type { HarvestKind } from '../../../../shared/catalog.ts';
import type { SourceReader } from '../harvest.types.ts';
import { readCkan } from './ckan.ts';
import { readDcat } from './dcat.ts';
import { readEstonia } from './estonia.ts';

/** The reader for each kind of source. */
export const READERS: Record<HarvestKind, SourceReader> = { ckan: readCkan, estonia: readEstonia, dcat: readDcat };
