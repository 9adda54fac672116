// RUN: asr-opt %s -split-input-file -verify-diagnostics

// Shape rules of the layer-level ops without attention (weights,
// convolutions, linear, norms, recurrent layers, positions, embeddings,
// feed-forward): one case per (op, rule), named after what is wrong.

//===----------------------------------------------------------------------===//
// asr.weight
//===----------------------------------------------------------------------===//

func.func @weight_empty_key() {
  // expected-error @+1 {{weight-key: the weight name must not be empty}}
  %0 = asr.weight "" : tensor<384x80x3xf32>
  return
}

// -----

func.func @weight_unranked() {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<*xf32>'}}
  %0 = "asr.weight"() <{key = "encoder.conv1.weight"}> : () -> tensor<*xf32>
  return
}

// -----

// The custom syntax names a ranked type directly.
func.func @weight_unranked_custom_syntax() {
  // expected-error @+1 {{invalid kind of type specified}}
  %0 = asr.weight "encoder.conv1.weight" : tensor<*xf32>
  return
}

// -----

func.func @weight_f64() {
  // expected-error @+1 {{result #0 must be ranked tensor of}}
  %0 = asr.weight "encoder.conv1.weight" : tensor<384x80x3xf64>
  return
}

//===----------------------------------------------------------------------===//
// asr.conv1d
//===----------------------------------------------------------------------===//

// -----

func.func @conv1d_input_rank(%x: tensor<?x80xf32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{input-rank: input [batch, time, channels] must have rank 3: expected rank 3, got rank 2 [?, 80]}}
  %0 = asr.conv1d %x, %w : (tensor<?x80xf32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_weight_rank(%x: tensor<?x?x80xf32>, %w: tensor<384x80xf32>) {
  // expected-error @+1 {{weight-rank: weight [out, in/groups, kernel] must have rank 3: expected rank 3, got rank 2 [384, 80]}}
  %0 = asr.conv1d %x, %w : (tensor<?x?x80xf32>, tensor<384x80xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_weight_element_type(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.conv1d %x, %w : (tensor<?x?x80xf32>, tensor<384x80x3xf16>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_bias_element_type(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf32>, %b: tensor<384xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.conv1d %x, %w bias %b : (tensor<?x?x80xf32>, tensor<384x80x3xf32>, tensor<384xbf16>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_integer_input(%x: tensor<?x?x80xi32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<?x?x80xi32>'}}
  %0 = asr.conv1d %x, %w : (tensor<?x?x80xi32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_zero_stride(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{stride: stride must be > 0, got 0}}
  %0 = asr.conv1d %x, %w {stride = 0 : i64} : (tensor<?x?x80xf32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_negative_padding(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{padding: padding must be >= 0, got -1}}
  %0 = asr.conv1d %x, %w {padding = -1 : i64} : (tensor<?x?x80xf32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_zero_dilation(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{dilation: dilation must be > 0, got 0}}
  %0 = asr.conv1d %x, %w {dilation = 0 : i64} : (tensor<?x?x80xf32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_zero_groups(%x: tensor<?x?x144xf32>, %w: tensor<144x1x31xf32>) {
  // expected-error @+1 {{groups: groups must be > 0, got 0}}
  %0 = asr.conv1d %x, %w {groups = 0 : i64} : (tensor<?x?x144xf32>, tensor<144x1x31xf32>) -> tensor<?x?x144xf32>
  return
}

// -----

func.func @conv1d_input_channels_not_divisible_by_groups(%x: tensor<?x?x80xf32>, %w: tensor<384x20x3xf32>) {
  // expected-error @+1 {{groups: input channels must divide by groups: expected a multiple of 3, got 80}}
  %0 = asr.conv1d %x, %w {groups = 3 : i64} : (tensor<?x?x80xf32>, tensor<384x20x3xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_output_channels_not_divisible_by_groups(%x: tensor<?x?x144xf32>, %w: tensor<100x1x31xf32>) {
  // expected-error @+1 {{groups: weight dim 0 (output channels) must divide by groups: expected a multiple of 144, got 100}}
  %0 = asr.conv1d %x, %w {groups = 144 : i64} : (tensor<?x?x144xf32>, tensor<100x1x31xf32>) -> tensor<?x?x100xf32>
  return
}

// -----

func.func @conv1d_in_channels_mismatch(%x: tensor<?x?x80xf32>, %w: tensor<384x40x3xf32>) {
  // expected-error @+1 {{in-channels: weight dim 1 (input channels / groups): expected 80, got 40}}
  %0 = asr.conv1d %x, %w : (tensor<?x?x80xf32>, tensor<384x40x3xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_depthwise_in_channels_mismatch(%x: tensor<?x?x144xf32>, %w: tensor<144x2x31xf32>) {
  // expected-error @+1 {{in-channels: weight dim 1 (input channels / groups): expected 1, got 2}}
  %0 = asr.conv1d %x, %w {groups = 144 : i64} : (tensor<?x?x144xf32>, tensor<144x2x31xf32>) -> tensor<?x?x144xf32>
  return
}

// -----

func.func @conv1d_bias_size_mismatch(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf32>, %b: tensor<80xf32>) {
  // expected-error @+1 {{bias-size: bias size: expected 384, got 80}}
  %0 = asr.conv1d %x, %w bias %b : (tensor<?x?x80xf32>, tensor<384x80x3xf32>, tensor<80xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_bias_rank(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf32>, %b: tensor<1x384xf32>) {
  // expected-error @+1 {{bias-size: bias must have rank 1: expected rank 1, got rank 2 [1, 384]}}
  %0 = asr.conv1d %x, %w bias %b : (tensor<?x?x80xf32>, tensor<384x80x3xf32>, tensor<1x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_zero_kernel(%x: tensor<?x100x80xf32>, %w: tensor<384x80x0xf32>) {
  // expected-error @+1 {{kernel: weight dim 2 (kernel size) must be > 0, got 0}}
  %0 = asr.conv1d %x, %w : (tensor<?x100x80xf32>, tensor<384x80x0xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_input_shorter_than_kernel(%x: tensor<?x2x80xf32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{output-length: input of 2 frames is shorter than the kernel span: expected at least 3, got 2}}
  %0 = asr.conv1d %x, %w : (tensor<?x2x80xf32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @conv1d_wrong_output_length(%x: tensor<?x3000x80xf32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x1500x384xf32>', got 'tensor<?x3000x384xf32>'}}
  %0 = asr.conv1d %x, %w {stride = 2 : i64, padding = 1 : i64} : (tensor<?x3000x80xf32>, tensor<384x80x3xf32>) -> tensor<?x3000x384xf32>
  return
}

// -----

func.func @conv1d_wrong_result_element_type(%x: tensor<?x?x80xf32>, %w: tensor<384x80x3xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x384xf32>', got 'tensor<?x?x384xf16>'}}
  %0 = asr.conv1d %x, %w : (tensor<?x?x80xf32>, tensor<384x80x3xf32>) -> tensor<?x?x384xf16>
  return
}

//===----------------------------------------------------------------------===//
// asr.conv2d
//===----------------------------------------------------------------------===//

// -----

func.func @conv2d_input_rank(%x: tensor<?x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{input-rank: input [batch, channels, height, width] must have rank 4: expected rank 4, got rank 3 [?, ?, 80]}}
  %0 = asr.conv2d %x, %w : (tensor<?x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x39xf32>
  return
}

// -----

func.func @conv2d_weight_rank(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3xf32>) {
  // expected-error @+1 {{weight-rank: weight [out, in/groups, kh, kw] must have rank 4: expected rank 4, got rank 3 [144, 1, 3]}}
  %0 = asr.conv2d %x, %w : (tensor<?x1x?x80xf32>, tensor<144x1x3xf32>) -> tensor<?x144x?x39xf32>
  return
}

// -----

func.func @conv2d_weight_element_type(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.conv2d %x, %w : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf16>) -> tensor<?x144x?x78xf32>
  return
}

// -----

func.func @conv2d_bias_element_type(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>, %b: tensor<144xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.conv2d %x, %w bias %b : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>, tensor<144xf16>) -> tensor<?x144x?x78xf32>
  return
}

// -----

func.func @conv2d_stride_not_a_pair(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{stride: stride must be [height, width]: expected 2 values, got 1}}
  %0 = asr.conv2d %x, %w {stride = array<i64: 2>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x39xf32>
  return
}

// -----

func.func @conv2d_padding_not_a_pair(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{padding: padding must be [height, width]: expected 2 values, got 3}}
  %0 = asr.conv2d %x, %w {padding = array<i64: 1, 1, 1>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x80xf32>
  return
}

// -----

func.func @conv2d_dilation_not_a_pair(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{dilation: dilation must be [height, width]: expected 2 values, got 0}}
  %0 = asr.conv2d %x, %w {dilation = array<i64>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x78xf32>
  return
}

// -----

func.func @conv2d_zero_stride(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{stride: stride must be > 0, got 0}}
  %0 = asr.conv2d %x, %w {stride = array<i64: 2, 0>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x?xf32>
  return
}

// -----

func.func @conv2d_negative_padding(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{padding: padding must be >= 0, got -2}}
  %0 = asr.conv2d %x, %w {padding = array<i64: -2, 0>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x78xf32>
  return
}

// -----

func.func @conv2d_zero_dilation(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{dilation: dilation must be > 0, got 0}}
  %0 = asr.conv2d %x, %w {dilation = array<i64: 0, 1>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x78xf32>
  return
}

// -----

func.func @conv2d_input_channels_not_divisible_by_groups(%x: tensor<?x6x?x80xf32>, %w: tensor<8x2x3x3xf32>) {
  // expected-error @+1 {{groups: input channels must divide by groups: expected a multiple of 4, got 6}}
  %0 = asr.conv2d %x, %w {groups = 4 : i64} : (tensor<?x6x?x80xf32>, tensor<8x2x3x3xf32>) -> tensor<?x8x?x78xf32>
  return
}

// -----

func.func @conv2d_output_channels_not_divisible_by_groups(%x: tensor<?x4x?x80xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error @+1 {{groups: weight dim 0 (output channels) must divide by groups: expected a multiple of 4, got 6}}
  %0 = asr.conv2d %x, %w {groups = 4 : i64} : (tensor<?x4x?x80xf32>, tensor<6x1x3x3xf32>) -> tensor<?x6x?x78xf32>
  return
}

// -----

func.func @conv2d_in_channels_mismatch(%x: tensor<?x1x?x80xf32>, %w: tensor<144x144x3x3xf32>) {
  // expected-error @+1 {{in-channels: weight dim 1 (input channels / groups): expected 1, got 144}}
  %0 = asr.conv2d %x, %w : (tensor<?x1x?x80xf32>, tensor<144x144x3x3xf32>) -> tensor<?x144x?x78xf32>
  return
}

// -----

func.func @conv2d_bias_size_mismatch(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>, %b: tensor<80xf32>) {
  // expected-error @+1 {{bias-size: bias size: expected 144, got 80}}
  %0 = asr.conv2d %x, %w bias %b : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>, tensor<80xf32>) -> tensor<?x144x?x78xf32>
  return
}

// -----

func.func @conv2d_zero_kernel_width(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x0xf32>) {
  // expected-error @+1 {{kernel: weight dim 3 (kernel size) must be > 0, got 0}}
  %0 = asr.conv2d %x, %w : (tensor<?x1x?x80xf32>, tensor<144x1x3x0xf32>) -> tensor<?x144x?x?xf32>
  return
}

// -----

func.func @conv2d_features_shorter_than_kernel(%x: tensor<?x1x?x2xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{output-length: input dim 3 is shorter than the kernel span: expected at least 3, got 2}}
  %0 = asr.conv2d %x, %w : (tensor<?x1x?x2xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x?xf32>
  return
}

// -----

func.func @conv2d_wrong_output_width(%x: tensor<?x1x?x80xf32>, %w: tensor<144x1x3x3xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x144x?x39xf32>', got 'tensor<?x144x?x40xf32>'}}
  %0 = asr.conv2d %x, %w {stride = array<i64: 2, 2>} : (tensor<?x1x?x80xf32>, tensor<144x1x3x3xf32>) -> tensor<?x144x?x40xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.linear
//===----------------------------------------------------------------------===//

// -----

func.func @linear_scalar_input(%x: tensor<f32>, %w: tensor<1536x384xf32>) {
  // expected-error @+1 {{input-rank: input [..., in] must have rank >= 1: expected rank >= 1, got rank 0 []}}
  %0 = asr.linear %x, %w : (tensor<f32>, tensor<1536x384xf32>) -> tensor<1536xf32>
  return
}

// -----

func.func @linear_weight_rank(%x: tensor<?x?x384xf32>, %w: tensor<384xf32>) {
  // expected-error @+1 {{weight-rank: weight [out, in] must have rank 2: expected rank 2, got rank 1 [384]}}
  %0 = asr.linear %x, %w : (tensor<?x?x384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @linear_weight_element_type(%x: tensor<?x?x384xf32>, %w: tensor<1536x384xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.linear %x, %w : (tensor<?x?x384xf32>, tensor<1536x384xbf16>) -> tensor<?x?x1536xf32>
  return
}

// -----

func.func @linear_bias_element_type(%x: tensor<?x?x384xf32>, %w: tensor<1536x384xf32>, %b: tensor<1536xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.linear %x, %w bias %b : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<1536xf16>) -> tensor<?x?x1536xf32>
  return
}

// -----

func.func @linear_unranked_input(%x: tensor<*xf32>, %w: tensor<1536x384xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<*xf32>'}}
  %0 = asr.linear %x, %w : (tensor<*xf32>, tensor<1536x384xf32>) -> tensor<?x?x1536xf32>
  return
}

// -----

func.func @linear_integer_weight(%x: tensor<?x?x384xf32>, %w: tensor<1536x384xi32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1536x384xi32>'}}
  %0 = asr.linear %x, %w : (tensor<?x?x384xf32>, tensor<1536x384xi32>) -> tensor<?x?x1536xf32>
  return
}

// -----

func.func @linear_in_features_mismatch(%x: tensor<?x?x80xf32>, %w: tensor<384x40xf32>) {
  // expected-error @+1 {{in-features: weight dim 1 (in features) vs the input's last dim: expected 80, got 40}}
  %0 = asr.linear %x, %w : (tensor<?x?x80xf32>, tensor<384x40xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @linear_bias_size_mismatch(%x: tensor<?x?x384xf32>, %w: tensor<1536x384xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{bias-size: bias size: expected 1536, got 384}}
  %0 = asr.linear %x, %w bias %b : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384xf32>) -> tensor<?x?x1536xf32>
  return
}

// -----

func.func @linear_wrong_out_features(%x: tensor<?x?x384xf32>, %w: tensor<1536x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x1536xf32>', got 'tensor<?x?x384xf32>'}}
  %0 = asr.linear %x, %w : (tensor<?x?x384xf32>, tensor<1536x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @linear_wrong_result_rank(%x: tensor<?x?x384xf32>, %w: tensor<1536x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x1536xf32>', got 'tensor<?x1536xf32>'}}
  %0 = asr.linear %x, %w : (tensor<?x?x384xf32>, tensor<1536x384xf32>) -> tensor<?x1536xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.layer_norm, asr.batch_norm
//===----------------------------------------------------------------------===//

// -----

func.func @layer_norm_scalar_input(%x: tensor<f32>, %g: tensor<1xf32>) {
  // expected-error @+1 {{input-rank: input [..., features] must have rank >= 1: expected rank >= 1, got rank 0 []}}
  %0 = asr.layer_norm %x, %g, %g : (tensor<f32>, tensor<1xf32>, tensor<1xf32>) -> tensor<f32>
  return
}

// -----

func.func @layer_norm_gamma_element_type(%x: tensor<?x?x384xf32>, %g: tensor<384xbf16>, %b: tensor<384xf32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.layer_norm %x, %g, %b : (tensor<?x?x384xf32>, tensor<384xbf16>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @layer_norm_gamma_size_mismatch(%x: tensor<?x?x384xf32>, %g: tensor<512xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{param-size: gamma size: expected 384, got 512}}
  %0 = asr.layer_norm %x, %g, %b : (tensor<?x?x384xf32>, tensor<512xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @layer_norm_beta_rank(%x: tensor<?x?x384xf32>, %g: tensor<384xf32>, %b: tensor<1x384xf32>) {
  // expected-error @+1 {{param-size: beta must have rank 1: expected rank 1, got rank 2 [1, 384]}}
  %0 = asr.layer_norm %x, %g, %b : (tensor<?x?x384xf32>, tensor<384xf32>, tensor<1x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @layer_norm_wrong_result_type(%x: tensor<?x?x384xf32>, %g: tensor<384xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x384xf32>', got 'tensor<?x?x512xf32>'}}
  %0 = asr.layer_norm %x, %g, %b : (tensor<?x?x384xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x512xf32>
  return
}

// -----

func.func @batch_norm_scalar_input(%x: tensor<f32>, %p: tensor<1xf32>) {
  // expected-error @+1 {{input-rank: input [..., features] must have rank >= 1}}
  %0 = asr.batch_norm %x, %p, %p, %p, %p : (tensor<f32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<f32>
  return
}

// -----

func.func @batch_norm_variance_element_type(%x: tensor<?x?x144xf16>, %p: tensor<144xf16>, %v: tensor<144xf32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f16', got 'f32'}}
  %0 = asr.batch_norm %x, %p, %v, %p, %p : (tensor<?x?x144xf16>, tensor<144xf16>, tensor<144xf32>, tensor<144xf16>, tensor<144xf16>) -> tensor<?x?x144xf16>
  return
}

// -----

func.func @batch_norm_variance_size_mismatch(%x: tensor<?x?x144xf32>, %p: tensor<144xf32>, %v: tensor<288xf32>) {
  // expected-error @+1 {{param-size: variance size: expected 144, got 288}}
  %0 = asr.batch_norm %x, %p, %v, %p, %p : (tensor<?x?x144xf32>, tensor<144xf32>, tensor<288xf32>, tensor<144xf32>, tensor<144xf32>) -> tensor<?x?x144xf32>
  return
}

// -----

func.func @batch_norm_beta_size_mismatch(%x: tensor<?x?x144xf32>, %p: tensor<144xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{param-size: beta size: expected 144, got 1}}
  %0 = asr.batch_norm %x, %p, %p, %p, %b : (tensor<?x?x144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<1xf32>) -> tensor<?x?x144xf32>
  return
}

// -----

func.func @batch_norm_wrong_result_type(%x: tensor<?x?x144xf32>, %p: tensor<144xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x144xf32>', got 'tensor<?x144xf32>'}}
  %0 = asr.batch_norm %x, %p, %p, %p, %p : (tensor<?x?x144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>, tensor<144xf32>) -> tensor<?x144xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.lstm, asr.gru
//===----------------------------------------------------------------------===//

// -----

func.func @lstm_input_rank(%x: tensor<?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{input-rank: input [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 80]}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) : (tensor<?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @lstm_weight_element_type(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf16>, %whh: tensor<1024x256xf16>, %b: tensor<1024xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf16>, tensor<1024x256xf16>, tensor<1024xf16>, tensor<1024xf16>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @lstm_float_lengths(%x: tensor<?x?x80xf32>, %len: tensor<?xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?xf32>'}}
  %0 = asr.lstm %x lengths %len weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<?xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @lstm_lengths_batch_mismatch(%x: tensor<8x?x80xf32>, %len: tensor<4xi32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{lengths: lengths (one per utterance) size: expected 8, got 4}}
  %0 = asr.lstm %x lengths %len weights(%wih, %whh, %b, %b) : (tensor<8x?x80xf32>, tensor<4xi32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<8x?x256xf32>
  return
}

// -----

func.func @lstm_lengths_rank(%x: tensor<?x?x80xf32>, %len: tensor<?x1xi32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{lengths: lengths (one per utterance) must have rank 1: expected rank 1, got rank 2 [?, 1]}}
  %0 = asr.lstm %x lengths %len weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<?x1xi32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @lstm_three_weights(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{weight-count: forward weights must be (w_ih, w_hh, b_ih, b_hh): expected 4 tensors, got 3}}
  %0 = asr.lstm %x weights(%wih, %whh, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @lstm_no_weights(%x: tensor<?x?x80xf32>) {
  // expected-error @+1 {{weight-count: forward weights must be (w_ih, w_hh, b_ih, b_hh): expected 4 tensors, got 0}}
  %0 = asr.lstm %x weights() : (tensor<?x?x80xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @lstm_reverse_two_weights(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{weight-count: reverse weights must be (w_ih, w_hh, b_ih, b_hh): expected 4 tensors, got 2}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) reverse(%wih, %whh) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>) -> tensor<?x?x512xf32>
  return
}

// -----

func.func @lstm_w_ih_rank(%x: tensor<?x?x80xf32>, %wih: tensor<1024xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{weight-rank: forward w_ih [gates*hidden, in] must have rank 2: expected rank 2, got rank 1 [1024]}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @lstm_reverse_w_hh_rank(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %rwhh: tensor<4x256x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{weight-rank: reverse w_hh [gates*hidden, hidden] must have rank 2: expected rank 2, got rank 3 [4, 256, 256]}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) reverse(%wih, %rwhh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024x80xf32>, tensor<4x256x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x512xf32>
  return
}

// -----

func.func @lstm_dynamic_hidden_size(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x?xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{hidden-size: forward w_hh dim 1 (hidden size) must be static}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x?xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x?xf32>
  return
}

// -----

func.func @lstm_w_hh_gate_size(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{gate-size: forward w_hh dim 0 (4 x hidden): expected 1024, got 768}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<768x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @lstm_w_ih_gate_size(%x: tensor<?x?x80xf32>, %wih: tensor<512x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{gate-size: forward w_ih dim 0 (4 x hidden): expected 1024, got 512}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<512x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @lstm_in_features_mismatch(%x: tensor<?x?x80xf32>, %wih: tensor<1024x40xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{in-features: forward w_ih dim 1 (in features): expected 80, got 40}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x40xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @lstm_b_ih_size(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>, %bad: tensor<256xf32>) {
  // expected-error @+1 {{gate-size: forward b_ih size: expected 1024, got 256}}
  %0 = asr.lstm %x weights(%wih, %whh, %bad, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<256xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @lstm_b_hh_size(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>, %bad: tensor<768xf32>) {
  // expected-error @+1 {{gate-size: forward b_hh size: expected 1024, got 768}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %bad) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<768xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @lstm_reverse_in_features_mismatch(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %rwih: tensor<1024x40xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{in-features: reverse w_ih dim 1 (in features): expected 80, got 40}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) reverse(%rwih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024x40xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x512xf32>
  return
}

// -----

func.func @lstm_reverse_hidden_size_mismatch(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>, %rwih: tensor<512x80xf32>, %rwhh: tensor<512x128xf32>, %rb: tensor<512xf32>) {
  // expected-error @+1 {{hidden-size: reverse hidden size: expected 256, got 128}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) reverse(%rwih, %rwhh, %rb, %rb) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<512x80xf32>, tensor<512x128xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @lstm_bidirectional_result_not_doubled(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x512xf32>', got 'tensor<?x?x256xf32>'}}
  %0 = asr.lstm %x weights(%wih, %whh, %b, %b) reverse(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

// LSTM weights (4 gates) given to a GRU (3 gates).
func.func @gru_given_lstm_weights(%x: tensor<?x?x80xf32>, %wih: tensor<1024x80xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{gate-size: forward w_hh dim 0 (3 x hidden): expected 768, got 1024}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<1024x80xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @gru_lengths_batch_mismatch(%x: tensor<2x?x80xf32>, %len: tensor<3xi64>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>) {
  // expected-error @+1 {{lengths: lengths (one per utterance) size: expected 2, got 3}}
  %0 = asr.gru %x lengths %len weights(%wih, %whh, %b, %b) : (tensor<2x?x80xf32>, tensor<3xi64>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<2x?x256xf32>
  return
}

// -----

func.func @gru_reverse_five_weights(%x: tensor<?x?x80xf32>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>) {
  // expected-error @+1 {{weight-count: reverse weights must be (w_ih, w_hh, b_ih, b_hh): expected 4 tensors, got 5}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) reverse(%wih, %whh, %b, %b, %b) : (tensor<?x?x80xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x?x512xf32>
  return
}

// -----

func.func @gru_input_rank(%x: tensor<?x?x?x80xf32>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>) {
  // expected-error @+1 {{input-rank: input [batch, time, features] must have rank 3: expected rank 3, got rank 4 [?, ?, ?, 80]}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) : (tensor<?x?x?x80xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @gru_reverse_element_type(%x: tensor<?x?x80xf32>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>, %rb: tensor<768xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) reverse(%wih, %whh, %rb, %rb) : (tensor<?x?x80xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xbf16>, tensor<768xbf16>) -> tensor<?x?x512xf32>
  return
}

// -----

func.func @gru_w_ih_rank(%x: tensor<?x?x80xf32>, %wih: tensor<3x256x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>) {
  // expected-error @+1 {{weight-rank: forward w_ih [gates*hidden, in] must have rank 2: expected rank 2, got rank 3 [3, 256, 80]}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<3x256x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @gru_dynamic_hidden_size(%x: tensor<?x?x80xf32>, %wih: tensor<?x80xf32>, %whh: tensor<?x?xf32>, %b: tensor<?xf32>) {
  // expected-error @+1 {{hidden-size: forward w_hh dim 1 (hidden size) must be static}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) : (tensor<?x?x80xf32>, tensor<?x80xf32>, tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?x?xf32>
  return
}

// -----

func.func @gru_reverse_hidden_size_mismatch(%x: tensor<?x?x80xf32>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>, %rwih: tensor<384x80xf32>, %rwhh: tensor<384x128xf32>, %rb: tensor<384xf32>) {
  // expected-error @+1 {{hidden-size: reverse hidden size: expected 256, got 128}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) reverse(%rwih, %rwhh, %rb, %rb) : (tensor<?x?x80xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>, tensor<384x80xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @gru_in_features_mismatch(%x: tensor<?x?x40xf32>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>) {
  // expected-error @+1 {{in-features: forward w_ih dim 1 (in features): expected 40, got 80}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) : (tensor<?x?x40xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x?x256xf32>
  return
}

// -----

func.func @gru_wrong_time_dim(%x: tensor<?x100x80xf32>, %wih: tensor<768x80xf32>, %whh: tensor<768x256xf32>, %b: tensor<768xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x100x256xf32>', got 'tensor<?x50x256xf32>'}}
  %0 = asr.gru %x weights(%wih, %whh, %b, %b) : (tensor<?x100x80xf32>, tensor<768x80xf32>, tensor<768x256xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<?x50x256xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.lstm_cell, asr.gru_cell
//===----------------------------------------------------------------------===//

// -----

func.func @lstm_cell_input_rank(%x: tensor<?x1x320xf32>, %h: tensor<?x256xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{input-rank: input [batch, features] must have rank 2: expected rank 2, got rank 3 [?, 1, 320]}}
  %0:2 = asr.lstm_cell %x, %h, %h weights(%wih, %whh, %b, %b) : (tensor<?x1x320xf32>, tensor<?x256xf32>, tensor<?x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}

// -----

func.func @lstm_cell_state_element_type(%x: tensor<?x320xf32>, %h: tensor<?x256xf32>, %c: tensor<?x256xf16>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0:2 = asr.lstm_cell %x, %h, %c weights(%wih, %whh, %b, %b) : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x256xf16>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}

// -----

func.func @lstm_cell_w_hh_rank(%x: tensor<?x320xf32>, %h: tensor<?x256xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{weight-rank: cell w_hh [gates*hidden, hidden] must have rank 2: expected rank 2, got rank 1 [1024]}}
  %0:2 = asr.lstm_cell %x, %h, %h weights(%wih, %whh, %b, %b) : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x256xf32>, tensor<1024x320xf32>, tensor<1024xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}

// -----

func.func @lstm_cell_dynamic_hidden_size(%x: tensor<?x320xf32>, %h: tensor<?x?xf32>, %wih: tensor<?x320xf32>, %whh: tensor<?x?xf32>, %b: tensor<?xf32>) {
  // expected-error @+1 {{hidden-size: cell w_hh dim 1 (hidden size) must be static}}
  %0:2 = asr.lstm_cell %x, %h, %h weights(%wih, %whh, %b, %b) : (tensor<?x320xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x320xf32>, tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>)
  return
}

// -----

func.func @lstm_cell_gate_size(%x: tensor<?x320xf32>, %h: tensor<?x256xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>, %bad: tensor<1000xf32>) {
  // expected-error @+1 {{gate-size: cell b_hh size: expected 1024, got 1000}}
  %0:2 = asr.lstm_cell %x, %h, %h weights(%wih, %whh, %b, %bad) : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1000xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}

// -----

func.func @lstm_cell_in_features_mismatch(%x: tensor<?x64xf32>, %h: tensor<?x256xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{in-features: cell w_ih dim 1 (in features): expected 64, got 320}}
  %0:2 = asr.lstm_cell %x, %h, %h weights(%wih, %whh, %b, %b) : (tensor<?x64xf32>, tensor<?x256xf32>, tensor<?x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}

// -----

func.func @lstm_cell_state_rank(%x: tensor<?x320xf32>, %h: tensor<?x256xf32>, %c: tensor<?x1x256xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{state-rank: state [batch, hidden] must have rank 2: expected rank 2, got rank 3 [?, 1, 256]}}
  %0:2 = asr.lstm_cell %x, %h, %c weights(%wih, %whh, %b, %b) : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x1x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}

// -----

func.func @lstm_cell_state_batch_mismatch(%x: tensor<4x320xf32>, %h: tensor<4x256xf32>, %c: tensor<8x256xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{batch: state dim 0 (batch): expected 4, got 8}}
  %0:2 = asr.lstm_cell %x, %h, %c weights(%wih, %whh, %b, %b) : (tensor<4x320xf32>, tensor<4x256xf32>, tensor<8x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<4x256xf32>, tensor<4x256xf32>)
  return
}

// -----

func.func @lstm_cell_state_hidden_mismatch(%x: tensor<?x320xf32>, %h: tensor<?x512xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{hidden-size: state dim 1 (hidden): expected 256, got 512}}
  %0:2 = asr.lstm_cell %x, %h, %h weights(%wih, %whh, %b, %b) : (tensor<?x320xf32>, tensor<?x512xf32>, tensor<?x512xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x256xf32>)
  return
}

// -----

func.func @lstm_cell_wrong_cell_state_result(%x: tensor<?x320xf32>, %h: tensor<?x256xf32>, %wih: tensor<1024x320xf32>, %whh: tensor<1024x256xf32>, %b: tensor<1024xf32>) {
  // expected-error @+1 {{result-type: result #1: expected 'tensor<?x256xf32>', got 'tensor<?x1024xf32>'}}
  %0:2 = asr.lstm_cell %x, %h, %h weights(%wih, %whh, %b, %b) : (tensor<?x320xf32>, tensor<?x256xf32>, tensor<?x256xf32>, tensor<1024x320xf32>, tensor<1024x256xf32>, tensor<1024xf32>, tensor<1024xf32>) -> (tensor<?x256xf32>, tensor<?x1024xf32>)
  return
}

// -----

func.func @gru_cell_input_rank(%x: tensor<64xf32>, %h: tensor<?x128xf32>, %wih: tensor<384x64xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{input-rank: input [batch, features] must have rank 2: expected rank 2, got rank 1 [64]}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<64xf32>, tensor<?x128xf32>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
  return
}

// -----

func.func @gru_cell_given_lstm_weights(%x: tensor<?x64xf32>, %h: tensor<?x128xf32>, %wih: tensor<512x64xf32>, %whh: tensor<512x128xf32>, %b: tensor<512xf32>) {
  // expected-error @+1 {{gate-size: cell w_hh dim 0 (3 x hidden): expected 384, got 512}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<?x64xf32>, tensor<?x128xf32>, tensor<512x64xf32>, tensor<512x128xf32>, tensor<512xf32>, tensor<512xf32>) -> tensor<?x128xf32>
  return
}

// -----

func.func @gru_cell_state_batch_mismatch(%x: tensor<2x64xf32>, %h: tensor<3x128xf32>, %wih: tensor<384x64xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{batch: state dim 0 (batch): expected 2, got 3}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<2x64xf32>, tensor<3x128xf32>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<2x128xf32>
  return
}

// -----

func.func @gru_cell_weight_element_type(%x: tensor<?x64xbf16>, %h: tensor<?x128xbf16>, %wih: tensor<384x64xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'bf16', got 'f32'}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<?x64xbf16>, tensor<?x128xbf16>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xbf16>
  return
}

// -----

func.func @gru_cell_w_ih_rank(%x: tensor<?x64xf32>, %h: tensor<?x128xf32>, %wih: tensor<384xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{weight-rank: cell w_ih [gates*hidden, in] must have rank 2: expected rank 2, got rank 1 [384]}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<?x64xf32>, tensor<?x128xf32>, tensor<384xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
  return
}

// -----

func.func @gru_cell_dynamic_hidden_size(%x: tensor<?x64xf32>, %h: tensor<?x128xf32>, %wih: tensor<384x64xf32>, %whh: tensor<384x?xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{hidden-size: cell w_hh dim 1 (hidden size) must be static}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<?x64xf32>, tensor<?x128xf32>, tensor<384x64xf32>, tensor<384x?xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
  return
}

// -----

func.func @gru_cell_in_features_mismatch(%x: tensor<?x32xf32>, %h: tensor<?x128xf32>, %wih: tensor<384x64xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{in-features: cell w_ih dim 1 (in features): expected 32, got 64}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<?x32xf32>, tensor<?x128xf32>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
  return
}

// -----

func.func @gru_cell_state_rank(%x: tensor<?x64xf32>, %h: tensor<128xf32>, %wih: tensor<384x64xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{state-rank: state [batch, hidden] must have rank 2: expected rank 2, got rank 1 [128]}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<?x64xf32>, tensor<128xf32>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
  return
}

// -----

func.func @gru_cell_state_hidden_mismatch(%x: tensor<?x64xf32>, %h: tensor<?x256xf32>, %wih: tensor<384x64xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{hidden-size: state dim 1 (hidden): expected 128, got 256}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<?x64xf32>, tensor<?x256xf32>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<?x128xf32>
  return
}

// -----

func.func @gru_cell_wrong_result_batch(%x: tensor<2x64xf32>, %h: tensor<?x128xf32>, %wih: tensor<384x64xf32>, %whh: tensor<384x128xf32>, %b: tensor<384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<2x128xf32>', got 'tensor<4x128xf32>'}}
  %0 = asr.gru_cell %x, %h weights(%wih, %whh, %b, %b) : (tensor<2x64xf32>, tensor<?x128xf32>, tensor<384x64xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>) -> tensor<4x128xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.frame_concat, asr.subsample_lengths
//===----------------------------------------------------------------------===//

// -----

func.func @frame_concat_input_rank(%x: tensor<?x512xf32>) {
  // expected-error @+1 {{input-rank: input [batch, time, channels] must have rank 3: expected rank 3, got rank 2 [?, 512]}}
  %0 = asr.frame_concat %x {factor = 2 : i64} : (tensor<?x512xf32>) -> tensor<?x1024xf32>
  return
}

// -----

func.func @frame_concat_zero_factor(%x: tensor<?x?x512xf32>) {
  // expected-error @+1 {{factor: factor must be > 0, got 0}}
  %0 = asr.frame_concat %x {factor = 0 : i64} : (tensor<?x?x512xf32>) -> tensor<?x?x512xf32>
  return
}

// -----

func.func @frame_concat_channels_not_multiplied(%x: tensor<?x?x512xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x1024xf32>', got 'tensor<?x?x512xf32>'}}
  %0 = asr.frame_concat %x {factor = 2 : i64} : (tensor<?x?x512xf32>) -> tensor<?x?x512xf32>
  return
}

// -----

func.func @frame_concat_partial_group_kept(%x: tensor<4x101x512xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<4x50x1024xf32>', got 'tensor<4x51x1024xf32>'}}
  %0 = asr.frame_concat %x {factor = 2 : i64} : (tensor<4x101x512xf32>) -> tensor<4x51x1024xf32>
  return
}

// -----

func.func @frame_concat_missing_factor(%x: tensor<?x?x512xf32>) {
  // expected-error @+1 {{requires attribute 'factor'}}
  %0 = asr.frame_concat %x : (tensor<?x?x512xf32>) -> tensor<?x?x1024xf32>
  return
}

// -----

func.func @subsample_lengths_rank(%len: tensor<?x1xi32>) {
  // expected-error @+1 {{lengths-rank: lengths [batch] must have rank 1: expected rank 1, got rank 2 [?, 1]}}
  %0 = asr.subsample_lengths %len {kernel = 3 : i64, stride = 2 : i64} : tensor<?x1xi32>
  return
}

// -----

func.func @subsample_lengths_zero_kernel(%len: tensor<?xi32>) {
  // expected-error @+1 {{kernel: kernel must be > 0, got 0}}
  %0 = asr.subsample_lengths %len {kernel = 0 : i64} : tensor<?xi32>
  return
}

// -----

func.func @subsample_lengths_negative_stride(%len: tensor<?xi32>) {
  // expected-error @+1 {{stride: stride must be > 0, got -2}}
  %0 = asr.subsample_lengths %len {kernel = 3 : i64, stride = -2 : i64} : tensor<?xi32>
  return
}

// -----

func.func @subsample_lengths_negative_padding(%len: tensor<?xi32>) {
  // expected-error @+1 {{padding: padding must be >= 0, got -1}}
  %0 = asr.subsample_lengths %len {kernel = 3 : i64, padding = -1 : i64} : tensor<?xi32>
  return
}

// -----

func.func @subsample_lengths_zero_dilation(%len: tensor<?xi32>) {
  // expected-error @+1 {{dilation: dilation must be > 0, got 0}}
  %0 = asr.subsample_lengths %len {kernel = 3 : i64, dilation = 0 : i64} : tensor<?xi32>
  return
}

// -----

func.func @subsample_lengths_float(%len: tensor<?xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?xf32>'}}
  %0 = asr.subsample_lengths %len {kernel = 3 : i64} : tensor<?xf32>
  return
}

// -----

func.func @subsample_lengths_changes_type(%len: tensor<?xi32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "asr.subsample_lengths"(%len) {kernel = 3 : i64} : (tensor<?xi32>) -> tensor<?xi64>
  return
}

//===----------------------------------------------------------------------===//
// asr.sinusoidal_position, asr.learned_position, asr.embedding
//===----------------------------------------------------------------------===//

// -----

func.func @sinusoidal_position_input_rank(%x: tensor<?x384xf32>) {
  // expected-error @+1 {{input-rank: input [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 384]}}
  %0 = asr.sinusoidal_position interleaved %x : (tensor<?x384xf32>) -> tensor<?x384xf32>
  return
}

// -----

func.func @sinusoidal_position_odd_features(%x: tensor<?x?x385xf32>) {
  // expected-error @+1 {{even-features: the feature dim must be static and even: got [?, ?, 385]}}
  %0 = asr.sinusoidal_position concat %x : (tensor<?x?x385xf32>) -> tensor<?x?x385xf32>
  return
}

// -----

func.func @sinusoidal_position_dynamic_features(%x: tensor<?x?x?xf32>) {
  // expected-error @+1 {{even-features: the feature dim must be static and even: got [?, ?, ?]}}
  %0 = asr.sinusoidal_position interleaved %x : (tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  return
}

// -----

func.func @sinusoidal_position_offset_batch_mismatch(%x: tensor<4x1x384xf32>, %pos: tensor<5xi32>) {
  // expected-error @+1 {{offset: lengths (one per utterance) size: expected 4, got 5}}
  %0 = asr.sinusoidal_position interleaved %x offset %pos : (tensor<4x1x384xf32>, tensor<5xi32>) -> tensor<4x1x384xf32>
  return
}

// -----

func.func @sinusoidal_position_offset_rank(%x: tensor<?x1x384xf32>, %pos: tensor<i32>) {
  // expected-error @+1 {{offset: lengths (one per utterance) must have rank 1: expected rank 1, got rank 0 []}}
  %0 = asr.sinusoidal_position interleaved %x offset %pos : (tensor<?x1x384xf32>, tensor<i32>) -> tensor<?x1x384xf32>
  return
}

// -----

func.func @sinusoidal_position_wrong_result_type(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x384xf32>', got 'tensor<?x?x384xf16>'}}
  %0 = asr.sinusoidal_position interleaved %x : (tensor<?x?x384xf32>) -> tensor<?x?x384xf16>
  return
}

// -----

func.func @sinusoidal_position_unknown_style(%x: tensor<?x?x384xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'style' [interleaved, concat]}}
  %0 = asr.sinusoidal_position rotary %x : (tensor<?x?x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @learned_position_input_rank(%x: tensor<?x384xf32>, %t: tensor<448x384xf32>) {
  // expected-error @+1 {{input-rank: input [batch, time, features] must have rank 3: expected rank 3, got rank 2 [?, 384]}}
  %0 = asr.learned_position %x, %t : (tensor<?x384xf32>, tensor<448x384xf32>) -> tensor<?x384xf32>
  return
}

// -----

func.func @learned_position_table_rank(%x: tensor<?x?x384xf32>, %t: tensor<448x1x384xf32>) {
  // expected-error @+1 {{table-rank: table [positions, features] must have rank 2: expected rank 2, got rank 3 [448, 1, 384]}}
  %0 = asr.learned_position %x, %t : (tensor<?x?x384xf32>, tensor<448x1x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @learned_position_table_element_type(%x: tensor<?x?x384xf32>, %t: tensor<448x384xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.learned_position %x, %t : (tensor<?x?x384xf32>, tensor<448x384xf16>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @learned_position_features_mismatch(%x: tensor<?x?x384xf32>, %t: tensor<448x512xf32>) {
  // expected-error @+1 {{features: table dim 1 (features) vs the input's last dim: expected 384, got 512}}
  %0 = asr.learned_position %x, %t : (tensor<?x?x384xf32>, tensor<448x512xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @learned_position_more_frames_than_positions(%x: tensor<?x500x384xf32>, %t: tensor<448x384xf32>) {
  // expected-error @+1 {{max-positions: input has more frames than the table has positions: expected at most 448, got 500}}
  %0 = asr.learned_position %x, %t : (tensor<?x500x384xf32>, tensor<448x384xf32>) -> tensor<?x500x384xf32>
  return
}

// -----

func.func @learned_position_offset_batch_mismatch(%x: tensor<2x1x384xf32>, %t: tensor<448x384xf32>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{offset: lengths (one per utterance) size: expected 2, got 1}}
  %0 = asr.learned_position %x, %t offset %pos : (tensor<2x1x384xf32>, tensor<448x384xf32>, tensor<1xi32>) -> tensor<2x1x384xf32>
  return
}

// -----

func.func @learned_position_wrong_result_type(%x: tensor<?x1x384xf32>, %t: tensor<448x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x1x384xf32>', got 'tensor<?x448x384xf32>'}}
  %0 = asr.learned_position %x, %t : (tensor<?x1x384xf32>, tensor<448x384xf32>) -> tensor<?x448x384xf32>
  return
}

// -----

func.func @embedding_scalar_tokens(%tok: tensor<i32>, %t: tensor<51865x384xf32>) {
  // expected-error @+1 {{tokens-rank: tokens must have rank >= 1: expected rank >= 1, got rank 0 []}}
  %0 = asr.embedding %tok, %t : (tensor<i32>, tensor<51865x384xf32>) -> tensor<384xf32>
  return
}

// -----

func.func @embedding_table_rank(%tok: tensor<?x?xi32>, %t: tensor<51865xf32>) {
  // expected-error @+1 {{table-rank: table [vocabulary, features] must have rank 2: expected rank 2, got rank 1 [51865]}}
  %0 = asr.embedding %tok, %t : (tensor<?x?xi32>, tensor<51865xf32>) -> tensor<?x?x1xf32>
  return
}

// -----

func.func @embedding_float_tokens(%tok: tensor<?x?xf32>, %t: tensor<51865x384xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?x?xf32>'}}
  %0 = asr.embedding %tok, %t : (tensor<?x?xf32>, tensor<51865x384xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @embedding_wrong_result_features(%tok: tensor<?x?xi32>, %t: tensor<51865x384xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x384xf32>', got 'tensor<?x?x51865xf32>'}}
  %0 = asr.embedding %tok, %t : (tensor<?x?xi32>, tensor<51865x384xf32>) -> tensor<?x?x51865xf32>
  return
}

//===----------------------------------------------------------------------===//
// asr.feed_forward
//===----------------------------------------------------------------------===//

// -----

func.func @feed_forward_scalar_input(%x: tensor<f32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536xf32>) {
  // expected-error @+1 {{input-rank: input [..., features] must have rank >= 1: expected rank >= 1, got rank 0 []}}
  %0 = asr.feed_forward gelu %x, %w1, %w2 : (tensor<f32>, tensor<1536x384xf32>, tensor<384x1536xf32>) -> tensor<384xf32>
  return
}

// -----

func.func @feed_forward_w1_rank(%x: tensor<?x?x384xf32>, %w1: tensor<1536xf32>, %w2: tensor<384x1536xf32>) {
  // expected-error @+1 {{weight-rank: w1 [hidden, in] must have rank 2: expected rank 2, got rank 1 [1536]}}
  %0 = asr.feed_forward gelu %x, %w1, %w2 : (tensor<?x?x384xf32>, tensor<1536xf32>, tensor<384x1536xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @feed_forward_w2_rank(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536x1xf32>) {
  // expected-error @+1 {{weight-rank: w2 [out, hidden] must have rank 2: expected rank 2, got rank 3 [384, 1536, 1]}}
  %0 = asr.feed_forward gelu %x, %w1, %w2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384x1536x1xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @feed_forward_w2_element_type(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536xbf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'bf16'}}
  %0 = asr.feed_forward gelu %x, %w1, %w2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384x1536xbf16>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @feed_forward_b2_element_type(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536xf32>, %b2: tensor<384xf16>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f32', got 'f16'}}
  %0 = asr.feed_forward gelu %x, %w1, %w2 bias %b2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384x1536xf32>, tensor<384xf16>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @feed_forward_in_features_mismatch(%x: tensor<?x?x256xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536xf32>) {
  // expected-error @+1 {{in-features: w1 dim 1 (in features) vs the input's last dim: expected 256, got 384}}
  %0 = asr.feed_forward relu %x, %w1, %w2 : (tensor<?x?x256xf32>, tensor<1536x384xf32>, tensor<384x1536xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @feed_forward_hidden_size_mismatch(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x2048xf32>) {
  // expected-error @+1 {{hidden-size: w2 dim 1 vs w1 dim 0 (hidden size): expected 1536, got 2048}}
  %0 = asr.feed_forward relu %x, %w1, %w2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384x2048xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @feed_forward_b1_size_mismatch(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %b1: tensor<384xf32>, %w2: tensor<384x1536xf32>) {
  // expected-error @+1 {{bias-size: b1 size: expected 1536, got 384}}
  %0 = asr.feed_forward relu %x, %w1 bias %b1, %w2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384xf32>, tensor<384x1536xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @feed_forward_b2_size_mismatch(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536xf32>, %b2: tensor<1536xf32>) {
  // expected-error @+1 {{bias-size: b2 size: expected 384, got 1536}}
  %0 = asr.feed_forward relu %x, %w1, %w2 bias %b2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384x1536xf32>, tensor<1536xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @feed_forward_wrong_out_features(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<256x1536xf32>) {
  // expected-error @+1 {{result-type: result #0: expected 'tensor<?x?x256xf32>', got 'tensor<?x?x384xf32>'}}
  %0 = asr.feed_forward relu %x, %w1, %w2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<256x1536xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @feed_forward_unknown_activation(%x: tensor<?x?x384xf32>, %w1: tensor<1536x384xf32>, %w2: tensor<384x1536xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'activation' [relu, gelu, gelu_tanh, tanh, sigmoid, silu]}}
  %0 = asr.feed_forward swish %x, %w1, %w2 : (tensor<?x?x384xf32>, tensor<1536x384xf32>, tensor<384x1536xf32>) -> tensor<?x?x384xf32>
  return
}

// -----

func.func @weight_dynamic_dim() {
  // expected-error @+1 {{weight-shape: weights have static shapes: expected no '?' dims, got 'tensor<?x80xf32>'}}
  %0 = asr.weight "encoder.conv1.weight" : tensor<?x80xf32>
  return
}

// -----

func.func @frame_concat_shorter_than_factor(%x: tensor<2x3x512xf32>) {
  // expected-error @+1 {{output-length: fewer frames than one group of 4: expected at least 4, got 3}}
  %0 = asr.frame_concat %x {factor = 4 : i64} : (tensor<2x3x512xf32>) -> tensor<2x0x2048xf32>
  return
}
