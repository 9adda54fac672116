

func.func @luong_attention_unknown_mode(%s: tensor<?x256xf32>, %h: tensor<?x?x256xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'mode' [dot, general]}}
  %0:2 = asr.luong_attention concat %s, %h : (tensor<?x256xf32>, tensor<?x?x256xf32>) -> (tensor<?x256xf32>, tensor<?x?xf32>)
  return
}

//===----------------------------------------------------------------------===//
// asr.content_attention
//===----------------------------------------------------------------------===//

