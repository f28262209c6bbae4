// Runs an ONNX model with ONNX Runtime (onnxruntime-node) for OnnxExportTests.
// usage: node run.mjs MODEL.onnx INPUT.f32 ROWS COLUMNS OUTDIR
//   INPUT.f32: rows × columns float32, little-endian, row-major (the raw features)
//   writes OUTDIR/probabilities.f32 (float32 [rows, k]), OUTDIR/label.i64 (int64 [rows]),
//   OUTDIR/class_name.txt (one name per line)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';

const [model, input, rows, columns, outDir] = process.argv.slice(2);
const bytes = readFileSync(input);
const features = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const session = await ort.InferenceSession.create(model);
const result = await session.run({ features: new ort.Tensor('float32', features, [Number(rows), Number(columns)]) });
writeFileSync(join(outDir, 'probabilities.f32'), Buffer.from(result.probabilities.data.buffer, result.probabilities.data.byteOffset, result.probabilities.data.byteLength));
writeFileSync(join(outDir, 'label.i64'), Buffer.from(result.label.data.buffer, result.label.data.byteOffset, result.label.data.byteLength));
writeFileSync(join(outDir, 'class_name.txt'), result.class_name.data.join('\n') + '\n');
