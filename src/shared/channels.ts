/**
 * The channel table: for every channel its name, the zod schema its request must satisfy and (as a phantom) the
 * type of its result. Electron's ipcMain handlers, the preload's `window.studio`, the web host's HTTP routes and
 * the browser client are all generated from it, so the renderer cannot tell the transports apart.
 */
import { z } from 'zod';
import { acceleratorDocumentSchema, streamOptionsSchema, type StreamOptionsInput } from '../engine/browser';
import { ApiError } from './api-errors';
import { RUN_STATUSES } from './api-types';
import type {
  DesignSummary,
  ExampleInfo,
  ExportedFile,
  RunFileZip,
  HardwareDesign,
  ImportSummary,
  LutStatistics,
  MappingDocument,
  MappingSummary,
  Project,
  ProjectDetail,
  RunComparison,
  RunDetail,
  RunInfo,
  SourceFile,
  SweepDetail,
  SweepSummary,
  ValidationReport,
  WhatIfResult,
  WorkloadDetail,
  WorkloadSummary,
  WorkspaceInfo,
} from './api-types';
import type { ChannelName } from './channel-names';

/** A channel: the schema its request must satisfy and (as a phantom) the type of its result. */
export interface ChannelSpec<Req extends z.ZodType, Res> {
  readonly request: Req;
  /** Type-level only; never read at run time. */
  readonly result?: Res;
}

function channel<Res>() {
  return <Req extends z.ZodType>(request: Req): ChannelSpec<Req, Res> => ({ request });
}

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const name = z.string().trim().min(1, 'a non-empty name').max(200);
const text = z.string().max(100_000);
const tags = z.array(z.string().trim().min(1).max(60)).max(50);
const empty = z.strictObject({}).optional();
/**
 * Raw input files travel as bytes (structured clone over Electron IPC, application/octet-stream over HTTP; see
 * binary-body.ts), never as base64 text. A ResNet-18 ONNX with its weights is ~45 MB: 256 MB at most.
 */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;
const bytes = z
  .instanceof(Uint8Array, { message: 'bytes (a Uint8Array)' })
  .refine((b) => b.byteLength >= 4, 'at least 4 bytes')
  .refine((b) => b.byteLength <= MAX_INPUT_BYTES, `at most ${MAX_INPUT_BYTES} bytes`);
const sourceFile = z.strictObject({ path: z.string().min(1).max(500), text: z.string().max(16 * 1024 * 1024) });
const sourceFiles = z.array(sourceFile).min(1).max(200);
/** The accelerator document: its shape is checked here, its meaning by the engine's validator in the services. */
const accelerator = acceleratorDocumentSchema;
/**
 * Pipeline options, checked with the engine's option schema (names, types, ranges). The request keeps what was
 * sent (defaults are not filled in, so a run records the options the user chose). Options naming host files are
 * refused by the run service, which says why.
 */
const runOptions = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const parsed = streamOptionsSchema.safeParse(value);
  if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
}) as unknown as z.ZodType<StreamOptionsInput>;
const runStatus = z.enum(RUN_STATUSES);
/** Values of a sweep axis: checked against the base by the engine (`validateSweepAxes`), which names what it expected. */
const sweepAxis = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('field'), path: z.string().trim().min(1).max(500), values: z.array(z.union([z.number(), z.string().max(200)])).max(10_000) }),
  z.strictObject({ kind: z.literal('option'), option: z.string().trim().min(1).max(100), values: z.array(z.unknown()).max(10_000) }),
]);
const sweepSample = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('grid') }),
  z.strictObject({ kind: z.literal('random'), count: z.number().int().min(1).max(100_000), seed: z.number().int().min(0).max(2 ** 31 - 1) }),
]);
const workers = z.number().int().min(1).max(256);
const jsonText = z.string().min(2).max(512 * 1024 * 1024);

export const channels = {
  'workspace.info': channel<WorkspaceInfo>()(empty),
  /** Every project, its inputs, runs, results and the cost LUT as one JSON file. */
  'workspace.export': channel<ExportedFile>()(empty),
  /** Adds the projects of a workspace or project export (names get a suffix when they clash). */
  'workspace.import': channel<ImportSummary>()(z.strictObject({ json: jsonText })),

  'examples.list': channel<ExampleInfo[]>()(empty),
  'examples.createProject': channel<Project>()(z.strictObject({ exampleId: z.string().min(1).max(100), name: name.optional() })),

  'projects.list': channel<Project[]>()(empty),
  'projects.get': channel<ProjectDetail>()(z.strictObject({ projectId: id })),
  'projects.create': channel<Project>()(z.strictObject({ name, description: text.optional(), tags: tags.optional() })),
  'projects.update': channel<Project>()(
    z.strictObject({ projectId: id, name: name.optional(), description: text.optional(), tags: tags.optional(), notes: text.optional() }),
  ),
  'projects.delete': channel<{ deleted: true }>()(z.strictObject({ projectId: id })),
  'projects.export': channel<ExportedFile>()(z.strictObject({ projectId: id })),
  'projects.import': channel<Project>()(z.strictObject({ json: jsonText, name: name.optional() })),

  'designs.list': channel<DesignSummary[]>()(z.strictObject({ projectId: id })),
  'designs.get': channel<HardwareDesign>()(z.strictObject({ designId: id })),
  'designs.create': channel<HardwareDesign>()(z.strictObject({ projectId: id, name, accelerator })),
  'designs.update': channel<HardwareDesign>()(z.strictObject({ designId: id, name: name.optional(), accelerator: accelerator.optional() })),
  'designs.delete': channel<{ deleted: true }>()(z.strictObject({ designId: id })),
  'designs.validate': channel<ValidationReport>()(z.strictObject({ accelerator })),
  /** Imports Stream accelerator YAML: `main` names the accelerator file among `files` (which also hold its cores). */
  'designs.importYaml': channel<HardwareDesign>()(z.strictObject({ projectId: id, name: name.optional(), main: z.string().min(1).max(500), files: sourceFiles })),
  'designs.exportYaml': channel<{ main: string; files: SourceFile[] }>()(z.strictObject({ designId: id })),

  'workloads.list': channel<WorkloadSummary[]>()(z.strictObject({ projectId: id })),
  'workloads.get': channel<WorkloadDetail>()(z.strictObject({ workloadId: id })),
  /** ONNX bytes, or a Stream/ZigZag workload YAML as text. */
  'workloads.import': channel<WorkloadDetail>()(
    z.discriminatedUnion('format', [
      z.strictObject({ projectId: id, name, format: z.literal('onnx'), onnx: bytes }),
      z.strictObject({ projectId: id, name, format: z.literal('yaml'), yaml: z.string().min(1).max(16 * 1024 * 1024) }),
    ]),
  ),
  'workloads.update': channel<WorkloadSummary>()(z.strictObject({ workloadId: id, name })),
  'workloads.delete': channel<{ deleted: true }>()(z.strictObject({ workloadId: id })),

  'mappings.list': channel<MappingSummary[]>()(z.strictObject({ projectId: id })),
  'mappings.get': channel<MappingDocument>()(z.strictObject({ mappingId: id })),
  'mappings.create': channel<MappingDocument>()(z.strictObject({ projectId: id, name, yaml: z.string().min(1).max(4 * 1024 * 1024) })),
  'mappings.update': channel<MappingDocument>()(
    z.strictObject({ mappingId: id, name: name.optional(), yaml: z.string().min(1).max(4 * 1024 * 1024).optional() }),
  ),
  'mappings.delete': channel<{ deleted: true }>()(z.strictObject({ mappingId: id })),

  /** Queues a run; progress and completion arrive as events. */
  'runs.start': channel<RunInfo>()(
    z.strictObject({ projectId: id, designId: id, workloadId: id, mappingId: id, options: runOptions.optional(), name: name.optional() }),
  ),
  'runs.cancel': channel<RunInfo>()(z.strictObject({ runId: id })),
  'runs.list': channel<RunInfo[]>()(
    z
      .strictObject({
        projectId: id.optional(),
        status: z.array(runStatus).max(RUN_STATUSES.length).optional(),
        limit: z.number().int().min(1).max(10_000).optional(),
        offset: z.number().int().min(0).optional(),
      })
      .optional(),
  ),
  'runs.get': channel<RunDetail>()(z.strictObject({ runId: id })),
  'runs.delete': channel<{ deleted: true }>()(z.strictObject({ runId: id })),
  'runs.compare': channel<RunComparison>()(z.strictObject({ runIds: z.array(id).min(1).max(16), includeResults: z.boolean().optional() })),
  'runs.annotate': channel<RunInfo>()(z.strictObject({ runId: id, name: name.optional(), tags: tags.optional(), notes: text.optional() })),
  /** The schedule of a finished run as a Perfetto / Chrome trace (open in ui.perfetto.dev). */
  'runs.exportTrace': channel<ExportedFile>()(z.strictObject({ runId: id })),
  /** A stored run as a run file with its accelerator, workload and mapping files (`stream-studio run` reproduces it). */
  'runs.exportRunFile': channel<RunFileZip>()(z.strictObject({ runId: id })),

  'lut.stats': channel<LutStatistics>()(empty),
  'lut.clear': channel<{ removed: number }>()(empty),
  'sweeps.list': channel<SweepSummary[]>()(z.strictObject({ projectId: id })),
  'sweeps.get': channel<SweepDetail>()(z.strictObject({ sweepId: id })),
  /**
   * Defines a sweep on a design, workload and mapping of the project and starts it on local workers. Axes are checked
   * by the engine before anything runs (an `invalid_input` error lists each issue); points fill in as they finish.
   */
  'sweeps.start': channel<SweepSummary>()(
    z.strictObject({
      projectId: id,
      designId: id,
      workloadId: id,
      mappingId: id,
      name,
      options: runOptions.optional(),
      axes: z.array(sweepAxis).max(20),
      sample: sweepSample.optional(),
      costs: z.enum(['follow', 'as_given']).optional(),
      seeds: z.number().int().min(1).max(100).optional(),
      workers: workers.optional(),
    }),
  ),
  /** Stops a sweep running in this host; its unfinished points stay pending for `sweeps.resume`. */
  'sweeps.cancel': channel<SweepSummary>()(z.strictObject({ sweepId: id })),
  /** Runs the unfinished points of a cancelled, interrupted or failed sweep. */
  'sweeps.resume': channel<SweepSummary>()(z.strictObject({ sweepId: id, workers: workers.optional() })),

  /**
   * Live what-if: evaluates a pinned run configuration (stored workload, stored mapping or its edited YAML,
   * options) on a design as edited, without storing a run. One evaluation at a time per workspace: a new one
   * cancels the one in progress (which then resolves `cancelled`). Progress arrives as `whatif.progress`.
   */
  'whatif.evaluate': channel<WhatIfResult>()(
    z.strictObject({
      evaluationId: z.string().trim().min(1).max(100),
      projectId: id,
      workloadId: id,
      mappingId: id,
      /** The mapping as the edit brought it along (array-dimension edits change spatial unrollings); default: the stored one. */
      mappingYaml: z.string().min(1).max(4 * 1024 * 1024).optional(),
      options: runOptions.optional(),
      accelerator,
      /** A finished run of the project whose allocation is evaluated fixed (e.g. a GA run's best), instead of searching one per edit. */
      allocationRunId: id.optional(),
    }),
  ),
  /** Cancels a what-if evaluation (no effect when it has already ended). */
  'whatif.cancel': channel<{ cancelled: boolean }>()(z.strictObject({ evaluationId: z.string().trim().min(1).max(100) })),
  /**
   * Starts pricing a design's automatic-cost memories (their CACTI runs) in the what-if evaluator at once, as an
   * edit arrives and before its debounce ends, so that the evaluation which follows waits less. No figures.
   */
  'whatif.prepare': channel<{ accepted: boolean }>()(z.strictObject({ accelerator })),
} as const satisfies { readonly [K in ChannelName]: ChannelSpec<z.ZodType, unknown> };

// Compile-time check that the table has no channel missing from CHANNEL_NAMES.
type ExtraChannels = Exclude<keyof typeof channels, ChannelName>;
const noExtraChannels: [ExtraChannels] extends [never] ? true : never = true;
void noExtraChannels;

export type Channels = typeof channels;
/** What a handler receives after validation. */
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;

/**
 * Validates a request against its channel's schema. Errors name the channel and the offending field, e.g.
 * `runs.start: invalid request — request.designId: Too small: expected number to be >0`.
 */
export function parseRequest<C extends ChannelName>(channelName: C, request: unknown): ParsedRequestOf<C> {
  const parsed = channels[channelName].request.safeParse(request);
  if (parsed.success) return parsed.data as ParsedRequestOf<C>;
  const details = parsed.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? `request.${issue.path.map(String).join('.')}` : 'request';
    return `${path}: ${issue.message}`;
  });
  throw new ApiError('invalid_request', `${channelName}: invalid request — ${details.join('; ')}`);
}
