/** The hardware design document the API carries: the engine's accelerator model (plain JSON data). */
export type { Accelerator } from '../engine/hardware/types';
