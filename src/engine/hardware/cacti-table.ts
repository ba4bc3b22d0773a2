/**
 * The CACTI table shipped with the app (resources/cacti/cacti-table.json; CACTI's licence notice beside it in
 * LICENSE-CACTI.txt). Regenerate it with `npx tsx scripts/cacti-table.mjs --cacti /path/to/your/cacti`.
 */
import data from '../../../resources/cacti/cacti-table.json';
import type { CactiTable } from './cacti';

export const CACTI_TABLE: CactiTable = data as unknown as CactiTable;
