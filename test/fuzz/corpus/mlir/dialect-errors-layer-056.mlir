

func.func @batch_norm_variance_element_type(%x: tensor<?x?x144xf16>, %p: tensor<144xf16>, %v: tensor<144xf32>) {
  // expected-error @+1 {{element-type: operands must share one element type: expected 'f16', got 'f32'}}
  %0 = asr.batch_norm %x, %p, %v, %p, %p : (tensor<?x?x144xf16>, tensor<144xf16>, tensor<144xf32>, tensor<144xf16>, tensor<144xf16>) -> tensor<?x?x144xf16>
  return
}

