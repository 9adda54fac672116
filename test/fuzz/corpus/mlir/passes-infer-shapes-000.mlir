
// asr-infer-shapes replaces `?` result dims with the sizes the shape rules
// infer, op by op in order, so refinements propagate down a chain; dims that
// stay unknown (dynamic batch and time) stay `?`; the function's result
// types follow its return.

// The example of the pass description.
// CHECK-LABEL: func.func @linear_refines_static
// CHECK-SAME: ([[X:%[^:]+]]: tensor<2x7x80xf32>) -> tensor<2x7x16xf32>
// CHECK: [[W:%.*]] = asr.weight "proj.weight" : tensor<16x80xf32>
// CHECK: [[Y:%.*]] = asr.linear [[X]], [[W]] : (tensor<2x7x80xf32>, tensor<16x80xf32>) -> tensor<2x7x16xf32>
// CHECK: return [[Y]] : tensor<2x7x16xf32>
func.func @linear_refines_static(%x: tensor<2x7x80xf32>) -> tensor<?x?x?xf32> {
  %w = asr.weight "proj.weight" : tensor<16x80xf32>
  %y = asr.linear %x, %w : (tensor<2x7x80xf32>, tensor<16x80xf32>) -> tensor<?x?x?xf32>
  return %y : tensor<?x?x?xf32>
}

// Whisper's encoder front end on 30 s of audio with a dynamic batch: the
// time dim becomes 3000 then 1500 through both convolutions and the ops that
// keep their input's type; the batch stays dynamic.
// CHECK-LABEL: func.func @whisper_front_end
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x3000x80xf32>) -> tensor<?x1500x384xf32>
// CHECK: [[C1:%.*]] = asr.conv1d [[X]], {{.*}} -> tensor<?x3000x384xf32>
// CHECK: [[G1:%.*]] = asr.gelu [[C1]] : tensor<?x3000x384xf32>
// CHECK: [[C2:%.*]] = asr.conv1d [[G1]], {{.*}} {padding = 1 : i64, stride = 2 : i64}
// CHECK-SAME: : (tensor<?x3000x384xf32>, tensor<384x384x3xf32>, tensor<384xf32>) -> tensor<?x1500x384xf32>
// CHECK: [[G2:%.*]] = asr.gelu [[C2]] : tensor<?x1500x384xf32>
// CHECK: [[P:%.*]] = asr.sinusoidal_position concat [[G2]] : (tensor<?x1500x384xf32>) -> tensor<?x1500x384xf32>
// CHECK: [[N:%.*]] = asr.layer_norm [[P]], {{.*}} -> tensor<?x1500x384xf32>
// CHECK: return [[N]] : tensor<?x1500x384xf32>
func.func @whisper_front_end(%x: tensor<?x3000x80xf32>) -> tensor<?x?x?xf32> {
  %w1 = asr.weight "encoder.conv1.weight" : tensor<384x80x3xf32>
  %b1 = asr.weight "encoder.conv1.bias" : tensor<384xf32>
  %w2 = asr.weight "encoder.conv2.weight" : tensor<384x384x3xf32>
  %b2 = asr.weight "encoder.conv2.bias" : tensor<384xf32>
  %g = asr.weight "encoder.ln.weight" : tensor<384xf32>
  %b = asr.weight "encoder.ln.bias" : tensor<384xf32>
  %0 = asr.conv1d %x, %w1 bias %b1 {padding = 1 : i64} : (tensor<?x3000x80xf32>, tensor<384x80x3xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  %1 = asr.gelu %0 : tensor<?x?x384xf32>
  %2 = asr.conv1d %1, %w2 bias %b2 {stride = 2 : i64, padding = 1 : i64} : (tensor<?x?x384xf32>, tensor<384x384x3xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  %3 = asr.gelu %2 : tensor<?x?x384xf32>
  %4 = asr.sinusoidal_position concat %3 : (tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  %5 = asr.layer_norm %4, %g, %b : (tensor<?x?x384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x?xf32>
  return %5 : tensor<?x?x?xf32>
}

// Conformer conv2d subsampling with dynamic batch and time: the channel and
// feature dims are refined, and the reshape's -1 becomes 144 * 19.
// CHECK-LABEL: func.func @conformer_subsampling
// CHECK-SAME: -> tensor<?x?x2736xf32>
// CHECK: [[C1:%.*]] = asr.conv2d {{.*}} -> tensor<?x144x?x39xf32>
// CHECK: [[R1:%.*]] = asr.relu [[C1]] : tensor<?x144x?x39xf32>
// CHECK: [[C2:%.*]] = asr.conv2d [[R1]], {{.*}} -> tensor<?x144x?x19xf32>
// CHECK: [[T:%.*]] = asr.transpose {{.*}} : (tensor<?x144x?x19xf32>) -> tensor<?x?x144x19xf32>
// CHECK: [[M:%.*]] = asr.reshape [[T]] {shape = array<i64: 0, 0, -1>} : (tensor<?x?x144x19xf32>) -> tensor<?x?x2736xf32>
// CHECK: return [[M]] : tensor<?x?x2736xf32>
func.func @conformer_subsampling(%x: tensor<?x1x?x80xf32>) -> tensor<?x?x?xf32> {
  %w1 = asr.weight "subsample.conv.0.weight" : tensor<144x1x3x3xf32>
  %w2 = asr.weight "subsample.conv.2.weight" : tensor<144x144x3x3xf32>
  %0 = asr.conv2d %x, %w1 {stride = array<i64: 2, 2>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x?x?x?xf32>
  %1 = asr.relu %0 : tensor<?x?x?x?xf32>
  %2 = asr.conv2d %1, %w2 {stride = array<i64: 2, 2>} : (tensor<?x?x?x?xf32>, tensor<144x144x3x3xf32>) -> tensor<?x?x?x?xf32>
  %3 = asr.transpose %2 {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %4 = asr.reshape %3 {shape = array<i64: 0, 0, -1>} : (tensor<?x?x?x?xf32>) -> tensor<?x?x?xf32>
  return %4 : tensor<?x?x?xf32>
}

// Ops with two results: both are refined.
// CHECK-LABEL: func.func @decoder_step
// CHECK-SAME: -> (tensor<4x256xf32>, tensor<4x256xf32>, tensor<4x512xf32>, tensor<4x100xf32>)
// CHECK: [[H:%[^,]+]], [[C:%.*]] = asr.lstm_cell {{.*}} -> (tensor<4x256xf32>, tensor<4x256xf32>)
// CHECK: [[CTX:%[^,]+]], [[P:%.*]] = asr.additive_attention [[H]], {{.*}} -> (tensor<4x512xf32>, tensor<4x100xf32>)
// CHECK: return [[H]], [[C]], [[CTX]], [[P]] : tensor<4x256xf32>, tensor<4x256xf32>, tensor<4x512xf32>, tensor<4x100xf32>
func.func @decoder_step(%x: tensor<4x320xf32>, %h: tensor<4x256xf32>, %c: tensor<4x256xf32>, %enc: tensor<4x100x512xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) {
  %wih = asr.weight "decoder.cell.weight_ih" : tensor<1024x320xf32>
  %whh = asr.weight "decoder.cell.weight_hh" : tensor<1024x256xf32>
  %bih = asr.weight "decoder.cell.bias_ih" : tensor<1024xf32>
  %bhh = asr.weight "decoder.cell.bias_hh" : tensor<1024xf32>
  %wq = asr.weight "attention.query.weight" : tensor<128x256xf32>
  %wk = asr.weight "attention.key.weight" : tensor<128x512xf32>
  %v = asr.weight "attention.v" : tensor<128xf32>
  %h1, %c1 = asr.lstm_cell %x, %h, %c weights(%wih, %whh, %bih, %bhh) : (tensor<4x320xf32>, tensor<4x256xf32>, tensor<4x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>)
  %ctx, %p = asr.additive_attention %h1, %enc weights(%wq, %wk, %v) : (tensor<?x?xf32>, tensor<4x100x512xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>)
  return %h1, %c1, %ctx, %p : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
}

// The kernel-level attention chain: scores, masked softmax and the weighted
// sum, and the fused form with its probabilities.
// CHECK-LABEL: func.func @attention_kernels
// CHECK: asr.attention_score dot {{.*}} -> tensor<?x6x1x448xf32>
// CHECK: asr.softmax {{.*}} -> tensor<?x6x1x448xf32>
// CHECK: asr.weighted_sum {{.*}} -> tensor<?x6x1x64xf32>
// CHECK: asr.fused_attention dot {{.*}} -> (tensor<?x6x1x64xf32>, tensor<?x6x1x448xf32>)
func.func @attention_kernels(%q: tensor<?x6x1x64xf32>, %k: tensor<?x6x448x64xf32>, %len: tensor<?xi32>) -> (tensor<?x6x?x?xf32>, tensor<?x6x?x?xf32>, tensor<?x6x?x?xf32>) {
  %s = asr.attention_score dot %q, %k {scale = 0.125 : f32} : (tensor<?x6x1x64xf32>, tensor<?x6x448x64xf32>) -> tensor<?x6x?x?xf32>
  %p = asr.softmax %s lengths %len : (tensor<?x6x?x?xf32>, tensor<?xi32>) -> tensor<?x6x?x?xf32>
  %o = asr.weighted_sum %p, %k : (tensor<?x6x?x?xf32>, tensor<?x6x448x64xf32>) -> tensor<?x6x?x?xf32>
  %fo, %fp = asr.fused_attention dot %q, %k, %k key_lengths %len {scale = 0.125 : f32, return_probs} : (tensor<?x6x1x64xf32>, tensor<?x6x448x64xf32>, tensor<?x6x448x64xf32>, tensor<?xi32>) -> (tensor<?x6x?x?xf32>, tensor<?x6x?x?xf32>)
  return %o, %fo, %fp : tensor<?x6x?x?xf32>, tensor<?x6x?x?xf32>, tensor<?x6x?x?xf32>
}

// Declared dims that are more static than the inferred ones are kept (the
// caller knows the batch is 4); the others are refined.
// CHECK-LABEL: func.func @declared_dims_kept
// CHECK-SAME: -> tensor<4x?x1536xf32>
// CHECK: asr.linear {{.*}} -> tensor<4x?x1536xf32>
func.func @declared_dims_kept(%x: tensor<?x?x384xf32>) -> tensor<4x?x?xf32> {
  %w = asr.weight "mlp.0.weight" : tensor<1536x384xf32>
  %y = asr.linear %x, %w : (tensor<?x?x384xf32>, tensor<1536x384xf32>) -> tensor<4x?x?xf32>
  return %y : tensor<4x?x?xf32>
}

// Length arithmetic on integer tensors and subsampled lengths.
// CHECK-LABEL: func.func @lengths
// CHECK-SAME: -> tensor<8xi32>
// CHECK: [[S:%.*]] = asr.subsample_lengths {{.*}} : tensor<8xi32>
// CHECK: [[A:%.*]] = asr.add [[S]], {{.*}} : (tensor<8xi32>, tensor<1xi32>) -> tensor<8xi32>
// CHECK: return [[A]] : tensor<8xi32>
func.func @lengths(%len: tensor<8xi32>, %one: tensor<1xi32>) -> tensor<?xi32> {
  %0 = asr.subsample_lengths %len {kernel = 3 : i64, stride = 2 : i64, padding = 1 : i64} : tensor<8xi32>
  %1 = asr.add %0, %one : (tensor<8xi32>, tensor<1xi32>) -> tensor<?xi32>
  return %1 : tensor<?xi32>
}

// A fully dynamic function is left as it is.
// CHECK-LABEL: func.func @nothing_to_refine
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
// CHECK: asr.softmax [[X]] : (tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
func.func @nothing_to_refine(%x: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  %0 = asr.softmax %x : (tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// A weight whose kernel size is unknown leaves the output length unknown.
// CHECK-LABEL: func.func @conv1d_dynamic_kernel
// CHECK: asr.conv1d {{.*}} -> tensor<2x?x384xf32>
func.func @conv1d_dynamic_kernel(%x: tensor<2x100x80xf32>, %w: tensor<384x80x?xf32>) -> tensor<?x?x?xf32> {
  %0 = asr.conv1d %x, %w : (tensor<2x100x80xf32>, tensor<384x80x?xf32>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// A step larger than the axis keeps the first element only (no overflow in
// the size computation).
// CHECK-LABEL: func.func @slice_huge_step
// CHECK: asr.slice {{.*}} -> tensor<2x1x80xf32>
func.func @slice_huge_step(%x: tensor<2x10x80xf32>) -> tensor<?x?x?xf32> {
  %0 = asr.slice %x {axis = 1 : i64, start = 0 : i64, step = 9223372036854775807 : i64} : (tensor<2x10x80xf32>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// Refined result types reach the calls of a function, and through them the
// caller's own result types.
// CHECK-LABEL: func.func @callee
// CHECK-SAME: -> tensor<2x7x16xf32>
func.func @callee(%x: tensor<2x7x80xf32>, %w: tensor<16x80xf32>) -> tensor<?x?x?xf32> {
  %y = asr.linear %x, %w : (tensor<2x7x80xf32>, tensor<16x80xf32>) -> tensor<?x?x?xf32>
  return %y : tensor<?x?x?xf32>
}
// CHECK-LABEL: func.func @caller
// CHECK-SAME: -> tensor<2x7x16xf32>
// CHECK: call @callee({{.*}}) : (tensor<2x7x80xf32>, tensor<16x80xf32>) -> tensor<2x7x16xf32>
// CHECK: asr.relu {{.*}} : tensor<2x7x16xf32>
func.func @caller(%x: tensor<2x7x80xf32>, %w: tensor<16x80xf32>) -> tensor<?x?x?xf32> {
  %y = call @callee(%x, %w) : (tensor<2x7x80xf32>, tensor<16x80xf32>) -> tensor<?x?x?xf32>
  %z = asr.relu %y : tensor<?x?x?xf32>
  return %z : tensor<?x?x?xf32>
}
