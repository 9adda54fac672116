
// Round trip of every asr op through the custom and the generic printer.
// Shapes are those of real speech models (Whisper tiny/base, Conformer-S,
// LAS) with dynamic batch and time dims.

//===----------------------------------------------------------------------===//
// Weights
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @weight
// CHECK: asr.weight "encoder.conv1.weight" : tensor<384x80x3xf32>
// CHECK: asr.weight "decoder.token_embedding.weight" : tensor<51865x384xf16>
// CHECK: asr.weight "encoder.ln_post.bias" : tensor<384xbf16>
// CHECK: asr.weight "decoder.shape" : tensor<4xi64>
func.func @weight() -> (tensor<384x80x3xf32>, tensor<51865x384xf16>, tensor<384xbf16>, tensor<4xi64>) {
  %0 = asr.weight "encoder.conv1.weight" : tensor<384x80x3xf32>
  %1 = asr.weight "decoder.token_embedding.weight" : tensor<51865x384xf16>
  %2 = asr.weight "encoder.ln_post.bias" : tensor<384xbf16>
  %3 = asr.weight "decoder.shape" : tensor<4xi64>
  return %0, %1, %2, %3 : tensor<384x80x3xf32>, tensor<51865x384xf16>, tensor<384xbf16>, tensor<4xi64>
}

//===----------------------------------------------------------------------===//
// Front end
//===----------------------------------------------------------------------===//

// Whisper's 30 s window (480000 samples -> 3000 frames) with lengths, 128
// mels; Kaldi fbank at 8 kHz with every attribute given.
// CHECK-LABEL: func.func @log_mel
// CHECK-SAME: ([[A:%[^:]+]]: tensor<?x480000xf32>, [[L:%[^:]+]]: tensor<?xi32>, [[K:%[^:]+]]: tensor<?x?xf32>)
// CHECK: [[W:%.*]] = asr.log_mel whisper [[A]] lengths [[L]] {n_mels = 128 : i64}
// CHECK-SAME: : (tensor<?x480000xf32>, tensor<?xi32>) -> tensor<?x3000x128xf32>
// CHECK: [[F:%.*]] = asr.log_mel kaldi [[K]] {high_freq = -2.000000e+02 : f32, hop_length = 80 : i64,
// CHECK-SAME: low_freq = 2.000000e+01 : f32, n_fft = 256 : i64, n_mels = 40 : i64, preemphasis = 9.700000e-01 : f32,
// CHECK-SAME: sample_rate = 8000 : i64, scale = 3.276800e+04 : f32, win_length = 200 : i64}
// CHECK-SAME: : (tensor<?x?xf32>) -> tensor<?x?x40xf32>
// The default style (whisper) and attributes are elided.
// CHECK: asr.log_mel whisper [[A]] : (tensor<?x480000xf32>) -> tensor<?x3000x80xf32>
func.func @log_mel(%a: tensor<?x480000xf32>, %len: tensor<?xi32>, %k: tensor<?x?xf32>) -> (tensor<?x3000x128xf32>, tensor<?x?x40xf32>, tensor<?x3000x80xf32>) {
  %0 = asr.log_mel whisper %a lengths %len {n_mels = 128 : i64} : (tensor<?x480000xf32>, tensor<?xi32>) -> tensor<?x3000x128xf32>
  %1 = asr.log_mel kaldi %k {sample_rate = 8000 : i64, n_mels = 40 : i64, n_fft = 256 : i64, win_length = 200 : i64, hop_length = 80 : i64, low_freq = 20.0 : f32, high_freq = -200.0 : f32, preemphasis = 0.97 : f32, scale = 32768.0 : f32} : (tensor<?x?xf32>) -> tensor<?x?x40xf32>
  %2 = asr.log_mel whisper %a {sample_rate = 16000 : i64, n_mels = 80 : i64, scale = 1.0 : f32} : (tensor<?x480000xf32>) -> tensor<?x3000x80xf32>
  return %0, %1, %2 : tensor<?x3000x128xf32>, tensor<?x?x40xf32>, tensor<?x3000x80xf32>
}

//===----------------------------------------------------------------------===//
// Convolutions, linear, norms
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv1d
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x80xf32>, [[H:%[^:]+]]: tensor<?x?x144xf32>)
// CHECK: [[W:%.*]] = asr.weight "encoder.conv2.weight"
// CHECK: [[B:%.*]] = asr.weight "encoder.conv2.bias"
// CHECK: [[Y:%.*]] = asr.conv1d [[X]], [[W]] bias [[B]] {padding = 1 : i64, stride = 2 : i64}
// CHECK-SAME: : (tensor<?x?x80xf32>, tensor<384x80x3xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
// CHECK: [[DW:%.*]] = asr.weight "conformer.conv.depthwise.weight"
// The default dilation is elided.
// CHECK: [[Z:%.*]] = asr.conv1d [[H]], [[DW]] {groups = 144 : i64, padding = 15 : i64}
// CHECK-SAME: : (tensor<?x?x144xf32>, tensor<144x1x31xf32>) -> tensor<?x?x144xf32>
// CHECK: return [[Y]], [[Z]]
func.func @conv1d(%x: tensor<?x?x80xf32>, %h: tensor<?x?x144xf32>) -> (tensor<?x?x384xf32>, tensor<?x?x144xf32>) {
  %w = asr.weight "encoder.conv2.weight" : tensor<384x80x3xf32>
  %b = asr.weight "encoder.conv2.bias" : tensor<384xf32>
  %0 = asr.conv1d %x, %w bias %b {stride = 2 : i64, padding = 1 : i64} : (tensor<?x?x80xf32>, tensor<384x80x3xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  %dw = asr.weight "conformer.conv.depthwise.weight" : tensor<144x1x31xf32>
  %1 = asr.conv1d %h, %dw {padding = 15 : i64, groups = 144 : i64, dilation = 1 : i64} : (tensor<?x?x144xf32>, tensor<144x1x31xf32>) -> tensor<?x?x144xf32>
  return %0, %1 : tensor<?x?x384xf32>, tensor<?x?x144xf32>
}

// Whisper's second convolution: 3000 frames -> 1500.
// CHECK-LABEL: func.func @conv1d_static
// CHECK: asr.conv1d
// CHECK-SAME: -> tensor<2x1500x384xf32>
func.func @conv1d_static(%x: tensor<2x3000x80xf32>) -> tensor<2x1500x384xf32> {
  %w = asr.weight "encoder.conv2.weight" : tensor<384x80x3xf32>
  %0 = asr.conv1d %x, %w {stride = 2 : i64, padding = 1 : i64} : (tensor<2x3000x80xf32>, tensor<384x80x3xf32>) -> tensor<2x1500x384xf32>
  return %0 : tensor<2x1500x384xf32>
}

// Conformer conv2d subsampling: 80 mel bins -> 39 -> 19.
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x1x?x80xf32>, [[H:%[^:]+]]: tensor<?x144x?x39xf32>)
// CHECK: [[W:%.*]] = asr.weight "subsample.conv.0.weight"
// CHECK: [[B:%.*]] = asr.weight "subsample.conv.0.bias"
// CHECK: [[Y:%.*]] = asr.conv2d [[X]], [[W]] bias [[B]] {stride = array<i64: 2, 2>}
// CHECK-SAME: : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>, tensor<144xf32>) -> tensor<?x144x?x39xf32>
// CHECK: [[W2:%.*]] = asr.weight "subsample.conv.2.weight"
// CHECK: [[Z:%.*]] = asr.conv2d [[H]], [[W2]] {padding = array<i64: 1, 0>, stride = array<i64: 2, 2>}
// CHECK-SAME: : (tensor<?x144x?x39xf32>, tensor<144x144x3x3xf32>) -> tensor<?x144x?x19xf32>
// CHECK: return [[Y]], [[Z]]
func.func @conv2d(%x: tensor<?x1x?x80xf32>, %h: tensor<?x144x?x39xf32>) -> (tensor<?x144x?x39xf32>, tensor<?x144x?x19xf32>) {
  %w = asr.weight "subsample.conv.0.weight" : tensor<144x1x3x3xf32>
  %b = asr.weight "subsample.conv.0.bias" : tensor<144xf32>
  %0 = asr.conv2d %x, %w bias %b {stride = array<i64: 2, 2>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>, tensor<144xf32>) -> tensor<?x144x?x39xf32>
  %w2 = asr.weight "subsample.conv.2.weight" : tensor<144x144x3x3xf32>
  %1 = asr.conv2d %h, %w2 {stride = array<i64: 2, 2>, padding = array<i64: 1, 0>, dilation = array<i64: 1, 1>} : (tensor<?x144x?x39xf32>, tensor<144x144x3x3xf32>) -> tensor<?x144x?x19xf32>
  return %0, %1 : tensor<?x144x?x39xf32>, tensor<?x144x?x19xf32>
}

// CHECK-LABEL: func.func @linear
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x384xf32>, [[S:%[^:]+]]: tensor<?x256xf16>)
// CHECK: [[W:%.*]] = asr.weight "encoder.blocks.0.mlp.0.weight"
// CHECK: [[B:%.*]] = asr.weight "encoder.blocks.0.mlp.0.bias"
// CHECK: [[Y:%.*]] = asr.linear [[X]], [[W]] bias [[B]]
// CHECK-SAME: : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<1536xf32>) -> tensor<?x?x1536xf32>
// CHECK: [[W2:%.*]] = asr.weight "decoder.out.weight"
// CHECK: [[Z:%.*]] = asr.linear [[S]], [[W2]] : (tensor<?x256xf16>, tensor<32x256xf16>) -> tensor<?x32xf16>
// CHECK: return [[Y]], [[Z]]
func.func @linear(%x: tensor<?x?x384xf32>, %s: tensor<?x256xf16>) -> (tensor<?x?x1536xf32>, tensor<?x32xf16>) {
  %w = asr.weight "encoder.blocks.0.mlp.0.weight" : tensor<1536x384xf32>
  %b = asr.weight "encoder.blocks.0.mlp.0.bias" : tensor<1536xf32>
  %0 = asr.linear %x, %w bias %b : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<1536xf32>) -> tensor<?x?x1536xf32>
  %w2 = asr.weight "decoder.out.weight" : tensor<32x256xf16>
  %1 = asr.linear %s, %w2 : (tensor<?x256xf16>, tensor<32x256xf16>) -> tensor<?x32xf16>
  return %0, %1 : tensor<?x?x1536xf32>, tensor<?x32xf16>
}

// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x384xf32>)
// CHECK: [[G:%.*]] = asr.weight "encoder.ln_post.weight"
// CHECK: [[B:%.*]] = asr.weight "encoder.ln_post.bias"
// The default epsilon is elided.
// CHECK: asr.layer_norm [[X]], [[G]], [[B]] : (tensor<?x?x384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
// CHECK: asr.layer_norm [[X]], [[G]], [[B]] {epsilon = 9.99999996E-13 : f32}
// CHECK-SAME: : (tensor<?x?x384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
func.func @layer_norm(%x: tensor<?x?x384xf32>) -> (tensor<?x?x384xf32>, tensor<?x?x384xf32>) {
  %g = asr.weight "encoder.ln_post.weight" : tensor<384xf32>
  %b = asr.weight "encoder.ln_post.bias" : tensor<384xf32>
  %0 = asr.layer_norm %x, %g, %b : (tensor<?x?x384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  %1 = asr.layer_norm %x, %g, %b {epsilon = 1.0e-12 : f32} : (tensor<?x?x384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return %0, %1 : tensor<?x?x384xf32>, tensor<?x?x384xf32>
}

// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x144xf32>)
// CHECK: [[M:%.*]] = asr.weight "conv.bn.running_mean"
// CHECK: [[V:%.*]] = asr.weight "conv.bn.running_var"
// CHECK: [[G:%.*]] = asr.weight "conv.bn.weight"
// CHECK: [[B:%.*]] = asr.weight "conv.bn.bias"
// CHECK: asr.batch_norm [[X]], [[M]], [[V]], [[G]], [[B]] {epsilon = 1.000000e-03 : f32}
// CHECK-SAME: : (tensor<?x?x144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>) -> tensor<?x?x144xf32>
func.func @batch_norm(%x: tensor<?x?x144xf32>) -> tensor<?x?x144xf32> {
  %m = asr.weight "conv.bn.running_mean" : tensor<144xf32>
  %v = asr.weight "conv.bn.running_var" : tensor<144xf32>
  %g = asr.weight "conv.bn.weight" : tensor<144xf32>
  %b = asr.weight "conv.bn.bias" : tensor<144xf32>
  %0 = asr.batch_norm %x, %m, %v, %g, %b {epsilon = 1.0e-03 : f32} : (tensor<?x?x144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>) -> tensor<?x?x144xf32>
  return %0 : tensor<?x?x144xf32>
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @unary
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x384xf32>, [[Y:%[^:]+]]: tensor<?x?x384xbf16>)
// CHECK: [[A0:%.*]] = asr.relu [[X]] : tensor<?x?x384xf32>
// CHECK: [[A1:%.*]] = asr.gelu [[A0]] : tensor<?x?x384xf32>
// CHECK: [[A2:%.*]] = asr.gelu_tanh [[A1]] : tensor<?x?x384xf32>
// CHECK: [[A3:%.*]] = asr.tanh [[A2]] : tensor<?x?x384xf32>
// CHECK: [[A4:%.*]] = asr.sigmoid [[A3]] : tensor<?x?x384xf32>
// CHECK: [[A5:%.*]] = asr.silu [[A4]] : tensor<?x?x384xf32>
// CHECK: [[A6:%.*]] = asr.exp [[A5]] : tensor<?x?x384xf32>
// CHECK: [[A7:%.*]] = asr.log [[A6]] : tensor<?x?x384xf32>
// CHECK: [[A8:%.*]] = asr.neg [[A7]] : tensor<?x?x384xf32>
// CHECK: [[A9:%.*]] = asr.sqrt [[A8]] : tensor<?x?x384xf32>
// CHECK: [[A10:%.*]] = asr.rsqrt [[A9]] : tensor<?x?x384xf32>
// CHECK: [[B0:%.*]] = asr.silu [[Y]] : tensor<?x?x384xbf16>
// CHECK: return [[A10]], [[B0]]
func.func @unary(%x: tensor<?x?x384xf32>, %y: tensor<?x?x384xbf16>) -> (tensor<?x?x384xf32>, tensor<?x?x384xbf16>) {
  %0 = asr.relu %x : tensor<?x?x384xf32>
  %1 = asr.gelu %0 : tensor<?x?x384xf32>
  %2 = asr.gelu_tanh %1 : tensor<?x?x384xf32>
  %3 = asr.tanh %2 : tensor<?x?x384xf32>
  %4 = asr.sigmoid %3 : tensor<?x?x384xf32>
  %5 = asr.silu %4 : tensor<?x?x384xf32>
  %6 = asr.exp %5 : tensor<?x?x384xf32>
  %7 = asr.log %6 : tensor<?x?x384xf32>
  %8 = asr.neg %7 : tensor<?x?x384xf32>
  %9 = asr.sqrt %8 : tensor<?x?x384xf32>
  %10 = asr.rsqrt %9 : tensor<?x?x384xf32>
  %11 = asr.silu %y : tensor<?x?x384xbf16>
  return %10, %11 : tensor<?x?x384xf32>, tensor<?x?x384xbf16>
}

// CHECK-LABEL: func.func @scale
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x144xf32>)
// CHECK: asr.scale [[X]] {factor = 5.000000e-01 : f32} : tensor<?x?x144xf32>
func.func @scale(%x: tensor<?x?x144xf32>) -> tensor<?x?x144xf32> {
  %0 = asr.scale %x {factor = 0.5 : f32} : tensor<?x?x144xf32>
  return %0 : tensor<?x?x144xf32>
}

// CHECK-LABEL: func.func @glu
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x288xf32>, [[Y:%[^:]+]]: tensor<?x288x?xf32>)
// The default axis (-1) is elided.
// CHECK: asr.glu [[X]] : (tensor<?x?x288xf32>) -> tensor<?x?x144xf32>
// CHECK: asr.glu [[Y]] {axis = 1 : i64} : (tensor<?x288x?xf32>) -> tensor<?x144x?xf32>
func.func @glu(%x: tensor<?x?x288xf32>, %y: tensor<?x288x?xf32>) -> (tensor<?x?x144xf32>, tensor<?x144x?xf32>) {
  %0 = asr.glu %x : (tensor<?x?x288xf32>) -> tensor<?x?x144xf32>
  %1 = asr.glu %y {axis = 1 : i64} : (tensor<?x288x?xf32>) -> tensor<?x144x?xf32>
  return %0, %1 : tensor<?x?x144xf32>, tensor<?x144x?xf32>
}

// CHECK-LABEL: func.func @binary
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x384xf32>, [[Y:%[^:]+]]: tensor<?x?x384xf32>, [[B:%[^:]+]]: tensor<384xf32>,
// CHECK-SAME: [[M:%[^:]+]]: tensor<?x1x1xf32>, [[LEN:%[^:]+]]: tensor<?xi32>, [[ONE:%[^:]+]]: tensor<1xi32>)
// CHECK: [[A:%.*]] = asr.add [[X]], [[Y]] : (tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
// CHECK: [[S:%.*]] = asr.sub [[A]], [[B]] : (tensor<?x?x384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
// CHECK: [[P:%.*]] = asr.mul [[B]], [[S]] : (tensor<384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
// CHECK: [[D:%.*]] = asr.div [[P]], [[M]] : (tensor<?x?x384xf32>, tensor<?x1x1xf32>) -> tensor<?x?x384xf32>
// CHECK: [[MX:%.*]] = asr.max [[D]], [[X]] : (tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
// CHECK: [[L:%.*]] = asr.add [[LEN]], [[ONE]] : (tensor<?xi32>, tensor<1xi32>) -> tensor<?xi32>
// CHECK: return [[A]], [[S]], [[P]], [[D]], [[MX]], [[L]]
func.func @binary(%x: tensor<?x?x384xf32>, %y: tensor<?x?x384xf32>, %b: tensor<384xf32>, %m: tensor<?x1x1xf32>, %len: tensor<?xi32>, %one: tensor<1xi32>) -> (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?xi32>) {
  %0 = asr.add %x, %y : (tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  %1 = asr.sub %0, %b : (tensor<?x?x384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  %2 = asr.mul %b, %1 : (tensor<384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  %3 = asr.div %2, %m : (tensor<?x?x384xf32>, tensor<?x1x1xf32>) -> tensor<?x?x384xf32>
  %4 = asr.max %3, %x : (tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  %5 = asr.add %len, %one : (tensor<?xi32>, tensor<1xi32>) -> tensor<?xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?xi32>
}

// Both operands stretch: [8, 1, 384] * [50, 1] -> [8, 50, 384].
// CHECK-LABEL: func.func @binary_broadcast_static
// CHECK: asr.mul {{.*}} : (tensor<8x1x384xf32>, tensor<50x1xf32>) -> tensor<8x50x384xf32>
func.func @binary_broadcast_static(%x: tensor<8x1x384xf32>, %y: tensor<50x1xf32>) -> tensor<8x50x384xf32> {
  %0 = asr.mul %x, %y : (tensor<8x1x384xf32>, tensor<50x1xf32>) -> tensor<8x50x384xf32>
  return %0 : tensor<8x50x384xf32>
}

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @lstm
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x80xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK: [[WIH:%.*]] = asr.weight "encoder.lstm.weight_ih_l0"
// CHECK: [[WHH:%.*]] = asr.weight "encoder.lstm.weight_hh_l0"
// CHECK: [[BIH:%.*]] = asr.weight "encoder.lstm.bias_ih_l0"
// CHECK: [[BHH:%.*]] = asr.weight "encoder.lstm.bias_hh_l0"
// CHECK: [[Y:%.*]] = asr.lstm [[X]] weights([[WIH]], [[WHH]], [[BIH]], [[BHH]])
// CHECK-SAME: : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
// CHECK: [[Z:%.*]] = asr.lstm [[X]] lengths [[LEN]] weights([[WIH]], [[WHH]], [[BIH]], [[BHH]])
// CHECK-SAME: : (tensor<?x?x80xf32>, tensor<?xi32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
// CHECK: return [[Y]], [[Z]]
func.func @lstm(%x: tensor<?x?x80xf32>, %len: tensor<?xi32>) -> (tensor<?x?x256xf32>, tensor<?x?x256xf32>) {
  %wih = asr.weight "encoder.lstm.weight_ih_l0" : tensor<1024x80xf32>
  %whh = asr.weight "encoder.lstm.weight_hh_l0" : tensor<1024x256xf32>
  %bih = asr.weight "encoder.lstm.bias_ih_l0" : tensor<1024xf32>
  %bhh = asr.weight "encoder.lstm.bias_hh_l0" : tensor<1024xf32>
  %0 = asr.lstm %x weights(%wih, %whh, %bih, %bhh) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  %1 = asr.lstm %x lengths %len weights(%wih, %whh, %bih, %bhh) : (tensor<?x?x80xf32>, tensor<?xi32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return %0, %1 : tensor<?x?x256xf32>, tensor<?x?x256xf32>
}

// CHECK-LABEL: func.func @lstm_bidirectional
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x80xf32>, [[LEN:%[^:]+]]: tensor<?xi64>)
// CHECK: [[WIH:%.*]] = asr.weight "encoder.blstm.weight_ih_l0"
// CHECK: [[WHH:%.*]] = asr.weight "encoder.blstm.weight_hh_l0"
// CHECK: [[BIH:%.*]] = asr.weight "encoder.blstm.bias_ih_l0"
// CHECK: [[BHH:%.*]] = asr.weight "encoder.blstm.bias_hh_l0"
// CHECK: [[RWIH:%.*]] = asr.weight "encoder.blstm.weight_ih_l0_reverse"
// CHECK: [[RWHH:%.*]] = asr.weight "encoder.blstm.weight_hh_l0_reverse"
// CHECK: [[RBIH:%.*]] = asr.weight "encoder.blstm.bias_ih_l0_reverse"
// CHECK: [[RBHH:%.*]] = asr.weight "encoder.blstm.bias_hh_l0_reverse"
// CHECK: [[Y:%.*]] = asr.lstm [[X]] lengths [[LEN]] weights([[WIH]], [[WHH]], [[BIH]], [[BHH]])
// CHECK-SAME: reverse([[RWIH]], [[RWHH]], [[RBIH]], [[RBHH]])
// CHECK-SAME: : (tensor<?x?x80xf32>, tensor<?xi64>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>,
// CHECK-SAME: tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x512xf32>
// CHECK: [[Z:%.*]] = asr.lstm [[X]] weights([[WIH]], [[WHH]], [[BIH]], [[BHH]])
// CHECK-SAME: reverse([[RWIH]], [[RWHH]], [[RBIH]], [[RBHH]])
// CHECK-SAME: : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>,
// CHECK-SAME: tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x512xf32>
// CHECK: return [[Y]], [[Z]]
func.func @lstm_bidirectional(%x: tensor<?x?x80xf32>, %len: tensor<?xi64>) -> (tensor<?x?x512xf32>, tensor<?x?x512xf32>) {
  %wih = asr.weight "encoder.blstm.weight_ih_l0" : tensor<1024x80xf32>
  %whh = asr.weight "encoder.blstm.weight_hh_l0" : tensor<1024x256xf32>
  %bih = asr.weight "encoder.blstm.bias_ih_l0" : tensor<1024xf32>
  %bhh = asr.weight "encoder.blstm.bias_hh_l0" : tensor<1024xf32>
  %rwih = asr.weight "encoder.blstm.weight_ih_l0_reverse" : tensor<1024x80xf32>
  %rwhh = asr.weight "encoder.blstm.weight_hh_l0_reverse" : tensor<1024x256xf32>
  %rbih = asr.weight "encoder.blstm.bias_ih_l0_reverse" : tensor<1024xf32>
  %rbhh = asr.weight "encoder.blstm.bias_hh_l0_reverse" : tensor<1024xf32>
  %0 = asr.lstm %x lengths %len weights(%wih, %whh, %bih, %bhh) reverse(%rwih, %rwhh, %rbih, %rbhh) : (tensor<?x?x80xf32>, tensor<?xi64>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x512xf32>
  %1 = asr.lstm %x weights(%wih, %whh, %bih, %bhh) reverse(%rwih, %rwhh, %rbih, %rbhh) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x512xf32>
  return %0, %1 : tensor<?x?x512xf32>, tensor<?x?x512xf32>
}

// CHECK-LABEL: func.func @gru
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x80xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK: [[WIH:%.*]] = asr.weight "gru.weight_ih_l0"
// CHECK: [[WHH:%.*]] = asr.weight "gru.weight_hh_l0"
// CHECK: [[BIH:%.*]] = asr.weight "gru.bias_ih_l0"
// CHECK: [[BHH:%.*]] = asr.weight "gru.bias_hh_l0"
// CHECK: [[Y:%.*]] = asr.gru [[X]] weights([[WIH]], [[WHH]], [[BIH]], [[BHH]])
// CHECK-SAME: : (tensor<?x?x80xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x?x256xf32>
// CHECK: [[Z:%.*]] = asr.gru [[X]] lengths [[LEN]] weights([[WIH]], [[WHH]], [[BIH]], [[BHH]])
// CHECK-SAME: reverse([[WIH]], [[WHH]], [[BIH]], [[BHH]])
// CHECK-SAME: -> tensor<?x?x512xf32>
// CHECK: return [[Y]], [[Z]]
func.func @gru(%x: tensor<?x?x80xf32>, %len: tensor<?xi32>) -> (tensor<?x?x256xf32>, tensor<?x?x512xf32>) {
  %wih = asr.weight "gru.weight_ih_l0" : tensor<768x80xf32>
  %whh = asr.weight "gru.weight_hh_l0" : tensor<768x256xf32>
  %bih = asr.weight "gru.bias_ih_l0" : tensor<768xf32>
  %bhh = asr.weight "gru.bias_hh_l0" : tensor<768xf32>
  %0 = asr.gru %x weights(%wih, %whh, %bih, %bhh) : (tensor<?x?x80xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x?x256xf32>
  %1 = asr.gru %x lengths %len weights(%wih, %whh, %bih, %bhh) reverse(%wih, %whh, %bih, %bhh) : (tensor<?x?x80xf32>, tensor<?xi32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x?x512xf32>
  return %0, %1 : tensor<?x?x256xf32>, tensor<?x?x512xf32>
}

// CHECK-LABEL: func.func @lstm_cell
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x320xf32>, [[H:%[^:]+]]: tensor<?x256xf32>, [[C:%[^:]+]]: tensor<?x256xf32>)
// CHECK: [[WIH:%.*]] = asr.weight "decoder.cell.weight_ih"
// CHECK: [[WHH:%.*]] = asr.weight "decoder.cell.weight_hh"
// CHECK: [[BIH:%.*]] = asr.weight "decoder.cell.bias_ih"
// CHECK: [[BHH:%.*]] = asr.weight "decoder.cell.bias_hh"
// CHECK: [[H1:%[^,]+]], [[C1:%.*]] = asr.lstm_cell [[X]], [[H]], [[C]] weights([[WIH]], [[WHH]], [[BIH]], [[BHH]])
// CHECK-SAME: : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>)
// CHECK-SAME: -> (tensor<?x256xf32>, tensor<?x256xf32>)
// CHECK: return [[H1]], [[C1]]
func.func @lstm_cell(%x: tensor<?x320xf32>, %h: tensor<?x256xf32>, %c: tensor<?x256xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>) {
  %wih = asr.weight "decoder.cell.weight_ih" : tensor<1024x320xf32>
  %whh = asr.weight "decoder.cell.weight_hh" : tensor<1024x256xf32>
  %bih = asr.weight "decoder.cell.bias_ih" : tensor<1024xf32>
  %bhh = asr.weight "decoder.cell.bias_hh" : tensor<1024xf32>
  %h1, %c1 = asr.lstm_cell %x, %h, %c weights(%wih, %whh, %bih, %bhh) : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return %h1, %c1 : tensor<?x256xf32>, tensor<?x256xf32>
}

// CHECK-LABEL: func.func @gru_cell
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x64xf32>, [[H:%[^:]+]]: tensor<?x128xf32>)
// CHECK: [[WIH:%.*]] = asr.weight "decoder.gru.weight_ih"
// CHECK: [[WHH:%.*]] = asr.weight "decoder.gru.weight_hh"
// CHECK: [[BIH:%.*]] = asr.weight "decoder.gru.bias_ih"
// CHECK: [[BHH:%.*]] = asr.weight "decoder.gru.bias_hh"
// CHECK: [[H1:%.*]] = asr.gru_cell [[X]], [[H]] weights([[WIH]], [[WHH]], [[BIH]], [[BHH]])
// CHECK-SAME: : (tensor<?x64xf32>, tensor<?x128xf32>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
// CHECK: return [[H1]]
func.func @gru_cell(%x: tensor<?x64xf32>, %h: tensor<?x128xf32>) -> tensor<?x128xf32> {
  %wih = asr.weight "decoder.gru.weight_ih" : tensor<384x64xf32>
  %whh = asr.weight "decoder.gru.weight_hh" : tensor<384x128xf32>
  %bih = asr.weight "decoder.gru.bias_ih" : tensor<384xf32>
  %bhh = asr.weight "decoder.gru.bias_hh" : tensor<384xf32>
  %h1 = asr.gru_cell %x, %h weights(%wih, %whh, %bih, %bhh) : (tensor<?x64xf32>, tensor<?x128xf32>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
  return %h1 : tensor<?x128xf32>
}

// A pyramidal BLSTM step; the trailing odd frame of 101 is dropped.
// CHECK-LABEL: func.func @frame_concat
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x512xf32>, [[S:%[^:]+]]: tensor<4x101x512xf32>)
// CHECK: asr.frame_concat [[X]] {factor = 2 : i64} : (tensor<?x?x512xf32>) -> tensor<?x?x1024xf32>
// CHECK: asr.frame_concat [[S]] {factor = 2 : i64} : (tensor<4x101x512xf32>) -> tensor<4x50x1024xf32>
func.func @frame_concat(%x: tensor<?x?x512xf32>, %s: tensor<4x101x512xf32>) -> (tensor<?x?x1024xf32>, tensor<4x50x1024xf32>) {
  %0 = asr.frame_concat %x {factor = 2 : i64} : (tensor<?x?x512xf32>) -> tensor<?x?x1024xf32>
  %1 = asr.frame_concat %s {factor = 2 : i64} : (tensor<4x101x512xf32>) -> tensor<4x50x1024xf32>
  return %0, %1 : tensor<?x?x1024xf32>, tensor<4x50x1024xf32>
}

// CHECK-LABEL: func.func @subsample_lengths
// CHECK-SAME: ([[LEN:%[^:]+]]: tensor<?xi32>, [[LEN64:%[^:]+]]: tensor<?xi64>)
// CHECK: asr.subsample_lengths [[LEN]] {kernel = 3 : i64, padding = 1 : i64, stride = 2 : i64} : tensor<?xi32>
// CHECK: asr.subsample_lengths [[LEN64]] {kernel = 2 : i64, stride = 2 : i64} : tensor<?xi64>
func.func @subsample_lengths(%len: tensor<?xi32>, %len64: tensor<?xi64>) -> (tensor<?xi32>, tensor<?xi64>) {
  %0 = asr.subsample_lengths %len {kernel = 3 : i64, stride = 2 : i64, padding = 1 : i64} : tensor<?xi32>
  %1 = asr.subsample_lengths %len64 {kernel = 2 : i64, stride = 2 : i64} : tensor<?xi64>
  return %0, %1 : tensor<?xi32>, tensor<?xi64>
}

//===----------------------------------------------------------------------===//
// Positions and embeddings
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @sinusoidal_position
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x384xf32>, [[STEP:%[^:]+]]: tensor<?x1x256xf32>, [[POS:%[^:]+]]: tensor<?xi32>)
// CHECK: asr.sinusoidal_position interleaved [[X]] : (tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
// CHECK: asr.sinusoidal_position concat [[X]] : (tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
// CHECK: asr.sinusoidal_position interleaved [[STEP]] offset [[POS]] : (tensor<?x1x256xf32>, tensor<?xi32>) -> tensor<?x1x256xf32>
func.func @sinusoidal_position(%x: tensor<?x?x384xf32>, %step: tensor<?x1x256xf32>, %pos: tensor<?xi32>) -> (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x1x256xf32>) {
  %0 = asr.sinusoidal_position interleaved %x : (tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  %1 = asr.sinusoidal_position concat %x : (tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  %2 = asr.sinusoidal_position interleaved %step offset %pos : (tensor<?x1x256xf32>, tensor<?xi32>) -> tensor<?x1x256xf32>
  return %0, %1, %2 : tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x1x256xf32>
}

// CHECK-LABEL: func.func @learned_position
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x384xf32>, [[STEP:%[^:]+]]: tensor<?x1x384xf32>, [[POS:%[^:]+]]: tensor<?xi32>)
// CHECK: [[T:%.*]] = asr.weight "decoder.positional_embedding" : tensor<448x384xf32>
// CHECK: asr.learned_position [[X]], [[T]] : (tensor<?x?x384xf32>, tensor<448x384xf32>) -> tensor<?x?x384xf32>
// CHECK: asr.learned_position [[STEP]], [[T]] offset [[POS]]
// CHECK-SAME: : (tensor<?x1x384xf32>, tensor<448x384xf32>, tensor<?xi32>) -> tensor<?x1x384xf32>
func.func @learned_position(%x: tensor<?x?x384xf32>, %step: tensor<?x1x384xf32>, %pos: tensor<?xi32>) -> (tensor<?x?x384xf32>, tensor<?x1x384xf32>) {
  %t = asr.weight "decoder.positional_embedding" : tensor<448x384xf32>
  %0 = asr.learned_position %x, %t : (tensor<?x?x384xf32>, tensor<448x384xf32>) -> tensor<?x?x384xf32>
  %1 = asr.learned_position %step, %t offset %pos : (tensor<?x1x384xf32>, tensor<448x384xf32>, tensor<?xi32>) -> tensor<?x1x384xf32>
  return %0, %1 : tensor<?x?x384xf32>, tensor<?x1x384xf32>
}

// CHECK-LABEL: func.func @embedding
// CHECK-SAME: ([[TOK:%[^:]+]]: tensor<?x?xi32>, [[PREV:%[^:]+]]: tensor<?xi64>)
// CHECK: [[T:%.*]] = asr.weight "decoder.token_embedding.weight"
// CHECK: asr.embedding [[TOK]], [[T]] : (tensor<?x?xi32>, tensor<51865x384xf32>) -> tensor<?x?x384xf32>
// CHECK: asr.embedding [[PREV]], [[T]] : (tensor<?xi64>, tensor<51865x384xf32>) -> tensor<?x384xf32>
func.func @embedding(%tok: tensor<?x?xi32>, %prev: tensor<?xi64>) -> (tensor<?x?x384xf32>, tensor<?x384xf32>) {
  %t = asr.weight "decoder.token_embedding.weight" : tensor<51865x384xf32>
  %0 = asr.embedding %tok, %t : (tensor<?x?xi32>, tensor<51865x384xf32>) -> tensor<?x?x384xf32>
  %1 = asr.embedding %prev, %t : (tensor<?xi64>, tensor<51865x384xf32>) -> tensor<?x384xf32>
  return %0, %1 : tensor<?x?x384xf32>, tensor<?x384xf32>
}

// CHECK-LABEL: func.func @feed_forward
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x384xf32>, [[C:%[^:]+]]: tensor<?x?x144xf32>)
// CHECK: [[W1:%.*]] = asr.weight "encoder.blocks.0.mlp.0.weight"
// CHECK: [[B1:%.*]] = asr.weight "encoder.blocks.0.mlp.0.bias"
// CHECK: [[W2:%.*]] = asr.weight "encoder.blocks.0.mlp.2.weight"
// CHECK: [[B2:%.*]] = asr.weight "encoder.blocks.0.mlp.2.bias"
// CHECK: asr.feed_forward gelu [[X]], [[W1]] bias [[B1]], [[W2]] bias [[B2]]
// CHECK-SAME: : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<1536xf32>, tensor<384x1536xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
// CHECK: [[CW1:%.*]] = asr.weight "conformer.ff1.w1"
// CHECK: [[CW2:%.*]] = asr.weight "conformer.ff1.w2"
// CHECK: asr.feed_forward silu [[C]], [[CW1]], [[CW2]]
// CHECK-SAME: : (tensor<?x?x144xf32>, tensor<576x144xf32>, tensor<144x576xf32>) -> tensor<?x?x144xf32>
func.func @feed_forward(%x: tensor<?x?x384xf32>, %c: tensor<?x?x144xf32>) -> (tensor<?x?x384xf32>, tensor<?x?x144xf32>) {
  %w1 = asr.weight "encoder.blocks.0.mlp.0.weight" : tensor<1536x384xf32>
  %b1 = asr.weight "encoder.blocks.0.mlp.0.bias" : tensor<1536xf32>
  %w2 = asr.weight "encoder.blocks.0.mlp.2.weight" : tensor<384x1536xf32>
  %b2 = asr.weight "encoder.blocks.0.mlp.2.bias" : tensor<384xf32>
  %0 = asr.feed_forward gelu %x, %w1 bias %b1, %w2 bias %b2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<1536xf32>, tensor<384x1536xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  %cw1 = asr.weight "conformer.ff1.w1" : tensor<576x144xf32>
  %cw2 = asr.weight "conformer.ff1.w2" : tensor<144x576xf32>
  %1 = asr.feed_forward silu %c, %cw1, %cw2 : (tensor<?x?x144xf32>, tensor<576x144xf32>, tensor<144x576xf32>) -> tensor<?x?x144xf32>
  return %0, %1 : tensor<?x?x384xf32>, tensor<?x?x144xf32>
}

// Only the second projection has a bias.
// CHECK-LABEL: func.func @feed_forward_second_bias_only
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x256xf32>)
// CHECK: [[W1:%.*]] = asr.weight "ff.w1"
// CHECK: [[W2:%.*]] = asr.weight "ff.w2"
// CHECK: [[B2:%.*]] = asr.weight "ff.b2"
// CHECK: asr.feed_forward relu [[X]], [[W1]], [[W2]] bias [[B2]]
// CHECK-SAME: : (tensor<?x?x256xf32>, tensor<2048x256xf32>, tensor<256x2048xf32>, tensor<256xf32>) -> tensor<?x?x256xf32>
func.func @feed_forward_second_bias_only(%x: tensor<?x?x256xf32>) -> tensor<?x?x256xf32> {
  %w1 = asr.weight "ff.w1" : tensor<2048x256xf32>
  %w2 = asr.weight "ff.w2" : tensor<256x2048xf32>
  %b2 = asr.weight "ff.b2" : tensor<256xf32>
  %0 = asr.feed_forward relu %x, %w1, %w2 bias %b2 : (tensor<?x?x256xf32>, tensor<2048x256xf32>, tensor<256x2048xf32>, tensor<256xf32>) -> tensor<?x?x256xf32>
  return %0 : tensor<?x?x256xf32>
}

//===----------------------------------------------------------------------===//
// Attention layers
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @multi_head_attention_self
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x384xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK: [[WQ:%.*]] = asr.weight "attn.query.weight"
// CHECK: [[WK:%.*]] = asr.weight "attn.key.weight"
// CHECK: [[WV:%.*]] = asr.weight "attn.value.weight"
// CHECK: [[WO:%.*]] = asr.weight "attn.out.weight"
// CHECK: [[BQ:%.*]] = asr.weight "attn.query.bias"
// CHECK: [[BK:%.*]] = asr.weight "attn.key.bias"
// CHECK: [[BV:%.*]] = asr.weight "attn.value.bias"
// CHECK: [[BO:%.*]] = asr.weight "attn.out.bias"
// The default has_bias (all true) is elided.
// CHECK: [[Y:%.*]] = asr.multi_head_attention [[X]], [[X]] key_lengths [[LEN]] weights([[WQ]], [[WK]], [[WV]], [[WO]])
// CHECK-SAME: biases([[BQ]], [[BK]], [[BV]], [[BO]]) {num_heads = 6 : i64}
// CHECK-SAME: : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?xi32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>,
// CHECK-SAME: tensor<384xf32>, tensor<384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
// CHECK: [[Z:%.*]] = asr.multi_head_attention [[X]], [[X]] weights([[WQ]], [[WK]], [[WV]], [[WO]])
// CHECK-SAME: {causal, has_bias = array<i1: false, false, false, false>, num_heads = 6 : i64}
// CHECK-SAME: : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
// CHECK: return [[Y]], [[Z]]
func.func @multi_head_attention_self(%x: tensor<?x?x384xf32>, %len: tensor<?xi32>) -> (tensor<?x?x384xf32>, tensor<?x?x384xf32>) {
  %wq = asr.weight "attn.query.weight" : tensor<384x384xf32>
  %wk = asr.weight "attn.key.weight" : tensor<384x384xf32>
  %wv = asr.weight "attn.value.weight" : tensor<384x384xf32>
  %wo = asr.weight "attn.out.weight" : tensor<384x384xf32>
  %bq = asr.weight "attn.query.bias" : tensor<384xf32>
  %bk = asr.weight "attn.key.bias" : tensor<384xf32>
  %bv = asr.weight "attn.value.bias" : tensor<384xf32>
  %bo = asr.weight "attn.out.bias" : tensor<384xf32>
  %0 = asr.multi_head_attention %x, %x key_lengths %len weights(%wq, %wk, %wv, %wo) biases(%bq, %bk, %bv, %bo) {num_heads = 6 : i64} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?xi32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384xf32>, tensor<384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  %1 = asr.multi_head_attention %x, %x weights(%wq, %wk, %wv, %wo) {num_heads = 6 : i64, has_bias = array<i1: false, false, false, false>, causal} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>, tensor<384x384xf32>) -> tensor<?x?x384xf32>
  return %0, %1 : tensor<?x?x384xf32>, tensor<?x?x384xf32>
}

// Whisper-style cross-attention: the key projection has no bias, and the
// encoder output has a different width than the decoder.
// CHECK-LABEL: func.func @multi_head_attention_cross
// CHECK-SAME: ([[Q:%[^:]+]]: tensor<?x?x384xf32>, [[ENC:%[^:]+]]: tensor<?x?x512xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK: [[WQ:%.*]] = asr.weight "cross_attn.query.weight"
// CHECK: [[WK:%.*]] = asr.weight "cross_attn.key.weight"
// CHECK: [[WV:%.*]] = asr.weight "cross_attn.value.weight"
// CHECK: [[WO:%.*]] = asr.weight "cross_attn.out.weight"
// CHECK: [[BQ:%.*]] = asr.weight "cross_attn.query.bias"
// CHECK: [[BV:%.*]] = asr.weight "cross_attn.value.bias"
// CHECK: [[BO:%.*]] = asr.weight "cross_attn.out.bias"
// CHECK: [[Y:%.*]] = asr.multi_head_attention [[Q]], [[ENC]] key_lengths [[LEN]] weights([[WQ]], [[WK]], [[WV]], [[WO]])
// CHECK-SAME: biases([[BQ]], [[BV]], [[BO]]) {has_bias = array<i1: true, false, true, true>, num_heads = 6 : i64}
// CHECK-SAME: : (tensor<?x?x384xf32>, tensor<?x?x512xf32>, tensor<?xi32>, tensor<384x384xf32>, tensor<384x512xf32>, tensor<384x512xf32>, tensor<384x384xf32>,
// CHECK-SAME: tensor<384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
// CHECK: [[Z:%.*]] = asr.multi_head_attention [[Q]], [[ENC]] weights([[WQ]], [[WK]], [[WV]], [[WO]])
// CHECK-SAME: biases([[BQ]], [[BV]], [[BO]]) {has_bias = array<i1: true, false, true, true>, num_heads = 6 : i64}
// CHECK-SAME: -> tensor<?x?x384xf32>
// CHECK: return [[Y]], [[Z]]
func.func @multi_head_attention_cross(%q: tensor<?x?x384xf32>, %enc: tensor<?x?x512xf32>, %len: tensor<?xi32>) -> (tensor<?x?x384xf32>, tensor<?x?x384xf32>) {
  %wq = asr.weight "cross_attn.query.weight" : tensor<384x384xf32>
  %wk = asr.weight "cross_attn.key.weight" : tensor<384x512xf32>
  %wv = asr.weight "cross_attn.value.weight" : tensor<384x512xf32>
  %wo = asr.weight "cross_attn.out.weight" : tensor<384x384xf32>
  %bq = asr.weight "cross_attn.query.bias" : tensor<384xf32>
  %bv = asr.weight "cross_attn.value.bias" : tensor<384xf32>
  %bo = asr.weight "cross_attn.out.bias" : tensor<384xf32>
  %0 = asr.multi_head_attention %q, %enc key_lengths %len weights(%wq, %wk, %wv, %wo) biases(%bq, %bv, %bo) {num_heads = 6 : i64, has_bias = array<i1: true, false, true, true>} : (tensor<?x?x384xf32>, tensor<?x?x512xf32>, tensor<?xi32>, tensor<384x384xf32>, tensor<384x512xf32>, tensor<384x512xf32>, tensor<384x384xf32>, tensor<384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  %1 = asr.multi_head_attention %q, %enc weights(%wq, %wk, %wv, %wo) biases(%bq, %bv, %bo) {num_heads = 6 : i64, has_bias = array<i1: true, false, true, true>} : (tensor<?x?x384xf32>, tensor<?x?x512xf32>, tensor<384x384xf32>, tensor<384x512xf32>, tensor<384x512xf32>, tensor<384x384xf32>, tensor<384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return %0, %1 : tensor<?x?x384xf32>, tensor<?x?x384xf32>
}

// A decode step against a 448-entry key/value cache, and causal
// self-attention with an explicit scale.
// CHECK-LABEL: func.func @sdpa
// CHECK-SAME: ([[Q:%[^:]+]]: tensor<?x1x384xf32>, [[K:%[^:]+]]: tensor<?x448x384xf32>, [[V:%[^:]+]]: tensor<?x448x384xf32>,
// CHECK-SAME: [[N:%[^:]+]]: tensor<?xi32>, [[X:%[^:]+]]: tensor<?x?x384xf32>)
// CHECK: asr.sdpa [[Q]], [[K]], [[V]] key_lengths [[N]] {num_heads = 6 : i64}
// CHECK-SAME: : (tensor<?x1x384xf32>, tensor<?x448x384xf32>, tensor<?x448x384xf32>, tensor<?xi32>) -> tensor<?x1x384xf32>
// CHECK: asr.sdpa [[X]], [[X]], [[X]] {causal, num_heads = 6 : i64, scale = 1.250000e-01 : f32}
// CHECK-SAME: : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
func.func @sdpa(%q: tensor<?x1x384xf32>, %k: tensor<?x448x384xf32>, %v: tensor<?x448x384xf32>, %n: tensor<?xi32>, %x: tensor<?x?x384xf32>) -> (tensor<?x1x384xf32>, tensor<?x?x384xf32>) {
  %0 = asr.sdpa %q, %k, %v key_lengths %n {num_heads = 6 : i64} : (tensor<?x1x384xf32>, tensor<?x448x384xf32>, tensor<?x448x384xf32>, tensor<?xi32>) -> tensor<?x1x384xf32>
  %1 = asr.sdpa %x, %x, %x {num_heads = 6 : i64, scale = 0.125 : f32, causal} : (tensor<?x?x384xf32>, tensor<?x?x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return %0, %1 : tensor<?x1x384xf32>, tensor<?x?x384xf32>
}

// CHECK-LABEL: func.func @additive_attention
// CHECK-SAME: ([[S:%[^:]+]]: tensor<?x256xf32>, [[H:%[^:]+]]: tensor<?x?x512xf32>, [[VAL:%[^:]+]]: tensor<?x?x320xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK: [[WQ:%.*]] = asr.weight "attention.query.weight"
// CHECK: [[WK:%.*]] = asr.weight "attention.key.weight"
// CHECK: [[V:%.*]] = asr.weight "attention.v"
// CHECK: [[B:%.*]] = asr.weight "attention.bias"
// CHECK: [[C1:%[^,]+]], [[P1:%.*]] = asr.additive_attention [[S]], [[H]] key_lengths [[LEN]] weights([[WQ]], [[WK]], [[V]]) bias [[B]]
// CHECK-SAME: : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?xi32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>, tensor<128xf32>)
// CHECK-SAME: -> (tensor<?x512xf32>, tensor<?x?xf32>)
// CHECK: [[C2:%[^,]+]], [[P2:%.*]] = asr.additive_attention [[S]], [[H]] values [[VAL]] weights([[WQ]], [[WK]], [[V]])
// CHECK-SAME: : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?x320xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>)
// CHECK-SAME: -> (tensor<?x320xf32>, tensor<?x?xf32>)
// CHECK: return [[C1]], [[P1]], [[C2]], [[P2]]
func.func @additive_attention(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %val: tensor<?x?x320xf32>, %len: tensor<?xi32>) -> (tensor<?x512xf32>, tensor<?x?xf32>, tensor<?x320xf32>, tensor<?x?xf32>) {
  %wq = asr.weight "attention.query.weight" : tensor<128x256xf32>
  %wk = asr.weight "attention.key.weight" : tensor<128x512xf32>
  %v = asr.weight "attention.v" : tensor<128xf32>
  %b = asr.weight "attention.bias" : tensor<128xf32>
  %ctx, %p = asr.additive_attention %s, %h key_lengths %len weights(%wq, %wk, %v) bias %b : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?xi32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  %ctx2, %p2 = asr.additive_attention %s, %h values %val weights(%wq, %wk, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?x320xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128xf32>) -> (tensor<?x320xf32>, tensor<?x?xf32>)
  return %ctx, %p, %ctx2, %p2 : tensor<?x512xf32>, tensor<?x?xf32>, tensor<?x320xf32>, tensor<?x?xf32>
}

// CHECK-LABEL: func.func @location_attention
// CHECK-SAME: ([[S:%[^:]+]]: tensor<?x256xf32>, [[H:%[^:]+]]: tensor<?x?x512xf32>, [[PREV:%[^:]+]]: tensor<?x?xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK: [[WQ:%.*]] = asr.weight "attention.query.weight"
// CHECK: [[WK:%.*]] = asr.weight "attention.key.weight"
// CHECK: [[WF:%.*]] = asr.weight "attention.location.weight"
// CHECK: [[F:%.*]] = asr.weight "attention.location.conv"
// CHECK: [[V:%.*]] = asr.weight "attention.v"
// CHECK: [[B:%.*]] = asr.weight "attention.bias"
// CHECK: [[C:%[^,]+]], [[P:%.*]] = asr.location_attention [[S]], [[H]], [[PREV]] key_lengths [[LEN]]
// CHECK-SAME: weights([[WQ]], [[WK]], [[WF]], [[F]], [[V]]) bias [[B]]
// CHECK-SAME: : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<?xi32>, tensor<128x256xf32>, tensor<128x512xf32>,
// CHECK-SAME: tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
// CHECK: return [[C]], [[P]]
func.func @location_attention(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %prev: tensor<?x?xf32>, %len: tensor<?xi32>) -> (tensor<?x512xf32>, tensor<?x?xf32>) {
  %wq = asr.weight "attention.query.weight" : tensor<128x256xf32>
  %wk = asr.weight "attention.key.weight" : tensor<128x512xf32>
  %wf = asr.weight "attention.location.weight" : tensor<128x32xf32>
  %f = asr.weight "attention.location.conv" : tensor<32x1x31xf32>
  %v = asr.weight "attention.v" : tensor<128xf32>
  %b = asr.weight "attention.bias" : tensor<128xf32>
  %ctx, %p = asr.location_attention %s, %h, %prev key_lengths %len weights(%wq, %wk, %wf, %f, %v) bias %b : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<?xi32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return %ctx, %p : tensor<?x512xf32>, tensor<?x?xf32>
}

// CHECK-LABEL: func.func @location_attention_values
// CHECK-SAME: ([[S:%[^:]+]]: tensor<?x256xf32>, [[H:%[^:]+]]: tensor<?x?x512xf32>, [[VAL:%[^:]+]]: tensor<?x?x320xf32>, [[PREV:%[^:]+]]: tensor<?x?xf32>)
// CHECK: [[WQ:%.*]] = asr.weight "attention.query.weight"
// CHECK: [[WK:%.*]] = asr.weight "attention.key.weight"
// CHECK: [[WF:%.*]] = asr.weight "attention.location.weight"
// CHECK: [[F:%.*]] = asr.weight "attention.location.conv"
// CHECK: [[V:%.*]] = asr.weight "attention.v"
// CHECK: [[C:%[^,]+]], [[P:%.*]] = asr.location_attention [[S]], [[H]], [[PREV]] values [[VAL]]
// CHECK-SAME: weights([[WQ]], [[WK]], [[WF]], [[F]], [[V]]) :
// CHECK-SAME: -> (tensor<?x320xf32>, tensor<?x?xf32>)
// CHECK: return [[C]], [[P]]
func.func @location_attention_values(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %val: tensor<?x?x320xf32>, %prev: tensor<?x?xf32>) -> (tensor<?x320xf32>, tensor<?x?xf32>) {
  %wq = asr.weight "attention.query.weight" : tensor<128x256xf32>
  %wk = asr.weight "attention.key.weight" : tensor<128x512xf32>
  %wf = asr.weight "attention.location.weight" : tensor<128x32xf32>
  %f = asr.weight "attention.location.conv" : tensor<32x1x31xf32>
  %v = asr.weight "attention.v" : tensor<128xf32>
  %ctx, %p = asr.location_attention %s, %h, %prev values %val weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<?x?xf32>, tensor<?x?x320xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x320xf32>, tensor<?x?xf32>)
  return %ctx, %p : tensor<?x320xf32>, tensor<?x?xf32>
}

// CHECK-LABEL: func.func @luong_attention
// CHECK-SAME: ([[S:%[^:]+]]: tensor<?x256xf32>, [[H:%[^:]+]]: tensor<?x?x512xf32>, [[H256:%[^:]+]]: tensor<?x?x256xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK: [[C1:%[^,]+]], [[P1:%.*]] = asr.luong_attention dot [[S]], [[H256]] key_lengths [[LEN]]
// CHECK-SAME: : (tensor<?x256xf32>, tensor<?x?x256xf32>, tensor<?xi32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
// CHECK: [[W:%.*]] = asr.weight "attention.general.weight"
// CHECK: [[C2:%[^,]+]], [[P2:%.*]] = asr.luong_attention general [[S]], [[H]] weight [[W]]
// CHECK-SAME: : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<256x512xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
// CHECK: return [[C1]], [[P1]], [[C2]], [[P2]]
func.func @luong_attention(%s: tensor<?x256xf32>, %h: tensor<?x?x512xf32>, %h256: tensor<?x?x256xf32>, %len: tensor<?xi32>) -> (tensor<?x256xf32>, tensor<?x?xf32>, tensor<?x512xf32>, tensor<?x?xf32>) {
  %ctx, %p = asr.luong_attention dot %s, %h256 key_lengths %len : (tensor<?x256xf32>, tensor<?x?x256xf32>, tensor<?xi32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  %w = asr.weight "attention.general.weight" : tensor<256x512xf32>
  %ctx2, %p2 = asr.luong_attention general %s, %h weight %w : (tensor<?x256xf32>, tensor<?x?x512xf32>, tensor<256x512xf32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return %ctx, %p, %ctx2, %p2 : tensor<?x256xf32>, tensor<?x?xf32>, tensor<?x512xf32>, tensor<?x?xf32>
}

// CHECK-LABEL: func.func @luong_attention_values
// CHECK-SAME: ([[S:%[^:]+]]: tensor<?x256xf32>, [[H:%[^:]+]]: tensor<?x?x256xf32>, [[VAL:%[^:]+]]: tensor<?x?x512xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK: asr.luong_attention dot [[S]], [[H]] values [[VAL]] key_lengths [[LEN]]
// CHECK-SAME: : (tensor<?x256xf32>, tensor<?x?x256xf32>, tensor<?x?x512xf32>, tensor<?xi32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
func.func @luong_attention_values(%s: tensor<?x256xf32>, %h: tensor<?x?x256xf32>, %val: tensor<?x?x512xf32>, %len: tensor<?xi32>) -> (tensor<?x512xf32>, tensor<?x?xf32>) {
  %ctx, %p = asr.luong_attention dot %s, %h values %val key_lengths %len : (tensor<?x256xf32>, tensor<?x?x256xf32>, tensor<?x?x512xf32>, tensor<?xi32>) -> (tensor<?x512xf32>, tensor<?x?xf32>)
  return %ctx, %p : tensor<?x512xf32>, tensor<?x?xf32>
}

// CHECK-LABEL: func.func @content_attention
// CHECK-SAME: ([[H:%[^:]+]]: tensor<?x?x256xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK: [[W:%.*]] = asr.weight "attention.w"
// CHECK: [[B:%.*]] = asr.weight "attention.b"
// CHECK: [[C1:%[^,]+]], [[P1:%.*]] = asr.content_attention [[H]], [[W]], [[B]] lengths [[LEN]]
// CHECK-SAME: : (tensor<?x?x256xf32>, tensor<1x256xf32>, tensor<1xf32>, tensor<?xi32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
// CHECK: [[C2:%[^,]+]], [[P2:%.*]] = asr.content_attention [[H]], [[W]], [[B]] :
// CHECK-SAME: (tensor<?x?x256xf32>, tensor<1x256xf32>, tensor<1xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
// CHECK: return [[C1]], [[P1]], [[C2]], [[P2]]
func.func @content_attention(%h: tensor<?x?x256xf32>, %len: tensor<?xi32>) -> (tensor<?x256xf32>, tensor<?x?xf32>, tensor<?x256xf32>, tensor<?x?xf32>) {
  %w = asr.weight "attention.w" : tensor<1x256xf32>
  %b = asr.weight "attention.b" : tensor<1xf32>
  %c, %p = asr.content_attention %h, %w, %b lengths %len : (tensor<?x?x256xf32>, tensor<1x256xf32>, tensor<1xf32>, tensor<?xi32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  %c2, %p2 = asr.content_attention %h, %w, %b : (tensor<?x?x256xf32>, tensor<1x256xf32>, tensor<1xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return %c, %p, %c2, %p2 : tensor<?x256xf32>, tensor<?x?xf32>, tensor<?x256xf32>, tensor<?x?xf32>
}

//===----------------------------------------------------------------------===//
// Kernel-level ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @matmul
// CHECK-SAME: ([[A:%[^:]+]]: tensor<?x?x384xf32>, [[Q:%[^:]+]]: tensor<?x6x?x64xf32>, [[K:%[^:]+]]: tensor<?x6x?x64xf32>,
// CHECK-SAME: [[KT:%[^:]+]]: tensor<?x6x64x?xf32>, [[P:%[^:]+]]: tensor<?x6x?x?xf32>)
// CHECK: [[W:%.*]] = asr.weight "mlp.0.weight"
// CHECK: asr.matmul [[A]], [[W]] {transpose_rhs} : (tensor<?x?x384xf32>, tensor<1536x384xf32>) -> tensor<?x?x1536xf32>
// CHECK: asr.matmul [[Q]], [[K]] {transpose_rhs} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
// CHECK: asr.matmul [[P]], [[K]] : (tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
// CHECK: asr.matmul [[KT]], [[KT]] {transpose_lhs} : (tensor<?x6x64x?xf32>, tensor<?x6x64x?xf32>) -> tensor<?x6x?x?xf32>
// CHECK: [[WT:%.*]] = asr.weight "proj.weight_t"
// CHECK: asr.matmul [[WT]], [[A]] {transpose_lhs, transpose_rhs} : (tensor<384x384xf32>, tensor<?x?x384xf32>) -> tensor<?x384x?xf32>
func.func @matmul(%a: tensor<?x?x384xf32>, %q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf32>, %kt: tensor<?x6x64x?xf32>, %p: tensor<?x6x?x?xf32>) -> (tensor<?x?x1536xf32>, tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x?xf32>, tensor<?x384x?xf32>) {
  %w = asr.weight "mlp.0.weight" : tensor<1536x384xf32>
  %0 = asr.matmul %a, %w {transpose_rhs} : (tensor<?x?x384xf32>, tensor<1536x384xf32>) -> tensor<?x?x1536xf32>
  %1 = asr.matmul %q, %k {transpose_rhs} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
  %2 = asr.matmul %p, %k : (tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  %3 = asr.matmul %kt, %kt {transpose_lhs} : (tensor<?x6x64x?xf32>, tensor<?x6x64x?xf32>) -> tensor<?x6x?x?xf32>
  %wt = asr.weight "proj.weight_t" : tensor<384x384xf32>
  %4 = asr.matmul %wt, %a {transpose_lhs, transpose_rhs} : (tensor<384x384xf32>, tensor<?x?x384xf32>) -> tensor<?x384x?xf32>
  return %0, %1, %2, %3, %4 : tensor<?x?x1536xf32>, tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x?xf32>, tensor<?x384x?xf32>
}

// Batch dims broadcast: [8, 1] with [6] -> [8, 6].
// CHECK-LABEL: func.func @matmul_broadcast_batch
// CHECK-SAME: ([[A:%[^:]+]]: tensor<8x1x50x64xf32>, [[B:%[^:]+]]: tensor<6x64x20xf32>)
// CHECK: asr.matmul [[A]], [[B]] : (tensor<8x1x50x64xf32>, tensor<6x64x20xf32>) -> tensor<8x6x50x20xf32>
func.func @matmul_broadcast_batch(%a: tensor<8x1x50x64xf32>, %b: tensor<6x64x20xf32>) -> tensor<8x6x50x20xf32> {
  %0 = asr.matmul %a, %b : (tensor<8x1x50x64xf32>, tensor<6x64x20xf32>) -> tensor<8x6x50x20xf32>
  return %0 : tensor<8x6x50x20xf32>
}

// CHECK-LABEL: func.func @reduce
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x6x?x?xf32>, [[H:%[^:]+]]: tensor<?x?x384xf32>)
// CHECK: asr.reduce max [[X]] {axes = array<i64: -1>, keep_dims} : (tensor<?x6x?x?xf32>) -> tensor<?x6x?x1xf32>
// CHECK: asr.reduce mean [[H]] {axes = array<i64: 1>} : (tensor<?x?x384xf32>) -> tensor<?x384xf32>
// CHECK: asr.reduce sum [[H]] {axes = array<i64: 1, -1>} : (tensor<?x?x384xf32>) -> tensor<?xf32>
func.func @reduce(%x: tensor<?x6x?x?xf32>, %h: tensor<?x?x384xf32>) -> (tensor<?x6x?x1xf32>, tensor<?x384xf32>, tensor<?xf32>) {
  %0 = asr.reduce max %x {axes = array<i64: -1>, keep_dims} : (tensor<?x6x?x?xf32>) -> tensor<?x6x?x1xf32>
  %1 = asr.reduce mean %h {axes = array<i64: 1>} : (tensor<?x?x384xf32>) -> tensor<?x384xf32>
  %2 = asr.reduce sum %h {axes = array<i64: 1, -1>} : (tensor<?x?x384xf32>) -> tensor<?xf32>
  return %0, %1, %2 : tensor<?x6x?x1xf32>, tensor<?x384xf32>, tensor<?xf32>
}

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: ([[S:%[^:]+]]: tensor<?x6x?x?xf32>, [[LEN:%[^:]+]]: tensor<?xi32>, [[LOGITS:%[^:]+]]: tensor<?x32xf32>)
// CHECK: asr.softmax [[LOGITS]] : (tensor<?x32xf32>) -> tensor<?x32xf32>
// CHECK: asr.softmax [[S]] lengths [[LEN]] : (tensor<?x6x?x?xf32>, tensor<?xi32>) -> tensor<?x6x?x?xf32>
// CHECK: asr.softmax [[S]] {causal} : (tensor<?x6x?x?xf32>) -> tensor<?x6x?x?xf32>
// CHECK: asr.softmax [[S]] lengths [[LEN]] {causal} : (tensor<?x6x?x?xf32>, tensor<?xi32>) -> tensor<?x6x?x?xf32>
func.func @softmax(%s: tensor<?x6x?x?xf32>, %len: tensor<?xi32>, %logits: tensor<?x32xf32>) -> (tensor<?x32xf32>, tensor<?x6x?x?xf32>, tensor<?x6x?x?xf32>, tensor<?x6x?x?xf32>) {
  %0 = asr.softmax %logits : (tensor<?x32xf32>) -> tensor<?x32xf32>
  %1 = asr.softmax %s lengths %len : (tensor<?x6x?x?xf32>, tensor<?xi32>) -> tensor<?x6x?x?xf32>
  %2 = asr.softmax %s {causal} : (tensor<?x6x?x?xf32>) -> tensor<?x6x?x?xf32>
  %3 = asr.softmax %s lengths %len {causal} : (tensor<?x6x?x?xf32>, tensor<?xi32>) -> tensor<?x6x?x?xf32>
  return %0, %1, %2, %3 : tensor<?x32xf32>, tensor<?x6x?x?xf32>, tensor<?x6x?x?xf32>, tensor<?x6x?x?xf32>
}

// CHECK-LABEL: func.func @log_softmax
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x32xf32>, [[Y:%[^:]+]]: tensor<?x32x?xf32>)
// CHECK: asr.log_softmax [[X]] : tensor<?x?x32xf32>
// CHECK: asr.log_softmax [[Y]] {axis = 1 : i64} : tensor<?x32x?xf32>
func.func @log_softmax(%x: tensor<?x?x32xf32>, %y: tensor<?x32x?xf32>) -> (tensor<?x?x32xf32>, tensor<?x32x?xf32>) {
  %0 = asr.log_softmax %x : tensor<?x?x32xf32>
  %1 = asr.log_softmax %y {axis = 1 : i64} : tensor<?x32x?xf32>
  return %0, %1 : tensor<?x?x32xf32>, tensor<?x32x?xf32>
}

// CHECK-LABEL: func.func @attention_score
// CHECK-SAME: ([[Q:%[^:]+]]: tensor<?x6x?x64xf32>, [[K:%[^:]+]]: tensor<?x6x?x64xf32>, [[PQ:%[^:]+]]: tensor<?x1x128xf32>, [[PK:%[^:]+]]: tensor<?x?x128xf32>)
// CHECK: asr.attention_score dot [[Q]], [[K]] {scale = 1.250000e-01 : f32}
// CHECK-SAME: : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
// CHECK: [[V:%.*]] = asr.weight "attention.v"
// CHECK: [[B:%.*]] = asr.weight "attention.bias"
// CHECK: asr.attention_score additive [[PQ]], [[PK]] v [[V]] bias [[B]]
// CHECK-SAME: : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
// CHECK: asr.attention_score additive [[PQ]], [[PK]] v [[V]] :
// CHECK-SAME: (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
func.func @attention_score(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf32>, %pq: tensor<?x1x128xf32>, %pk: tensor<?x?x128xf32>) -> (tensor<?x6x?x?xf32>, tensor<?x1x?xf32>, tensor<?x1x?xf32>) {
  %0 = asr.attention_score dot %q, %k {scale = 0.125 : f32} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x?xf32>
  %v = asr.weight "attention.v" : tensor<128xf32>
  %b = asr.weight "attention.bias" : tensor<128xf32>
  %1 = asr.attention_score additive %pq, %pk v %v bias %b : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
  %2 = asr.attention_score additive %pq, %pk v %v : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x1x?xf32>
  return %0, %1, %2 : tensor<?x6x?x?xf32>, tensor<?x1x?xf32>, tensor<?x1x?xf32>
}

// CHECK-LABEL: func.func @weighted_sum
// CHECK-SAME: ([[P:%[^:]+]]: tensor<?x6x?x?xf32>, [[V:%[^:]+]]: tensor<?x6x?x64xf32>, [[A:%[^:]+]]: tensor<?x1x?xf32>, [[H:%[^:]+]]: tensor<?x?x512xf32>)
// CHECK: asr.weighted_sum [[P]], [[V]] : (tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
// CHECK: asr.weighted_sum [[A]], [[H]] : (tensor<?x1x?xf32>, tensor<?x?x512xf32>) -> tensor<?x1x512xf32>
func.func @weighted_sum(%p: tensor<?x6x?x?xf32>, %v: tensor<?x6x?x64xf32>, %a: tensor<?x1x?xf32>, %h: tensor<?x?x512xf32>) -> (tensor<?x6x?x64xf32>, tensor<?x1x512xf32>) {
  %0 = asr.weighted_sum %p, %v : (tensor<?x6x?x?xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  %1 = asr.weighted_sum %a, %h : (tensor<?x1x?xf32>, tensor<?x?x512xf32>) -> tensor<?x1x512xf32>
  return %0, %1 : tensor<?x6x?x64xf32>, tensor<?x1x512xf32>
}

// CHECK-LABEL: func.func @fused_attention_dot
// CHECK-SAME: ([[Q:%[^:]+]]: tensor<?x6x?x64xf32>, [[K:%[^:]+]]: tensor<?x6x?x64xf32>, [[V:%[^:]+]]: tensor<?x6x?x64xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK: asr.fused_attention dot [[Q]], [[K]], [[V]] key_lengths [[LEN]] {scale = 1.250000e-01 : f32}
// CHECK-SAME: : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?xi32>) -> tensor<?x6x?x64xf32>
// CHECK: asr.fused_attention dot [[Q]], [[K]], [[V]] {causal, scale = 1.250000e-01 : f32}
// CHECK-SAME: : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
func.func @fused_attention_dot(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf32>, %v: tensor<?x6x?x64xf32>, %len: tensor<?xi32>) -> (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) {
  %0 = asr.fused_attention dot %q, %k, %v key_lengths %len {scale = 0.125 : f32} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?xi32>) -> tensor<?x6x?x64xf32>
  %1 = asr.fused_attention dot %q, %k, %v {scale = 0.125 : f32, causal} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> tensor<?x6x?x64xf32>
  return %0, %1 : tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>
}

// CHECK-LABEL: func.func @fused_attention_additive
// CHECK-SAME: ([[PQ:%[^:]+]]: tensor<?x1x128xf32>, [[PK:%[^:]+]]: tensor<?x?x128xf32>, [[H:%[^:]+]]: tensor<?x?x512xf32>, [[LEN:%[^:]+]]: tensor<?xi32>)
// CHECK: [[V:%.*]] = asr.weight "attention.v"
// CHECK: [[B:%.*]] = asr.weight "attention.bias"
// CHECK: [[O1:%.*]] = asr.fused_attention additive [[PQ]], [[PK]], [[H]] key_lengths [[LEN]] v [[V]] bias [[B]]
// CHECK-SAME: : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<?xi32>, tensor<128xf32>, tensor<128xf32>) -> tensor<?x1x512xf32>
// CHECK: [[O2:%[^,]+]], [[P2:%.*]] = asr.fused_attention additive [[PQ]], [[PK]], [[H]] key_lengths [[LEN]] v [[V]] {return_probs}
// CHECK-SAME: : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<?xi32>, tensor<128xf32>) -> (tensor<?x1x512xf32>, tensor<?x1x?xf32>)
// CHECK: return [[O1]], [[O2]], [[P2]]
func.func @fused_attention_additive(%pq: tensor<?x1x128xf32>, %pk: tensor<?x?x128xf32>, %h: tensor<?x?x512xf32>, %len: tensor<?xi32>) -> (tensor<?x1x512xf32>, tensor<?x1x512xf32>, tensor<?x1x?xf32>) {
  %v = asr.weight "attention.v" : tensor<128xf32>
  %b = asr.weight "attention.bias" : tensor<128xf32>
  %0 = asr.fused_attention additive %pq, %pk, %h key_lengths %len v %v bias %b : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<?xi32>, tensor<128xf32>, tensor<128xf32>) -> tensor<?x1x512xf32>
  %1:2 = asr.fused_attention additive %pq, %pk, %h key_lengths %len v %v {return_probs} : (tensor<?x1x128xf32>, tensor<?x?x128xf32>, tensor<?x?x512xf32>, tensor<?xi32>, tensor<128xf32>) -> (tensor<?x1x512xf32>, tensor<?x1x?xf32>)
  return %0, %1#0, %1#1 : tensor<?x1x512xf32>, tensor<?x1x512xf32>, tensor<?x1x?xf32>
}

// CHECK-LABEL: func.func @fused_attention_return_probs
// CHECK-SAME: ([[Q:%[^:]+]]: tensor<?x6x?x64xf32>, [[K:%[^:]+]]: tensor<?x6x?x64xf32>, [[V:%[^:]+]]: tensor<?x6x?x64xf32>)
// CHECK: [[O:%[^,]+]], [[P:%.*]] = asr.fused_attention dot [[Q]], [[K]], [[V]] {return_probs, scale = 1.250000e-01 : f32}
// CHECK-SAME: : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> (tensor<?x6x?x64xf32>, tensor<?x6x?x?xf32>)
// CHECK: return [[O]], [[P]]
func.func @fused_attention_return_probs(%q: tensor<?x6x?x64xf32>, %k: tensor<?x6x?x64xf32>, %v: tensor<?x6x?x64xf32>) -> (tensor<?x6x?x64xf32>, tensor<?x6x?x?xf32>) {
  %o, %p = asr.fused_attention dot %q, %k, %v {scale = 0.125 : f32, return_probs} : (tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>, tensor<?x6x?x64xf32>) -> (tensor<?x6x?x64xf32>, tensor<?x6x?x?xf32>)
  return %o, %p : tensor<?x6x?x64xf32>, tensor<?x6x?x?xf32>
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x6x64xf32>, [[T:%[^:]+]]: tensor<?x?xi32>)
// CHECK: asr.transpose [[X]] {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x?x6x64xf32>) -> tensor<?x6x?x64xf32>
// CHECK: asr.transpose [[T]] {perm = array<i64: 1, 0>} : (tensor<?x?xi32>) -> tensor<?x?xi32>
func.func @transpose(%x: tensor<?x?x6x64xf32>, %t: tensor<?x?xi32>) -> (tensor<?x6x?x64xf32>, tensor<?x?xi32>) {
  %0 = asr.transpose %x {perm = array<i64: 0, 2, 1, 3>} : (tensor<?x?x6x64xf32>) -> tensor<?x6x?x64xf32>
  %1 = asr.transpose %t {perm = array<i64: 1, 0>} : (tensor<?x?xi32>) -> tensor<?x?xi32>
  return %0, %1 : tensor<?x6x?x64xf32>, tensor<?x?xi32>
}

// Splitting and merging heads with copied (0) and inferred (-1) dims.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x384xf32>, [[H:%[^:]+]]: tensor<?x?x6x64xf32>, [[S:%[^:]+]]: tensor<2x100x384xf32>)
// CHECK: asr.reshape [[X]] {shape = array<i64: 0, 0, 6, 64>} : (tensor<?x?x384xf32>) -> tensor<?x?x6x64xf32>
// CHECK: asr.reshape [[H]] {shape = array<i64: 0, 0, -1>} : (tensor<?x?x6x64xf32>) -> tensor<?x?x384xf32>
// CHECK: asr.reshape [[S]] {shape = array<i64: 0, 0, 6, -1>} : (tensor<2x100x384xf32>) -> tensor<2x100x6x64xf32>
// CHECK: asr.reshape [[S]] {shape = array<i64: -1, 384>} : (tensor<2x100x384xf32>) -> tensor<200x384xf32>
func.func @reshape(%x: tensor<?x?x384xf32>, %h: tensor<?x?x6x64xf32>, %s: tensor<2x100x384xf32>) -> (tensor<?x?x6x64xf32>, tensor<?x?x384xf32>, tensor<2x100x6x64xf32>, tensor<200x384xf32>) {
  %0 = asr.reshape %x {shape = array<i64: 0, 0, 6, 64>} : (tensor<?x?x384xf32>) -> tensor<?x?x6x64xf32>
  %1 = asr.reshape %h {shape = array<i64: 0, 0, -1>} : (tensor<?x?x6x64xf32>) -> tensor<?x?x384xf32>
  %2 = asr.reshape %s {shape = array<i64: 0, 0, 6, -1>} : (tensor<2x100x384xf32>) -> tensor<2x100x6x64xf32>
  %3 = asr.reshape %s {shape = array<i64: -1, 384>} : (tensor<2x100x384xf32>) -> tensor<200x384xf32>
  return %0, %1, %2, %3 : tensor<?x?x6x64xf32>, tensor<?x?x384xf32>, tensor<2x100x6x64xf32>, tensor<200x384xf32>
}

// CHECK-LABEL: func.func @concat
// CHECK-SAME: ([[A:%[^:]+]]: tensor<?x64xf32>, [[B:%[^:]+]]: tensor<?x256xf32>, [[X:%[^:]+]]: tensor<?x?x384xf32>, [[C:%[^:]+]]: tensor<?x448x384xf32>)
// CHECK: asr.concat [[A]], [[B]] {axis = -1 : i64} : (tensor<?x64xf32>, tensor<?x256xf32>) -> tensor<?x320xf32>
// CHECK: asr.concat [[X]], [[C]], [[X]] {axis = 1 : i64}
// CHECK-SAME: : (tensor<?x?x384xf32>, tensor<?x448x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
func.func @concat(%a: tensor<?x64xf32>, %b: tensor<?x256xf32>, %x: tensor<?x?x384xf32>, %c: tensor<?x448x384xf32>) -> (tensor<?x320xf32>, tensor<?x?x384xf32>) {
  %0 = asr.concat %a, %b {axis = -1 : i64} : (tensor<?x64xf32>, tensor<?x256xf32>) -> tensor<?x320xf32>
  %1 = asr.concat %x, %c, %x {axis = 1 : i64} : (tensor<?x?x384xf32>, tensor<?x448x384xf32>, tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return %0, %1 : tensor<?x320xf32>, tensor<?x?x384xf32>
}

// The default end (-1) is elided; 101 frames with step 2 keep 51.
// CHECK-LABEL: func.func @slice
// CHECK-SAME: ([[X:%[^:]+]]: tensor<?x?x80xf32>, [[S:%[^:]+]]: tensor<?x101x80xf32>)
// CHECK: asr.slice [[X]] {axis = 1 : i64, start = 0 : i64, step = 2 : i64} : (tensor<?x?x80xf32>) -> tensor<?x?x80xf32>
// CHECK: asr.slice [[S]] {axis = 1 : i64, start = 0 : i64, step = 2 : i64} : (tensor<?x101x80xf32>) -> tensor<?x51x80xf32>
// CHECK: asr.slice [[S]] {axis = -1 : i64, end = 80 : i64, start = 40 : i64} : (tensor<?x101x80xf32>) -> tensor<?x101x40xf32>
func.func @slice(%x: tensor<?x?x80xf32>, %s: tensor<?x101x80xf32>) -> (tensor<?x?x80xf32>, tensor<?x51x80xf32>, tensor<?x101x40xf32>) {
  %0 = asr.slice %x {axis = 1 : i64, start = 0 : i64, end = -1 : i64, step = 2 : i64} : (tensor<?x?x80xf32>) -> tensor<?x?x80xf32>
  %1 = asr.slice %s {axis = 1 : i64, start = 0 : i64, step = 2 : i64} : (tensor<?x101x80xf32>) -> tensor<?x51x80xf32>
  %2 = asr.slice %s {axis = -1 : i64, start = 40 : i64, end = 80 : i64} : (tensor<?x101x80xf32>) -> tensor<?x101x40xf32>
  return %0, %1, %2 : tensor<?x?x80xf32>, tensor<?x51x80xf32>, tensor<?x101x40xf32>
}

// Appending one step to a float key cache (i32 positions) and to an i64
// token history.
// CHECK-LABEL: func.func @update_slice
// CHECK-SAME: ([[CACHE:%[^:]+]]: tensor<?x448x384xf32>, [[K:%[^:]+]]: tensor<?x1x384xf32>, [[POS:%[^:]+]]: tensor<?xi32>,
// CHECK-SAME: [[TOK:%[^:]+]]: tensor<?x448xi64>, [[T:%[^:]+]]: tensor<?x1xi64>, [[POS64:%[^:]+]]: tensor<?xi64>)
// CHECK: asr.update_slice [[CACHE]], [[K]], [[POS]]
// CHECK-SAME: : (tensor<?x448x384xf32>, tensor<?x1x384xf32>, tensor<?xi32>) -> tensor<?x448x384xf32>
// CHECK: asr.update_slice [[TOK]], [[T]], [[POS64]] : (tensor<?x448xi64>, tensor<?x1xi64>, tensor<?xi64>) -> tensor<?x448xi64>
func.func @update_slice(%cache: tensor<?x448x384xf32>, %k: tensor<?x1x384xf32>, %pos: tensor<?xi32>, %tok: tensor<?x448xi64>, %t: tensor<?x1xi64>, %pos64: tensor<?xi64>) -> (tensor<?x448x384xf32>, tensor<?x448xi64>) {
  %0 = asr.update_slice %cache, %k, %pos : (tensor<?x448x384xf32>, tensor<?x1x384xf32>, tensor<?xi32>) -> tensor<?x448x384xf32>
  %1 = asr.update_slice %tok, %t, %pos64 : (tensor<?x448xi64>, tensor<?x1xi64>, tensor<?xi64>) -> tensor<?x448xi64>
  return %0, %1 : tensor<?x448x384xf32>, tensor<?x448xi64>
}
