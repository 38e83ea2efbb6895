// Converts the MobileNetV2 (width 1.4) feature extractor inside the npm package nsfwjs@4.4.0 (MIT,
// Copyright (c) 2019 Infinite Red) into the two files the grading library loads:
//   graph.json  - the layers from the input to MobilenetV2/Conv_1/Relu6, with the offset, shape and
//                 8-bit quantisation (min, scale) of each weight tensor in weights.bin
//   weights.bin - the package's uint8 tensors, unchanged, back to back
// The package's 5-class head is dropped. Run once by a developer, offline once the package is unpacked:
//   npm pack nsfwjs@4.4.0 && tar xzf nsfwjs-4.4.0.tgz
//   node grading/tools/nsfwjs-backbone.cjs package/dist/models/mobilenet_v2_mid OUT_DIR
'use strict';
const fs = require('fs');
const path = require('path');

const [src, out] = process.argv.slice(2);
if (!src || !out) {
  console.error('usage: node nsfwjs-backbone.cjs <mobilenet_v2_mid dir> <out dir>');
  process.exit(2);
}
const load = (f) => {
  const m = require(path.resolve(src, f));
  return m && m.default !== undefined ? m.default : m;
};
const model = load('model.min.js');
const manifest = model.weightsManifest[0];
const data = Buffer.concat(manifest.paths.map((p) => Buffer.from(load(p + '.min.js'), 'base64')));

const PREFIX = 'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/'
  + 'StatefulPartitionedCall/StatefulPartitionedCall/predict/';
const short = (n) => n.split(PREFIX).join('');

// where each tensor sits in the concatenated shards
const tensors = new Map();
let offset = 0;
for (const w of manifest.weights) {
  const size = w.shape.reduce((a, b) => a * b, 1);
  if (!w.quantization || w.quantization.dtype !== 'uint8') {
    throw new Error('expected uint8 quantisation: ' + w.name);
  }
  tensors.set(w.name, { shape: w.shape, offset, length: size, min: w.quantization.min, scale: w.quantization.scale });
  offset += size;
}
if (offset !== data.length) {
  throw new Error('shards hold ' + data.length + ' bytes, manifest ' + offset);
}

const LAST = 'MobilenetV2/Conv_1/Relu6';
const ints = (attr, key) => (attr[key] && attr[key].list && attr[key].list.i || []).map(Number);
const strings = (attr, key) => (attr[key] && attr[key].list && attr[key].list.s || [])
  .map((s) => Buffer.from(s, 'base64').toString());
const text = (attr, key) => (attr[key] && attr[key].s ? Buffer.from(attr[key].s, 'base64').toString() : undefined);

const layers = [];
const used = [];
const weight = (name) => {
  const t = tensors.get(name);
  if (!t) {
    throw new Error('no tensor ' + name);
  }
  const copy = Buffer.from(data.subarray(t.offset, t.offset + t.length));
  const at = used.reduce((a, b) => a + b.length, 0);
  used.push(copy);
  return { shape: t.shape, offset: at, min: t.min, scale: t.scale };
};
let input;
for (const n of model.modelTopology.node) {
  const name = short(n.name);
  const attr = n.attr || {};
  const inputs = (n.input || []).map(short);
  if (n.op === 'Placeholder') {
    input = name;
    continue;
  }
  if (n.op === 'Const' || n.op === 'Mul' || n.op === 'Sub') {
    continue; // the input scaling x * 2 - 1 is written as "inputScale"/"inputShift" below
  }
  if (n.op === '_FusedConv2D' || n.op === 'FusedDepthwiseConv2dNative') {
    const fused = strings(attr, 'fused_ops');
    if (text(attr, 'padding') !== 'SAME' || fused[0] !== 'BiasAdd' || ints(attr, 'dilations').some((d) => d !== 1)) {
      throw new Error('unsupported convolution ' + name);
    }
    layers.push({
      op: n.op === '_FusedConv2D' ? 'conv' : 'depthwise',
      name,
      input: inputs[0] === 'hub_input/Sub' ? 'input' : inputs[0],
      stride: ints(attr, 'strides')[1],
      relu6: fused.includes('Relu6'),
      weight: weight(n.input[1]),
      bias: weight(n.input[2]),
    });
  }
  else if (n.op === 'AddV2') {
    layers.push({ op: 'add', name, inputs });
  }
  else {
    throw new Error('unexpected op ' + n.op + ' before ' + LAST + ': ' + name);
  }
  if (name === LAST) {
    break;
  }
}
if (input !== 'input' || layers[layers.length - 1].name !== LAST) {
  throw new Error('graph does not end at ' + LAST);
}
fs.mkdirSync(out, { recursive: true });
const graph = {
  source: 'npm nsfwjs@4.4.0 dist/models/mobilenet_v2_mid (MIT, Copyright (c) 2019 Infinite Red)',
  inputSize: 224,
  inputScale: 2 / 255,
  inputShift: -1,
  layout: 'TensorFlow: conv HWIO, depthwise HWC1, NHWC activations, SAME padding',
  output: LAST,
  layers,
};
fs.writeFileSync(path.join(out, 'graph.json'), JSON.stringify(graph, null, 1) + '\n');
fs.writeFileSync(path.join(out, 'weights.bin'), Buffer.concat(used));
console.log(layers.length + ' layers, ' + used.reduce((a, b) => a + b.length, 0) + ' weight bytes');
