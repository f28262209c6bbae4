// Runs an ONNX model with ONNX Runtime (onnxruntime-node) for OnnxExportTests.
// usage: node run.mjs MODEL.onnx INPUT.f32 ROWS COLUMNS OUTDIR
//   INPUT.f32: rows × columns float32, little-endian, row-major (the raw features)
//   writes every output of the model into OUTDIR: NAME.f32 (float32), NAME.i64 (int64) or NAME.txt (strings,
//   one per line), e.g. probabilities.f32 [rows, k], label.i64 [rows], class_name.txt, prediction.f32 [rows]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';

const [model, input, rows, columns, outDir] = process.argv.slice(2);
const bytes = readFileSync(input);
const features = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const session = await ort.InferenceSession.create(model);
const result = await session.run({ features: new ort.Tensor('float32', features, [Number(rows), Number(columns)]) });
for (const name of session.outputNames) {
  const data = result[name].data;
  if (Array.isArray(data)) writeFileSync(join(outDir, `${name}.txt`), data.join('\n') + '\n');
  else writeFileSync(join(outDir, name + (data instanceof BigInt64Array ? '.i64' : '.f32')), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}
