/** Messages after an import (no DOM: shared by the components and tested under Node). */
import { importNotices } from '../../engine/browser';
import type { HardwareDesign } from '../../shared/api';

/**
 * What the app tells the user after importing a design: that it was imported, and the importer's one-line notices
 * (e.g. a core file from before ZigZag 3.8 with `multipliers:`, read as `operational_array:` and saved in the
 * current format).
 */
export function importedDesignMessages(design: Pick<HardwareDesign, 'name' | 'coreCount' | 'accelerator'>): string[] {
  return [`Imported design “${design.name}” (${design.coreCount} cores)`, ...importNotices(design.accelerator.cores)];
}
