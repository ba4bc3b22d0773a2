import type { EChartsOption } from 'echarts';
import type { RunResult } from '../../engine/results/types';

/** What every builder returns: a plain echarts option (may hold formatter / renderItem functions). */
export type ChartOption = EChartsOption;

/** A run as the comparison charts need it: a label to show and its result. */
export interface LabelledRun {
  readonly label: string;
  readonly result: RunResult;
}

/** Common presentation switches. `animation: false` is what the SVG export and large inputs want. */
export interface ChartStyle {
  readonly title?: string;
  readonly animation?: boolean;
}
