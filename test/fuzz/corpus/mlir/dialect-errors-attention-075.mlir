

func.func @location_attention_wrong_alignment_length(%s: tensor<?x256xf32>, %h: tensor<?x100x512xf32>, %prev: tensor<?x?xf32>, %wq: tensor<128x256xf32>, %wk: tensor<128x512xf32>, %wf: tensor<128x32xf32>, %f: tensor<32x1x31xf32>, %v: tensor<128xf32>) {
  // expected-error @+1 {{result-type: result #1: expected 'tensor<?x100xf32>', got 'tensor<?x50xf32>'}}
  %0:2 = asr.location_attention %s, %h, %prev weights(%wq, %wk, %wf, %f, %v) : (tensor<?x256xf32>, tensor<?x100x512xf32>, tensor<?x?xf32>, tensor<128x256xf32>, tensor<128x512xf32>, tensor<128x32xf32>, tensor<32x1x31xf32>, tensor<128xf32>) -> (tensor<?x512xf32>, tensor<?x50xf32>)
  return
}

//===----------------------------------------------------------------------===//
// asr.luong_attention
//===----------------------------------------------------------------------===//

