/**
 * jsdom has no canvas 2D context and no ResizeObserver. Components under test still mount real echarts charts,
 * drawn with echarts' SVG renderer (which jsdom can host) instead of the canvas one the app uses.
 */
import { vi } from 'vitest';

vi.mock('../../../src/renderer/lib/echarts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/renderer/lib/echarts')>();
  type Init = typeof actual.echarts.init;
  const init: Init = (dom, theme, opts) => actual.echarts.init(dom, theme, { ...opts, renderer: 'svg' });
  return { ...actual, echarts: { ...actual.echarts, init } };
});

globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

// What jsdom answers anyway (no context), without its "not implemented" message on every text measurement.
if (typeof HTMLCanvasElement !== 'undefined') {
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
}
