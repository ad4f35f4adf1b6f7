/**
 * The operators of the default ONNX domain at opset 17 (every schema introduced at or before 17 and not
 * deprecated by then), as listed by ONNX 1.12's `onnx.defs`. Space-separated so the table stays readable.
 */
const opset17 = `
  Abs Acos Acosh Add And ArgMax ArgMin Asin Asinh Atan Atanh AveragePool BatchNormalization Bernoulli
  BitShift BlackmanWindow Cast CastLike Ceil Celu Clip Compress Concat ConcatFromSequence Constant
  ConstantOfShape Conv ConvInteger ConvTranspose Cos Cosh CumSum DFT DepthToSpace DequantizeLinear Det Div
  Dropout DynamicQuantizeLinear Einsum Elu Equal Erf Exp Expand EyeLike Flatten Floor GRU Gather
  GatherElements GatherND Gemm GlobalAveragePool GlobalLpPool GlobalMaxPool Greater GreaterOrEqual
  GridSample HammingWindow HannWindow HardSigmoid HardSwish Hardmax Identity If InstanceNormalization IsInf
  IsNaN LRN LSTM LayerNormalization LeakyRelu Less LessOrEqual Log LogSoftmax Loop LpNormalization LpPool
  MatMul MatMulInteger Max MaxPool MaxRoiPool MaxUnpool Mean MeanVarianceNormalization MelWeightMatrix Min
  Mod Mul Multinomial Neg NegativeLogLikelihoodLoss NonMaxSuppression NonZero Not OneHot Optional
  OptionalGetElement OptionalHasElement Or PRelu Pad Pow QLinearConv QLinearMatMul QuantizeLinear RNN
  RandomNormal RandomNormalLike RandomUniform RandomUniformLike Range Reciprocal ReduceL1 ReduceL2
  ReduceLogSum ReduceLogSumExp ReduceMax ReduceMean ReduceMin ReduceProd ReduceSum ReduceSumSquare Relu
  Reshape Resize ReverseSequence RoiAlign Round STFT Scan ScatterElements ScatterND Selu SequenceAt
  SequenceConstruct SequenceEmpty SequenceErase SequenceInsert SequenceLength SequenceMap Shape Shrink
  Sigmoid Sign Sin Sinh Size Slice Softmax SoftmaxCrossEntropyLoss Softplus Softsign SpaceToDepth Split
  SplitToSequence Sqrt Squeeze StringNormalizer Sub Sum Tan Tanh TfIdfVectorizer ThresholdedRelu Tile TopK
  Transpose Trilu Unique Unsqueeze Where Xor
`;

export const opset17Operators: ReadonlySet<string> = new Set(opset17.trim().split(/\s+/));

/** Operators people reach for that arrived after opset 17, with what to write instead. */
const laterOperators: Readonly<Record<string, { since: number; instead: string }>> = {
  Gelu: { since: 20, instead: 'x * 0.5 * (1 + Erf(x / sqrt(2)))' },
  Mish: { since: 18, instead: 'x * Tanh(Softplus(x))' },
  GroupNormalization: { since: 18, instead: 'Reshape + InstanceNormalization + Reshape, then Mul and Add' },
  Col2Im: { since: 18, instead: 'Reshape and Transpose' },
  CenterCropPad: { since: 18, instead: 'Slice or Pad' },
  BitwiseAnd: { since: 18, instead: 'And on bool tensors' },
  BitwiseOr: { since: 18, instead: 'Or on bool tensors' },
  BitwiseXor: { since: 18, instead: 'Xor on bool tensors' },
  BitwiseNot: { since: 18, instead: 'Not on bool tensors' },
  AffineGrid: { since: 20, instead: 'MatMul over a coordinate grid' },
  RMSNormalization: { since: 23, instead: 'x / Sqrt(ReduceMean(x * x) + epsilon) * scale' },
  Attention: { since: 23, instead: 'MatMul, Softmax and MatMul' },
  RotaryEmbedding: { since: 23, instead: 'Mul, Slice, Concat and Add' },
};

/** Why `opType` cannot appear in an opset 17 graph, or undefined when it can. */
export function unknownOperatorProblem(opType: string): string | undefined {
  if (opset17Operators.has(opType)) return undefined;
  const later = laterOperators[opType];
  if (later) return `operator ${opType} arrived in opset ${later.since}, after the opset 17 we export; write ${later.instead}`;
  return `operator "${opType}" is not in the default ONNX domain at opset 17 (operator names are case-sensitive)`;
}
