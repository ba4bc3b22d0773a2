/**
 * Figures of the reference Stream (KULeuven-MICAS/stream ed4e12ef with ZigZag 3.8.0 2eb90bec, Python 3.11),
 * measured by hand on the golden cases' very input files: the fixed-allocation pipeline of
 * ../shared/reference/README.md ("Running the reference here": AcceleratorParserStage → ONNXModelParserStage →
 * LayerStacksGenerationStage → TilingGenerationStage → TiledWorkloadGenerationStage →
 * ZigZagCoreMappingEstimationStage → SetFixedAllocationPerformanceStage → SchedulingOrderGenerationStage →
 * StreamCostModelEvaluationStage, loma_lpf_limit 6, operands_to_prefetch [], a fresh cost LUT per run; the
 * layer stacks of the case when fused). `scme.latency`, `scme.energy` and the number of CNs.
 * Our `compat: "reference"` must be within 1 % of them (test/integration/golden-metrics.test.ts); they are
 * copied into test/golden/metrics.json by `npm run golden`.
 */
import type { Metrics, Mode } from './cases';

export interface ReferenceFigure extends Metrics {
  readonly source: string;
}

const SOURCE = 'reference Stream ed4e12ef + ZigZag 3.8.0, fixed-allocation pipeline, run here 2026-12-02 (issue 14)';

export const REFERENCE_FIGURES: Readonly<Record<string, Partial<Record<Mode, ReferenceFigure>>>> = {
  'simba_small/resnet18/simba_small_fixed': {
    lbl: { latencyCycles: 5_107_833, energyPj: 748_966_515.84, cns: 48, source: SOURCE },
    fused: { latencyCycles: 6_052_043, energyPj: 783_497_608.04, cns: 1145, source: SOURCE },
  },
  'simba_small/2_conv/ksplit4': {
    fused: { latencyCycles: 128_102, energyPj: 18_025_952.0, cns: 448, source: SOURCE },
  },
  'eyeriss_like_dual_core/fsrcnn/ksplit2': {
    lbl: { latencyCycles: 149_152_634, energyPj: 122_281_796_459.0, cns: 16, source: SOURCE },
    fused: { latencyCycles: 123_011_092, energyPj: 128_275_632_802.0, cns: 288, source: SOURCE },
  },
  'eyeriss_like_quad_core/resnet18/ksplit4': {
    lbl: { latencyCycles: 8_559_642, energyPj: 16_994_914_813.1, cns: 108, source: SOURCE },
  },
};
