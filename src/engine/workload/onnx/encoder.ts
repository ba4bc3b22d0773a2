import protobuf from 'protobufjs';
import { ONNX_SUBSET } from './schema';

let modelType: protobuf.Type | null = null;

/** The protobufjs type of `onnx.ModelProto` (built once), for encoding; reading needs no protobufjs (`wire.ts`). */
export function onnxModelType(): protobuf.Type {
  if (!modelType) modelType = protobuf.Root.fromJSON(ONNX_SUBSET).lookupType('onnx.ModelProto');
  return modelType;
}
